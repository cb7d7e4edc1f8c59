package org.hotplugwq.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the workqueue's {@code CPU_DEAD} callback takes with 1, 10³ or 10⁶ works pending on the dead
 * CPU's queue, for each {@link HotplugPolicy} (seed S2), on simulated CPUs.
 *
 * <p>Each invocation builds a fresh system on 2 virtual CPUs with one workqueue (besides keventd), blocks
 * cpu1's worker in a "plug" work, queues {@code pending} no-op works behind it, takes cpu1 offline and
 * times {@code onCpuAction(CPU_DEAD, 1)} alone. Policies whose callback must wait for the worker
 * (TAKEOVER's {@code kthread_stop}, DRAIN_SYNC's drain) get the plug released as the first thing of the
 * timed call, as the kernel's would find the running work finishing; DRAIN and REBIND release it after.
 *
 * <p>Two things keep the figure about the callback and not about its surroundings: the trial first runs
 * {@value #WARM_CYCLES} offline/online cycles of the same policy on an empty system, so the callback is
 * JIT-compiled as it is in a long-running process (a single-shot call is otherwise interpreted); and each
 * invocation busy-waits {@value #SETTLE_MILLIS} ms after queuing (sleeping instead lets the VM idle the vCPU,
 * and the timed call then starts cache-cold), so the background GC refinement and JIT
 * work that queuing 10⁶ works triggers on a 2-CPU box has ended before the timed call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CpuDeadBench {
    static final int WARM_CYCLES = 5_000;
    static final int SETTLE_MILLIS = 20;

    @Param({"DRAIN", "DRAIN_SYNC", "TAKEOVER", "REBIND"})
    public HotplugPolicy policy;

    @Param({"1", "1000", "1000000"})
    public int pending;

    private Work[] works;
    private SimulatedCpuPlatform cpus;
    private WorkqueueSystem system;
    private Workqueue wq;
    private CountDownLatch plug;
    private boolean releaseInside;

    @Setup(Level.Trial)
    public void allocate() {
        works = new Work[pending];
        for (int i = 0; i < pending; i++) {
            works[i] = new Work(w -> { });
        }
        releaseInside = policy == HotplugPolicy.TAKEOVER || policy == HotplugPolicy.DRAIN_SYNC;
        SimulatedCpuPlatform warmCpus = new SimulatedCpuPlatform(2, 2);
        try (WorkqueueSystem warm = WorkqueueSystem.builder(warmCpus).policy(policy).build()) {
            Workqueue w = warm.createWorkqueue("warm");
            Work one = new Work(x -> { });
            for (int i = 0; i < WARM_CYCLES; i++) {
                w.queueOn(1, one);
                warm.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 1);
                warmCpus.setOnline(1, false);
                warm.onCpuAction(CpuAction.CPU_DEAD, 1);
                warmCpus.setOnline(1, true);
                warm.onCpuAction(CpuAction.CPU_UP_PREPARE, 1);
                warm.onCpuAction(CpuAction.CPU_ONLINE, 1);
                w.flush();
            }
        }
    }

    @Setup(Level.Invocation)
    public void prepare() throws InterruptedException {
        cpus = new SimulatedCpuPlatform(2, 1);
        system = WorkqueueSystem.builder(cpus).policy(policy).build();
        wq = system.createWorkqueue("dead");
        CountDownLatch plugged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        plug = release;
        wq.queueOn(1, new Work(w -> {
            plugged.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        plugged.await();
        for (Work w : works) {
            if (!wq.queueOn(1, w)) {
                throw new IllegalStateException("work still pending from the last invocation");
            }
        }
        system.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 1);
        cpus.setOnline(1, false);
        Spin.spin(SETTLE_MILLIS * 1_000_000L); // busy, not asleep: a vCPU that slept comes back cache-cold
    }

    @Benchmark
    public Object cpuDead() {
        if (releaseInside) {
            plug.countDown();
        }
        return system.onCpuAction(CpuAction.CPU_DEAD, 1);
    }

    @TearDown(Level.Invocation)
    public void cleanUp() {
        plug.countDown();
        system.close(); // runs everything still queued (works are reused by the next invocation)
        system = null;
    }
}
