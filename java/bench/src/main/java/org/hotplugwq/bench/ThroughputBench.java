package org.hotplugwq.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.cpu.CpuPlatform;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Queue→execute throughput: our workqueue against {@link ThreadPoolExecutor} (over a
 * {@link LinkedBlockingQueue}) and {@link ForkJoinPool}, in the same run, with the same number of threads
 * (one per allowed CPU), the same producers and the same tasks.
 *
 * <ul>
 *   <li>Producers: one JMH thread per allowed CPU ({@code Threads.MAX} = {@code availableProcessors()}, which
 *       honours the process's affinity), each pinned to its own CPU. The workqueue queues on the producer's
 *       CPU ({@code queue_work}); the baselines submit to their shared pool.</li>
 *   <li>Tasks: each producer owns a ring of {@value #RING} reusable tasks. An op queues the next one; if it
 *       is still pending (the consumers are behind), the producer backs off until it is not. So an op is one
 *       task queued <em>and</em> (up to the bounded ring) executed: a consumer-bound, steady-state rate.</li>
 *   <li>Per-task CPU sampling is on for all three: the workqueue has an {@code ExecutionObserver} set (the
 *       core then samples the CPU at start and end and stamps three clocks); the baselines' task does the
 *       same reads around the same body and reports to the same {@link Sampling} counters.</li>
 *   <li>Work: {@code workNanos = 0} is a no-op, {@code 1000} a 1 µs busy wait.</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per op by every thread of
 * the JVM (producers and consumers), i.e. per queue→execute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(Threads.MAX)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ThroughputBench {
    static final int RING = 1024;

    @Param({"0", "1000"})
    public long workNanos;

    LinuxCpuPlatform platform;
    int[] cpus;
    final Sampling sampling = new Sampling();
    final List<Producer> producers = new CopyOnWriteArrayList<>();

    WorkqueueSystem system;
    Workqueue wq;
    ThreadPoolExecutor tpe;
    ForkJoinPool fjp;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        platform = LinuxCpuPlatform.create();
        cpus = platform.allowedCpus().toArray();
        int n = cpus.length;
        String method = params.getBenchmark();
        if (method.endsWith(".workqueue")) {
            system = WorkqueueSystem.builder(platform).observer(sampling).build();
            wq = system.createWorkqueue("bench");
        } else if (method.endsWith(".threadPoolExecutor")) {
            tpe = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            tpe.prestartAllCoreThreads();
        } else if (method.endsWith(".forkJoinPool")) {
            fjp = new ForkJoinPool(n);
        } else {
            throw new IllegalStateException("unknown benchmark " + method);
        }
    }

    /** Lets the backlog (at most one ring per producer) run out, so iterations do not bleed into each other. */
    @TearDown(Level.Iteration)
    public void quiesce() throws InterruptedException {
        if (wq != null) {
            wq.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sampling.executed.sum() < queued() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** Tasks queued so far (read between iterations, when the producers are quiet). */
    long queued() {
        long n = 0;
        for (Producer p : producers) {
            n += p.count;
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        quiesce();
        long done = sampling.executed.sum();
        if (done != queued()) {
            throw new IllegalStateException("queued " + queued() + " tasks but " + done + " ran");
        }
        if (system != null) {
            system.close();
        }
        if (tpe != null) {
            tpe.shutdown();
            tpe.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (fjp != null) {
            fjp.shutdown();
            fjp.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A baseline task: the same body and the same sampling as a workqueue {@link Work} with an observer. */
    static final class Task implements Runnable {
        final CpuPlatform platform;
        final Sampling sampling;
        final long workNanos;
        final int queueCpu;
        volatile boolean pending;
        long queuedNanos; // stamped at submit, as the core does when an observer is set
        long latencySink;

        Task(CpuPlatform platform, Sampling sampling, long workNanos, int queueCpu) {
            this.platform = platform;
            this.sampling = sampling;
            this.workNanos = workNanos;
            this.queueCpu = queueCpu;
        }

        @Override
        public void run() {
            pending = false; // work_release(): may be submitted again from here on
            long start = System.nanoTime();
            int startCpu = platform.currentCpu();
            Spin.spin(workNanos);
            int endCpu = platform.currentCpu();
            long end = System.nanoTime();
            latencySink += end - start + start - queuedNanos;
            sampling.record(queueCpu, startCpu, endCpu);
        }
    }

    /** One producer: pinned to its CPU, with its own ring of reusable tasks. */
    @State(Scope.Thread)
    public static class Producer {
        int cpu;
        Work[] works;
        Task[] tasks;
        int next;
        long count;

        @Setup(Level.Trial)
        public void setup(ThroughputBench b, ThreadParams threads) {
            b.producers.add(this);
            cpu = b.cpus[threads.getThreadIndex() % b.cpus.length];
            b.platform.bindThread(b.platform.currentThreadId(), cpu);
            long nanos = b.workNanos;
            works = new Work[RING];
            tasks = new Task[RING];
            for (int i = 0; i < RING; i++) {
                works[i] = new Work(w -> Spin.spin(nanos));
                tasks[i] = new Task(b.platform, b.sampling, nanos, cpu);
            }
        }

        Work nextWork() {
            int i = next;
            next = (i + 1) & (RING - 1);
            count++;
            return works[i];
        }

        Task nextTask() {
            int i = next;
            next = (i + 1) & (RING - 1);
            count++;
            Task t = tasks[i];
            for (int spins = 0; t.pending; spins++) {
                backOff(spins);
            }
            t.pending = true;
            t.queuedNanos = System.nanoTime();
            return t;
        }
    }

    /**
     * A producer whose next task is still pending (the consumers are behind) yields twice, then sleeps 20 µs at
     * a time: a producer spinning in {@code yield()} would steal the CPU from the very consumer it waits for
     * (the workqueue's worker shares the producer's CPU by design; the pools' workers share the same 2 CPUs).
     */
    static void backOff(int spins) {
        if (spins < 2) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000);
        }
    }

    @Benchmark
    public void workqueue(Producer p) {
        Work w = p.nextWork();
        for (int spins = 0; !wq.queue(w); spins++) {
            backOff(spins);
        }
    }

    @Benchmark
    public void threadPoolExecutor(Producer p) {
        tpe.execute(p.nextTask());
    }

    @Benchmark
    public void forkJoinPool(Producer p) {
        fjp.execute(p.nextTask());
    }
}
