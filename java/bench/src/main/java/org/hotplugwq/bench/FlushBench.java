package org.hotplugwq.bench;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code flush_workqueue()} latency on real CPUs (one pinned worker per allowed CPU), sampled.
 *
 * <ul>
 *   <li>{@code idle}: nothing queued; flush finds every populated queue empty and idle.</li>
 *   <li>{@code busy}: {@value #BUSY_PER_CPU} self-requeuing 1 µs works per CPU keep every queue busy, so a
 *       flush waits for up to that many works per CPU queued before it (and must not be livelocked by the
 *       ones queued after: S7).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FlushBench {
    static final int BUSY_PER_CPU = 16;

    @Param({"idle", "busy"})
    public String load;

    LinuxCpuPlatform platform;
    WorkqueueSystem system;
    Workqueue wq;
    volatile boolean running;

    @Setup(Level.Trial)
    public void setup() {
        platform = LinuxCpuPlatform.create();
        system = WorkqueueSystem.builder(platform).observer(r -> { }).build();
        wq = system.createWorkqueue("flush");
        running = true;
        if ("busy".equals(load)) {
            for (int cpu : platform.allowedCpus().toArray()) {
                int target = cpu;
                for (int i = 0; i < BUSY_PER_CPU; i++) {
                    wq.queueOn(target, new Work(w -> {
                        Spin.spin(1_000);
                        if (running) {
                            wq.queueOn(target, w);
                        }
                    }));
                }
            }
        } else if (!"idle".equals(load)) {
            throw new IllegalArgumentException("load must be idle or busy");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        running = false;
        system.close();
    }

    @Benchmark
    public void flush() {
        wq.flush();
    }
}
