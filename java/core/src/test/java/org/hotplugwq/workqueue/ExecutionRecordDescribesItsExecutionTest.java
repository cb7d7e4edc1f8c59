package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An {@link ExecutionRecord} describes the execution it reports, even when the work is queued again while it runs:
 * what the record takes from the queuing (queue CPU, queuing time, stranded, moved by takeover) is captured before
 * the worker releases the pending bit, after which a new queuing overwrites it.
 */
class ExecutionRecordDescribesItsExecutionTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    /** Pauses the first worker of "rec/0" that samples its start CPU once armed, until released. */
    private static final class PausingPlatform implements CpuPlatform {
        final SimulatedCpuPlatform sim = new SimulatedCpuPlatform(2, 7);
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override public String name() { return "pausing " + sim.name(); }
        @Override public int currentCpu() {
            if (Thread.currentThread().getName().equals("rec/0") && armed.compareAndSet(true, false)) {
                paused.countDown();
                TestThreads.await(release, "the test's re-queue");
            }
            return sim.currentCpu();
        }
        @Override public int currentThreadId() { return sim.currentThreadId(); }
        @Override public void bindThread(int tid, int cpu) { sim.bindThread(tid, cpu); }
        @Override public void unbindThread(int tid) { sim.unbindThread(tid); }
        @Override public CpuSet threadAffinity(int tid) { return sim.threadAffinity(tid); }
        @Override public CpuSet possibleCpus() { return sim.possibleCpus(); }
        @Override public CpuSet presentCpus() { return sim.presentCpus(); }
        @Override public CpuSet onlineCpus() { return sim.onlineCpus(); }
        @Override public CpuSet allowedCpus() { return sim.allowedCpus(); }
    }

    private record Seen(Work work, int queueCpu, int startCpu, WorkerState state, boolean stranded,
                        boolean queuedBeforeStart) { }

    @Test
    void aWorkQueuedAgainWhileItStartsIsReportedAsItWasQueuedForThisRun() throws Exception {
        PausingPlatform platform = new PausingPlatform();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(platform).policy(HotplugPolicy.TAKEOVER)
                .observer(r -> seen.add(new Seen(r.work(), r.queueCpu(), r.startCpu(), r.state(), r.stranded(),
                        r.queuedNanos() <= r.startNanos())))
                .build());
        Workqueue wq = sys.createWorkqueue("rec");
        CountDownLatch blocking = new CountDownLatch(1);
        Worker cpu1Worker = wq.cpuQueue(1).worker;
        Work blocker = new Work(w -> { // returns once CPU_DEAD stops its worker: x is left for takeover
            blocking.countDown();
            await().atMost(LIMIT).until(() -> cpu1Worker.stopNow);
        });
        Work x = new Work(w -> { });
        wq.queueOn(1, blocker);
        wq.queueOn(1, x); // behind the blocker: takeover will move it to cpu0
        TestThreads.await(blocking, "the blocker started");
        platform.armed.set(true); // cpu0's worker pauses when it samples x's start CPU
        CompletableFuture<Void> offline = res.run("offline", () -> {
            sys.onCpuAction(org.hotplugwq.cpu.CpuAction.CPU_DOWN_PREPARE, 1);
            platform.sim.setOnline(1, false);
            sys.onCpuAction(org.hotplugwq.cpu.CpuAction.CPU_DEAD, 1); // stops cpu1's worker, moves x to cpu0
        });
        TestThreads.await(platform.paused, "cpu0's worker starting x");
        TestThreads.get(offline, "CPU_DEAD");
        assertThat(wq.queueOn(0, x)).as("x's pending bit is released: it can be queued again").isTrue();
        platform.release.countDown();
        await().atMost(LIMIT).until(() -> seen.stream().filter(s -> s.work() == x).count() == 2);
        List<Seen> runs = seen.stream().filter(s -> s.work() == x).toList();
        assertThat(runs.get(0)).as("the run takeover moved")
                .isEqualTo(new Seen(x, 1, 0, WorkerState.MOVED_BY_TAKEOVER, false, true));
        assertThat(runs.get(1)).as("the run queued on cpu0 while the first started")
                .isEqualTo(new Seen(x, 0, 0, WorkerState.BOUND, false, true));
    }
}
