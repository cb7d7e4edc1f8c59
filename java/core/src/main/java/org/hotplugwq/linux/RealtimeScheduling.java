package org.hotplugwq.linux;

/**
 * Real-time priority for the few threads whose wake-up latency is the measurement: the trace reader and the hotplug
 * bridge's thread under {@code --source trace} (README, "Hotplug events"). {@code SCHED_FIFO} with
 * {@code SCHED_RESET_ON_FORK}, so threads they create (a notifier creating workers) start at normal priority. The
 * kernel's RT throttling ({@code sched_rt_runtime_us}) still leaves normal threads their share.
 */
public final class RealtimeScheduling {
    private RealtimeScheduling() {
    }

    /** Puts the calling thread in {@code SCHED_FIFO} at {@code priority}; null when it worked, else why not. */
    public static String trySchedFifo(int priority) {
        try {
            return TraceCalls.realtime(priority);
        } catch (LinkageError e) {
            return "libc not loadable through JNA: " + e.getMessage();
        }
    }
}
