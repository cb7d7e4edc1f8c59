package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no observer a worker reads its CPU at a work's start only when the read is inline (rseq on Linux): then a
 * bound worker moved off its CPU behind its back counts each work it starts elsewhere, as it does for an observer.
 */
class InlineCpuReaderSelfDetectsWithoutAnObserverTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aBoundWorkerMovedBehindItsBackCountsEveryWorkItStartsElsewhere() {
        InlineReaderPlatform platform = new InlineReaderPlatform(new SimulatedCpuPlatform(2, 11));
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(platform).build()); // no observer
        Workqueue wq = sys.createWorkqueue("inline");
        for (int i = 0; i < 20; i++) {
            wq.queueOn(i % 2, new Work(w -> { }));
        }
        wq.flush();
        assertThat(sys.stats().offCpuSelfDetections()).as("every work started on its CPU").isZero();

        platform.sim.bindThread(wq.workerTid(1), 0); // moved: no hotplug event, the worker still BOUND
        CountDownLatch ran = new CountDownLatch(14);
        for (int i = 0; i < 7; i++) {
            wq.queueOn(1, new Work(w -> ran.countDown()));
            wq.queueOn(0, new Work(w -> ran.countDown()));
        }
        TestThreads.await(ran, "the 14 works"); // not a flush: its barrier, started off cpu1 too, would count
        assertThat(sys.stats().offCpuSelfDetections()).as("cpu1's works started on cpu0").isEqualTo(7);
    }

    /** The simulated machine, its per-thread reader claiming to be inline. */
    private static final class InlineReaderPlatform implements CpuPlatform {
        final SimulatedCpuPlatform sim;

        InlineReaderPlatform(SimulatedCpuPlatform sim) {
            this.sim = sim;
        }

        @Override
        public CpuReader threadCpuReader() {
            return new CpuReader() {
                @Override
                public int currentCpu() {
                    return sim.currentCpu();
                }

                @Override
                public boolean isInline() {
                    return true;
                }
            };
        }

        @Override
        public String name() {
            return "inline-reader " + sim.name();
        }

        @Override
        public int currentCpu() {
            return sim.currentCpu();
        }

        @Override
        public int currentThreadId() {
            return sim.currentThreadId();
        }

        @Override
        public void bindThread(int tid, int cpu) {
            sim.bindThread(tid, cpu);
        }

        @Override
        public void unbindThread(int tid) {
            sim.unbindThread(tid);
        }

        @Override
        public CpuSet threadAffinity(int tid) {
            return sim.threadAffinity(tid);
        }

        @Override
        public CpuSet possibleCpus() {
            return sim.possibleCpus();
        }

        @Override
        public CpuSet presentCpus() {
            return sim.presentCpus();
        }

        @Override
        public CpuSet onlineCpus() {
            return sim.onlineCpus();
        }

        @Override
        public CpuSet allowedCpus() {
            return sim.allowedCpus();
        }
    }
}
