package org.hotplugwq.stress.load;

import org.hotplugwq.workqueue.HotplugPolicy;

/**
 * The names of the run's workqueues, so that each worker thread's name says policy, workqueue and CPU within the
 * 15 characters the kernel shows ({@code ps}, {@code perf}, tracefs): a two-letter policy code, the workqueue, and
 * the core's {@code /cpu} (README, {@code hotplugwq stress}: worker names). E.g. {@code ds-wq0/1023},
 * {@code tk-events/5}, {@code rb-single}, {@code dr-s1k/3} (short-lived workqueue 1k, base 36).
 */
public final class WorkerNames {
    private WorkerNames() {
    }

    /** {@code tk}, {@code dr}, {@code ds}, {@code rb}. */
    public static String code(HotplugPolicy policy) {
        return switch (policy) {
            case TAKEOVER -> "tk";
            case DRAIN -> "dr";
            case DRAIN_SYNC -> "ds";
            case REBIND -> "rb";
        };
    }

    /** The code of the policy named {@code name}; a name that is no policy's stands for itself. */
    static String codeOf(String name) {
        try {
            return code(HotplugPolicy.fromCliName(name));
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** keventd's workqueue of {@code policy}'s system ({@code WorkqueueSystem.Builder.keventdName}). */
    public static String keventd(HotplugPolicy policy) {
        return code(policy) + "-events";
    }

    /** The {@code index}th multi-threaded workqueue. */
    static String workqueue(String code, int index) {
        return code + "-wq" + index;
    }

    /** The single-threaded workqueue. */
    static String single(String code) {
        return code + "-single";
    }

    /** The {@code seq}th short-lived workqueue of the policy (in base 36: six characters last 2 billion). */
    static String shortlived(String code, int seq) {
        return code + "-s" + Integer.toString(seq, Character.MAX_RADIX);
    }
}
