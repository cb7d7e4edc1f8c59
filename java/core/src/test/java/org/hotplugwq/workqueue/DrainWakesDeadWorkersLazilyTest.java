package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;

/**
 * DRAIN's {@code CPU_DEAD} leaves the wakes of the dead CPU's sleeping workers to a worker of that CPU that is
 * running a work, or wakes one that wakes the rest: every one of them still exits (S3), and a
 * {@code CPU_UP_PREPARE} before then still keeps them (S4).
 */
class DrainWakesDeadWorkersLazilyTest {
    private static final int QUEUES = 6;

    private static void offline(WorkqueueSystem sys, SimulatedCpuPlatform cpus, int cpu) {
        sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, cpu);
        cpus.setOnline(cpu, false);
        assertThat(sys.onCpuAction(CpuAction.CPU_DEAD, cpu)).isEqualTo(NotifyResult.OK);
    }

    @Test
    void theSleepingWorkersExitOnceTheRunningOneReachesItsNextWork() throws InterruptedException {
        SimulatedCpuPlatform cpus = new SimulatedCpuPlatform(2, 1);
        try (WorkqueueSystem sys = WorkqueueSystem.builder(cpus).policy(HotplugPolicy.DRAIN).build()) {
            List<Workqueue> idle = new ArrayList<>();
            for (int i = 0; i < QUEUES; i++) {
                idle.add(sys.createWorkqueue("idle" + i));
            }
            Workqueue busy = sys.createWorkqueue("busy");
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            busy.queueOn(1, new Work(w -> {
                running.countDown();
                Uninterruptibly.await(release);
            }));
            busy.queueOn(1, new Work(w -> { }));
            running.await();
            List<Thread> threads = new ArrayList<>();
            idle.forEach(wq -> threads.add(wq.workerThread(1)));
            threads.add(sys.keventd().workerThread(1));

            offline(sys, cpus, 1);
            release.countDown();

            await().until(() -> threads.stream().noneMatch(Thread::isAlive));
            await().until(() -> busy.workerThread(1) == null);
            idle.forEach(wq -> assertThat(wq.workerThread(1)).isNull());
        }
    }

    @Test
    void withEveryWorkerAsleepOneIsWokenAndTheOthersFollow() {
        SimulatedCpuPlatform cpus = new SimulatedCpuPlatform(2, 1);
        try (WorkqueueSystem sys = WorkqueueSystem.builder(cpus).policy(HotplugPolicy.DRAIN).build()) {
            List<Workqueue> idle = new ArrayList<>();
            for (int i = 0; i < QUEUES; i++) {
                idle.add(sys.createWorkqueue("idle" + i));
            }
            List<Thread> threads = new ArrayList<>();
            idle.forEach(wq -> threads.add(wq.workerThread(1)));
            offline(sys, cpus, 1);
            await().until(() -> threads.stream().noneMatch(Thread::isAlive));

            cpus.setOnline(1, true); // and the next cycle still works
            sys.onCpuAction(CpuAction.CPU_UP_PREPARE, 1);
            sys.onCpuAction(CpuAction.CPU_ONLINE, 1);
            CountDownLatch ran = new CountDownLatch(QUEUES);
            idle.forEach(wq -> wq.queueOn(1, new Work(w -> ran.countDown())));
            Uninterruptibly.await(ran);
            idle.forEach(Workqueue::flush);
        }
    }
}
