package org.hotplugwq.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.linux.CurrentCpuPath;
import org.hotplugwq.linux.HotplugWqNative;
import org.hotplugwq.linux.LinuxCpuPlatform;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one "which CPU am I on" costs (README, Performance): glibc {@code sched_getcpu()} through the JNI fast path,
 * through JNA direct mapping (what the library falls back to), and through a JNA interface mapping (the
 * proxy-based JNA most code uses), plus {@code LinuxCpuPlatform.currentCpu()}, which is what the
 * workqueue core calls twice per executed work when an observer is set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CurrentCpuBench {

    /** The interface-mapped JNA binding: every call goes through a {@code java.lang.reflect.Proxy}. */
    public interface CLibrary extends Library {
        int sched_getcpu();
    }

    CLibrary proxied;
    LinuxCpuPlatform platform;

    @Setup(Level.Trial)
    public void setup() {
        HotplugWqNative.ensureAvailability(); // a JNI figure that silently measured JNA would be a lie
        proxied = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
        platform = LinuxCpuPlatform.create();
    }

    @Benchmark
    public int jni() {
        return CurrentCpuPath.JNI.currentCpu();
    }

    @Benchmark
    public int jnaDirect() {
        return CurrentCpuPath.JNA.currentCpu();
    }

    @Benchmark
    public int jnaInterface() {
        return proxied.sched_getcpu();
    }

    @Benchmark
    public int platformCurrentCpu() {
        return platform.currentCpu();
    }
}
