package org.hotplugwq.workqueue;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of a {@link WorkqueueSystem} at one moment ({@link WorkqueueSystem#stats()}); every count is since
 * the system was built.
 *
 * @param workFailures     work functions that threw (each also went to the {@link WorkFailureHandler})
 * @param bindFailures     times pinning a worker to its CPU failed (it then ran unbound)
 * @param runDepthWarnings times {@code run_workqueue()} nested deeper than 3 (S11's warning)
 * @param takenOverWorks   works moved from a dead CPU's queue by {@link HotplugPolicy#TAKEOVER}
 * @param migrateSequence  {@code migrate_sequence}: bumped by every takeover (0 under the other policies)
 * @param droppedTimers    delayed works whose timer fired after their workqueue was destroyed, or so late in its
 *                         destroy that no worker was left to run them (dropped, pending bit cleared)
 * @param listCorruptions  workers that found their queue's list corrupt and stopped rather than run a list head
 *                         (always 0 unless the core has a bug)
 */
public record WorkqueueStats(long workFailures, long bindFailures, long runDepthWarnings, long takenOverWorks,
                             long migrateSequence, long droppedTimers, long listCorruptions) {

    /** The live counters behind the snapshot; each [V], bumped from any thread. */
    static final class Counters {
        final LongAdder workFailures = new LongAdder();
        final LongAdder bindFailures = new LongAdder();
        final LongAdder runDepthWarnings = new LongAdder();
        final LongAdder takenOver = new LongAdder();
        final LongAdder droppedTimers = new LongAdder();
        final LongAdder listCorruptions = new LongAdder();

        WorkqueueStats snapshot(HotplugStrategy strategy) {
            return new WorkqueueStats(workFailures.sum(), bindFailures.sum(), runDepthWarnings.sum(),
                    takenOver.sum(), strategy.flushSequence(), droppedTimers.sum(), listCorruptions.sum());
        }
    }
}
