package org.hotplugwq.cpu;

/**
 * What the workqueue core needs from the machine: which CPUs exist, which CPU the caller runs on, and
 * pinning threads to CPUs. Two implementations: Linux (JNA + the JNI fast path, real affinity) and
 * {@link SimulatedCpuPlatform} (virtual CPUs that behave as Linux does, for tests and 256–1024-CPU runs).
 *
 * <p>Threads are named by their Linux thread id ({@code gettid()}), as {@code sched_setaffinity} names
 * them; a thread learns its own id with {@link #currentThreadId()} and publishes it so that other threads
 * (the hotplug callback at {@code CPU_ONLINE}) can bind it.
 *
 * <p>Linux facts every implementation reproduces: offlining a CPU widens the affinity of the
 * threads pinned to it to all CPUs, and the mask is <em>not</em> narrowed again when the CPU returns:
 * only an explicit {@link #bindThread} re-pins it. Binding to a CPU that is not online fails.
 */
public interface CpuPlatform {

    /** Short description for reports: e.g. {@code "linux (jni)"} or {@code "simulated (8 cpus)"}. */
    String name();

    /** The CPU the calling thread is running on now ({@code smp_processor_id()}, {@code sched_getcpu()}). */
    int currentCpu();

    /** The calling thread's Linux thread id ({@code gettid()}), or a stable synthetic id when simulated. */
    int currentThreadId();

    /**
     * Pins thread {@code tid} to exactly {@code cpu} ({@code kthread_bind}, {@code set_cpus_allowed}).
     *
     * @throws AffinityException when the CPU is not online, outside the process's allowed CPUs, or the
     *     thread does not exist
     */
    void bindThread(int tid, int cpu);

    /** Lets thread {@code tid} run on every CPU the process is allowed ({@link #allowedCpus()}). */
    void unbindThread(int tid);

    /** The CPUs thread {@code tid} may run on now ({@code sched_getaffinity}). */
    CpuSet threadAffinity(int tid);

    /** {@code cpu_possible_map}: every CPU that can ever be online. */
    CpuSet possibleCpus();

    /** {@code cpu_present_map}: CPUs physically present. */
    CpuSet presentCpus();

    /** {@code cpu_online_map} as the machine sees it now. */
    CpuSet onlineCpus();

    /** The CPUs this process may run on (its cpuset / initial affinity). */
    CpuSet allowedCpus();
}
