package org.hotplugwq.workqueue;

/**
 * Worker thread names as the kernel can show them: Linux keeps 15 characters of a thread's name
 * ({@code TASK_COMM_LEN} - 1), so {@code ps}, {@code perf} and tracefs would cut {@code drain-sync-wq0/1} to
 * {@code drain-sync-wq0/} and lose the CPU. Here the workqueue's name is cut instead, never the CPU (README,
 * {@code hotplugwq stress}: worker names).
 */
final class ThreadNames {
    /** What the kernel keeps of a thread's name. */
    static final int KERNEL_MAX = 15;

    private ThreadNames() {
    }

    /** {@code name/cpu} in at most {@link #KERNEL_MAX} characters; {@code cpu < 0}: a single-threaded worker. */
    static String worker(String name, int cpu) {
        String suffix = cpu < 0 ? "" : "/" + cpu;
        int keep = Math.max(0, KERNEL_MAX - suffix.length());
        return (name.length() > keep ? name.substring(0, keep) : name) + suffix;
    }
}
