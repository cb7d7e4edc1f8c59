package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded storm of queue / queue-on / delayed / flush / flush-work / destroy operations interleaved with
 * simulated offline and online of random CPUs, under each policy. The seed is in every failure message;
 * rerun one with {@code -Dhotplugwq.test.seed=N}.
 */
class RandomizedWorkqueueTest {
    private static final int OPERATIONS = 12_000;
    private static final int CPUS = 4;

    /** One queuing of a work item ("a life"): what the ledger checks. */
    private static final class Life {
        final int id;
        final Work work;
        volatile boolean cancelled;

        Life(int id, Work work) {
            this.id = id;
            this.work = work;
        }
    }

    /** Work items remember their current life, so a reused item is counted per queuing. */
    private static final class TrackedWork extends Work {
        volatile int life;

        TrackedWork(WorkFunction fn) {
            super(fn);
        }
    }

    private static final class TrackedDelayedWork extends DelayedWork {
        volatile int life;

        TrackedDelayedWork(WorkFunction fn) {
            super(fn);
        }
    }

    private static int lifeOf(Work w) {
        return w instanceof TrackedWork ? ((TrackedWork) w).life : ((TrackedDelayedWork) w).life;
    }

    /** A workqueue under test and the lives queued on it (all, and since its last flush). */
    private static final class Target {
        final Workqueue wq;
        final List<Life> sinceFlush = new ArrayList<>();
        final List<Life> all = new ArrayList<>();

