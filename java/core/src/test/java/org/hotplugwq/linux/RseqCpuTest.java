package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

/** The rseq current-CPU path: it agrees with {@code sched_getcpu()} and falls back where glibc has no area. */
class RseqCpuTest {
    private static final int MIGRATIONS = 4_000;

    @Test
    void afterEveryForcedMigrationRseqAgreesWithSchedGetcpu() throws Exception {
        LinuxAssumptions.assumeLinux();
        assumeTrue(RseqCpu.isUsable(), RseqCpu::unusableReason);
        LinuxCpuPlatform platform = LinuxCpuPlatform.create();
        int[] cpus = LinuxAssumptions.assumeTwoUsableCpus(platform).stream().toArray();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] checked = new int[1];
        Thread t = new Thread(() -> {
            try {
                CpuPlatform.CpuReader reader = RseqCpu.forCurrentThread();
                assertThat(reader.isInline()).isTrue();
                int tid = ThreadIds.current();
                for (int i = 0; i < MIGRATIONS; i++) {
                    int cpu = cpus[i % cpus.length];
                    try {
                        platform.bindThread(tid, cpu); // sched_setaffinity moves us before it returns
                    } catch (AffinityException e) {
                        continue; // someone else's hotplug took it away: nothing to compare this round
                    }
                    int before = NativeCpu.currentCpu();
                    int rseq = reader.currentCpu();
                    int after = NativeCpu.currentCpu();
                    if (before == after) { // not migrated mid-comparison (a concurrent offline widens the mask)
                        assertThat(rseq).as("migration %d to cpu%d", i, cpu).isEqualTo(before);
                        checked[0]++;
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "rseq-migrations");
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(checked[0]).isGreaterThan(MIGRATIONS / 2);
    }

    @Test
    void theWorkerPathReadsRseqAndOtherThreadsKeepJni() {
        LinuxAssumptions.assumeLinux();
        assumeTrue(RseqCpu.isUsable(), RseqCpu::unusableReason);
        LinuxCpuPlatform platform = LinuxCpuPlatform.create();
        assertThat(platform.currentCpuPath()).isEqualTo(CurrentCpuPath.RSEQ);
        assertThat(platform.name()).isEqualTo("linux (rseq)");
        CpuPlatform.CpuReader reader = platform.threadCpuReader();
        assertThat(reader.isInline()).isTrue();
        assertThat(reader.currentCpu()).isBetween(0, platform.possibleCpus().last());
        assertThat(platform.currentCpu()).isBetween(0, platform.possibleCpus().last());
        assertThat(RseqCpu.mechanism()).isEqualTo(Runtime.version().feature() >= 22 ? "MemorySegment" : "Unsafe");
    }

    @Test
    void aVirtualThreadNeverReadsRseq() throws Exception {
        LinuxAssumptions.assumeLinux();
        assumeTrue(HotplugWqNative.isAvailable(), "needs the JNI library");
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads are JDK 21+");
        Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread v = (Thread) start.invoke(null, (Runnable) () -> {
            CpuPlatform.CpuReader reader = RseqCpu.forCurrentThread();
            seen.set(List.of(reader.isInline(), String.valueOf(RseqCpu.unusableReason()), reader.currentCpu()));
        });
        v.join();
        List<?> r = (List<?>) seen.get();
        assertThat(r.get(0)).isEqualTo(false);
        assertThat(r.get(1)).isEqualTo("virtual thread");
        assertThat((Integer) r.get(2)).isGreaterThanOrEqualTo(0);
    }

    /** {@code GLIBC_TUNABLES=glibc.pthread.rseq=0}: glibc registers no area, so JNI is preferred and workers use it. */
    @Test
    void withoutAnRseqAreaTheJniPathIsUsed() throws IOException, InterruptedException {
        LinuxAssumptions.assumeLinux();
        assumeTrue(HotplugWqNative.isAvailable(), "needs the JNI library");
        assumeTrue(RseqCpu.isUsable(), "rseq is not registered here even by default");
        ChildJvm child = ChildJvm.start(List.of("env", "GLIBC_TUNABLES=glibc.pthread.rseq=0"),
                System.getProperty("java.class.path"), List.of(), NoRseqMain.class);
        String line = child.readLine();
        assertThat(child.waitFor()).isZero();
        assertThat(line).startsWith("jni false ").contains("__rseq_size == 0").endsWith(" ok");
    }

    /** Prints the preferred path, whether the worker reader is rseq, why not, and "ok" when the CPU reads work. */
    public static final class NoRseqMain {
        public static void main(String[] args) {
            CpuPlatform.CpuReader reader = LinuxCpuPlatform.create().threadCpuReader();
            boolean ok = reader.currentCpu() >= 0 && CpuSet.of(reader.currentCpu()).cardinality() == 1;
            System.out.println(CurrentCpuPath.preferred().label() + " " + reader.isInline() + " "
                    + RseqCpu.unusableReason() + (ok ? " ok" : " BAD"));
        }
    }
}
