package org.hotplugwq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.linux.LinuxCpuPlatform;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queue→execute with no observer: the path JFR must leave alone when no recording is on (README, "JFR events").
 * One producer on cpu0 queues a ring of reusable works on cpu1's worker; an op is one work queued and, up to the
 * ring, executed. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must stay at 0 bytes per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class QueueExecuteBench {
    static final int RING = 1024;

    final LongAdder executed = new LongAdder();
    WorkqueueSystem system;
    Workqueue wq;
    Work[] works;
    int next;
    long queued;
    int cpu;

    @Setup(Level.Trial)
    public void setup() {
        LinuxCpuPlatform platform = LinuxCpuPlatform.create();
        int[] cpus = platform.allowedCpus().toArray();
        platform.bindThread(platform.currentThreadId(), cpus[0]);
        cpu = cpus[cpus.length - 1];
        system = WorkqueueSystem.builder(platform).build();
        wq = system.createWorkqueue("bench");
        works = new Work[RING];
        for (int i = 0; i < RING; i++) {
            works[i] = new Work(w -> executed.increment());
        }
    }

    @Benchmark
    public void queueExecute() {
        Work w = works[next];
        next = (next + 1) & (RING - 1);
        queued++;
        while (!wq.queueOn(cpu, w)) { // still pending: the worker is a ring behind
            LockSupport.parkNanos(1_000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        wq.flush();
        if (executed.sum() != queued) {
            throw new IllegalStateException("queued " + queued + " works but " + executed.sum() + " ran");
        }
        system.close();
    }
}