        Target(Workqueue wq) {
            this.wq = wq;
        }
    }

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void seededStorm_everyWorkRunsExactlyOnce_flushesAndDestroysKeepTheirPromises(HotplugPolicy policy) {
        long seed = Long.getLong("hotplugwq.test.seed", 0x5EEDL + policy.ordinal());
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(policy, seed), () -> "seed " + seed);
    }

    private void run(HotplugPolicy policy, long seed) {
        String ctx = policy.cliName() + " seed=" + seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        SimMachine m = new SimMachine(CPUS, seed);
        AtomicIntegerArray runs = new AtomicIntegerArray(OPERATIONS + 1);
        List<Life> ledger = new ArrayList<>();
        WorkFunction count = w -> runs.incrementAndGet(lifeOf(w));
        List<Thread> destroyedThreads = new ArrayList<>();
        try (WorkqueueSystem sys = m.system(policy)) {
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(sys.createWorkqueue("multi-0")));
            targets.add(new Target(sys.createWorkqueue("multi-1")));
            targets.add(new Target(sys.createSinglethreadWorkqueue("single")));
            int created = 0;
            int hotplugOps = 0;
            for (int op = 0; op < OPERATIONS; op++) {
                Target t = targets.get(rnd.nextInt(targets.size()));
                int dice = rnd.nextInt(100);
                if (dice < 40) { // queue_work on the current CPU, or queue_work_on an online one
                    Life w = newLife(ledger, new TrackedWork(count));
                    boolean queued = dice < 20 ? t.wq.queue(w.work) : t.wq.queueOn(randomOnline(rnd, sys), w.work);
                    assertThat(queued).as(ctx).isTrue();
                    t.sinceFlush.add(w);
                    t.all.add(w);
                } else if (dice < 55) { // delayed work, sometimes cancelled
                    Life w = newLife(ledger, new TrackedDelayedWork(count));
                    DelayedWork dw = (DelayedWork) w.work;
                    t.wq.queueDelayed(dw, rnd.nextInt(2_000), TimeUnit.MICROSECONDS);
                    t.all.add(w);
                    if (rnd.nextInt(4) == 0 && dw.cancel()) {
                        w.cancelled = true;
                    }
                } else if (dice < 65) { // flush_workqueue: all queued before it has finished
                    t.wq.flush();
                    for (Life w : t.sinceFlush) {
                        assertThat(w.cancelled || runs.get(w.id) == 1)
                                .as("%s: work %d queued before flush of %s had not run", ctx, w.id, t.wq.name())
                                .isTrue();
                    }
                    t.sinceFlush.clear();
                } else if (dice < 75) { // flush_work: afterwards it has run, or it was taken off its queue
                    if (!t.sinceFlush.isEmpty()) {
                        Life w = ledger.get(lifeOf(t.sinceFlush.get(rnd.nextInt(t.sinceFlush.size())).work));
                        if (t.wq.flushWork(w.work)) {
                            w.cancelled = true;
                        }
                        assertThat(w.cancelled || runs.get(w.id) == 1)
                                .as("%s: flushWork(%d) returned before it ran", ctx, w.id).isTrue();
                    }
                } else if (dice < 80) { // destroy a workqueue and make a fresh one
                    List<Thread> threads = workerThreads(t.wq, sys);
                    t.wq.destroy();
                    for (Life w : t.all) {
                        int r = runs.get(w.id);
                        assertThat(w.cancelled || r == 1)
                                .as("%s: destroy of %s returned with work %d run %d times", ctx, t.wq.name(), w.id, r)
                                .isTrue();
                    }
                    assertThat(sys.liveWorkerCount(t.wq)).as(ctx).isZero();
                    destroyedThreads.addAll(threads);
                    Workqueue fresh = t.wq.isSingleThreaded()
                            ? sys.createSinglethreadWorkqueue("single-" + created)
                            : sys.createWorkqueue("multi-" + (2 + created));
                    created++;
                    targets.set(targets.indexOf(t), new Target(fresh));
                } else if (dice < 84) { // hotplug a random CPU
                    int cpu = rnd.nextInt(CPUS);
                    if (m.platform.isOnline(cpu)) {
                        if (m.platform.onlineCpus().cardinality() > 1) {
                            m.offline(cpu);
                            hotplugOps++;
                        }
                    } else {
                        assertThat(m.online(cpu)).as(ctx).isTrue();
                        hotplugOps++;
                    }
                } else { // queue again an item that already ran: items are reusable
                    if (!t.all.isEmpty()) {
                        Life old = t.all.get(rnd.nextInt(t.all.size()));
                        if (old.work instanceof TrackedWork && lifeOf(old.work) == old.id
                                && runs.get(old.id) == 1 && !old.work.isPending()) {
                            Life again = new Life(ledger.size(), old.work);
                            ledger.add(again);
                            ((TrackedWork) old.work).life = again.id;
                            assertThat(t.wq.queue(old.work)).as(ctx).isTrue();
                            t.sinceFlush.add(again);
                            t.all.add(again);
                        }
                    }
                }
            }
            assertThat(hotplugOps).as(ctx).isGreaterThan(100);
            onlineAndDestroyAll(ctx, m, sys, targets, destroyedThreads);
        }
        assertEachRanOnceUnlessCancelled(ctx, ledger, runs);
        assertThat(destroyedThreads).as(ctx).noneMatch(Thread::isAlive);
    }

    private static void assertEachRanOnceUnlessCancelled(String ctx, List<Life> ledger, AtomicIntegerArray runs) {
        for (Life w : ledger) {
            int r = runs.get(w.id);
            if (w.cancelled) {
                assertThat(r).as("%s: cancelled work %d ran", ctx, w.id).isZero();
            } else {
                assertThat(r).as("%s: work %d ran %d times", ctx, w.id, r).isEqualTo(1);
            }
        }
    }

    /** Brings every CPU back, then flushes and destroys what is left. */
    private static void onlineAndDestroyAll(String ctx, SimMachine m, WorkqueueSystem sys, List<Target> targets,
                                            List<Thread> destroyedThreads) {
        for (int cpu = 0; cpu < CPUS; cpu++) {
            if (!m.platform.isOnline(cpu)) {
                assertThat(m.online(cpu)).isTrue();
            }
        }
        for (Target t : targets) {
            List<Thread> threads = workerThreads(t.wq, sys);
            t.wq.destroy();
            destroyedThreads.addAll(threads);
            assertThat(sys.liveWorkerCount(t.wq)).as(ctx).isZero();
        }
    }

    private static Life newLife(List<Life> ledger, Work work) {
        Life life = new Life(ledger.size(), work);
        ledger.add(life);
        if (work instanceof TrackedWork) {
            ((TrackedWork) work).life = life.id;
        } else {
            ((TrackedDelayedWork) work).life = life.id;
        }
        return life;
    }

    private static int randomOnline(SplittableRandom rnd, WorkqueueSystem sys) {
        CpuSet online = sys.onlineCpus();
        return online.nth(rnd.nextInt(online.cardinality()));
    }

    private static List<Thread> workerThreads(Workqueue wq, WorkqueueSystem sys) {
        List<Thread> threads = new ArrayList<>();
        if (wq.isSingleThreaded()) {
            threads.add(wq.workerThread(sys.singlethreadCpu()));
        } else {
            sys.populatedCpus().forEach(cpu -> threads.add(wq.workerThread(cpu)));
        }
        threads.removeIf(java.util.Objects::isNull);
        return threads;
    }
}
