package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The intrusive lists stay sound while the same works are queued on one CPU after another and taken off again
 * by {@code flush_work()} and cancel. A {@code flush_work()} that trusted a stale {@code get_wq_data()} once
 * unlinked a work half-way into another CPU's list under the wrong lock, and a worker then ran a list head
 * forever (README, "Where this differs from the seed"). Before the fix this test found a corrupt list, and list
 * heads run, within about 5 s on a 2-CPU machine: many more threads than CPUs, so that a producer is now and
 * then preempted inside the insert.
 */
class ListLinkageRaceTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration BUDGET = Duration.ofSeconds(8);
    private static final int CPUS = 4;
    private static final int THREADS = 16;

    @RegisterExtension
    final TestResources res = new TestResources();

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @Test
    void worksRequeuedAcrossCpusWhileFlushWorkAndCancelTakeThemOffLeaveEveryListSound() {
        SimMachine m = new SimMachine(CPUS, 7);
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .failureHandler((wq, cpu, work, failure) -> {
                    failures.incrementAndGet(); // no log line: a worker running a list head fails in a loop
                    firstFailure.compareAndSet(null, failure);
                }).build()));
        Workqueue wq = sys.createWorkqueue("linkage");
        AtomicInteger ran = new AtomicInteger();
        List<Work> works = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            works.add(new Work(w -> ran.incrementAndGet()));
        }
        for (int i = 0; i < 2; i++) {
            works.add(new DelayedWork(w -> ran.incrementAndGet()));
        }
        AtomicBoolean stop = new AtomicBoolean();
        res.onTeardown(() -> stop.set(true));
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(t);
            racers.add(res.run("racer-" + t, () -> race(wq, works, random, stop)));
        }
        long deadline = System.nanoTime() + BUDGET.toNanos();
        await().atMost(BUDGET.plus(LIMIT)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.nanoTime() - deadline >= 0 || defect(wq) != null || failures.get() > 0);
        String defect = defect(wq);
        stop.set(true);
        assertThat(defect).as("a list after %d runs", ran.get()).isNull();
        assertThat(failures).as("works that threw (a list head run: %s)", firstFailure.get()).hasValue(0);
        racers.forEach(r -> TestThreads.get(r, "a racer"));

        await().atMost(LIMIT).until(() -> sys.armedTimers() == 0);
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(defect(wq)).isNull();
        for (int cpu = 0; cpu < CPUS; cpu++) {
            assertThat(wq.pendingCount(cpu)).isZero();
        }
        assertThat(works).noneMatch(Work::isPending);
        assertThat(ran.get()).isPositive();
        assertThat(sys.stats().listCorruptions()).isZero();
    }

    /** Queues a random work on a random CPU, then takes a random work off with cancel and flush_work; again. */
    private static void race(Workqueue wq, List<Work> works, SplittableRandom random, AtomicBoolean stop) {
        while (!stop.get()) {
            Work w = works.get(random.nextInt(works.size()));
            int cpu = random.nextInt(CPUS);
            if (w instanceof DelayedWork dw) {
                wq.queueDelayedOn(cpu, dw, random.nextInt(2) * 20_000L, TimeUnit.NANOSECONDS);
            } else {
                wq.queueOn(cpu, w);
            }
            Work v = works.get(random.nextInt(works.size()));
            if (v instanceof DelayedWork dv) {
                dv.cancel();
            }
            wq.flushWork(v);
        }
    }

    private static String defect(Workqueue wq) {
        for (int cpu = 0; cpu < CPUS; cpu++) {
            String defect = wq.cpuQueue(cpu).listDefect();
            if (defect != null) {
                return defect;
            }
        }
        return null;
    }
}
