package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link HotplugPolicy#DRAIN}, the seed: {@code CPU_DEAD} sets {@code should_stop} and wakes the worker, and
 * returns at once (S2); the worker, its affinity broken, runs the rest of its list unbound and exits when it is
 * empty (S3). A {@code CPU_UP_PREPARE} before then keeps the thread (S4).
 *
 * <p>The wakes are the callback's whole cost (README, Performance): a woken worker that preempts the callback's
 * thread to exit costs it tens of µs each. So the callback wakes none when one of the CPU's workers is running a
 * work (that worker wakes the sleeping ones at its next work boundary), else one, which wakes the others.
 */
final class DrainStrategy implements HotplugStrategy {
    private final List<Worker> asleep = new ArrayList<>(); // [H]
    private final List<Worker> running = new ArrayList<>(); // [H]

    @Override
    public boolean cpuGone(CpuWorkqueue cwq) {
        Worker w = cwq.markStoppingWakeLater(running);
        if (w != null) {
            asleep.add(w);
        }
        return false;
    }

    @Override
    public void callbackDone() {
        try {
            if (asleep.isEmpty()) {
                return;
            }
            List<Worker> toWake = new ArrayList<>(asleep);
            for (Worker r : running) {
                if (r.cwq.handWakesTo(r, toWake, true)) {
                    return;
                }
            }
            for (int i = 0; i < toWake.size(); i++) { // wake one; it wakes the rest
                Worker first = toWake.get(i);
                List<Worker> rest = toWake.subList(i + 1, toWake.size());
                if (rest.isEmpty() || first.cwq.handWakesTo(first, new ArrayList<>(rest), false)) {
                    LockSupport.unpark(first.thread);
                    return;
                } // else it has left already (a spurious wake found its list empty): the next one, then
            }
        } finally {
            asleep.clear();
            running.clear();
        }
    }
}
