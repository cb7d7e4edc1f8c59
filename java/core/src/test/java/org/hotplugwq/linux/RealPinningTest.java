package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real affinity on the real machine: needs Linux and at least two allowed online CPUs, else skipped.
 * Another process offlining a CPU mid-test breaks the affinity of the thread pinned to it; that is
 * detected (the thread's mask widened) and reported as an aborted test, not as a failure.
 */
@Tag("hardware")
class RealPinningTest {
    private static final int SAMPLES = 10_000;
    private static final long TIMEOUT_S = 60;

    private LinuxCpuPlatform platform;
    private CpuSet usable;

    @BeforeEach
    void realMachine() {
        LinuxAssumptions.assumeLinux();
        platform = LinuxCpuPlatform.create();
        usable = LinuxAssumptions.assumeTwoUsableCpus(platform);
    }

    @Test
    void aThreadBoundToEachAllowedCpuReportsThatCpuForEverySample() throws Exception {
        for (int cpu : usable.toArray()) {
            int seen = onFreshThread(() -> {
                int tid = platform.currentThreadId();
                bind(platform, tid, cpu);
                assertThat(platform.threadAffinity(tid)).isEqualTo(CpuSet.of(cpu));
                return consecutiveSamplesOn(platform, CurrentCpuPath.preferred(), tid, cpu);
            });
            assertThat(seen).as("samples on cpu%d", cpu).isEqualTo(SAMPLES);
        }
    }

    @Test
    void anotherThreadIsBoundByItsTid() throws Exception {
        for (int cpu : usable.toArray()) {
            CountDownLatch published = new CountDownLatch(1);
            CountDownLatch bound = new CountDownLatch(1);
            int[] tid = new int[1];
            FutureTask<Integer> target = new FutureTask<>(() -> {
                tid[0] = platform.currentThreadId();
                published.countDown();
                assertThat(bound.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
                return consecutiveSamplesOn(platform, CurrentCpuPath.preferred(), tid[0], cpu);
            });
            new Thread(target, "pin-target-" + cpu).start();
            assertThat(published.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

            bind(platform, tid[0], cpu);
            assertThat(platform.threadAffinity(tid[0])).isEqualTo(CpuSet.of(cpu));
            bound.countDown();

            assertThat(join(target)).as("samples on cpu%d", cpu).isEqualTo(SAMPLES);
        }
    }

    @Test
    void unbindingRestoresTheAllowedSet() throws Exception {
        int cpu = usable.last();
        CpuSet after = onFreshThread(() -> {
            int tid = platform.currentThreadId();
            CpuSet before = platform.threadAffinity(tid);
            bind(platform, tid, cpu);
            assertThat(platform.threadAffinity(tid)).isEqualTo(CpuSet.of(cpu)).isNotEqualTo(before);
            platform.unbindThread(tid);
            return platform.threadAffinity(tid);
        });
        // sched_getaffinity answers the mask ∩ active CPUs
        assertThat(after).isEqualTo(platform.allowedCpus().intersect(platform.onlineCpus()));
    }

    @Test
    void theAllowedSetIsTheProcesssNotThatOfAPinnedConstructingThread() throws Exception {
        int cpu = usable.first();
        CpuSet seen = onFreshThread(() -> {
            bind(platform, platform.currentThreadId(), cpu);
            return LinuxCpuPlatform.create().allowedCpus();
        });
        assertThat(seen).isEqualTo(platform.allowedCpus());
        assertThat(seen.containsAll(usable)).as("allowed %s covers %s", seen, usable).isTrue();
    }

    @Test
    void theJnaPathGivesTheSameAnswersAsJni() throws Exception {
        assumeTrue(HotplugWqNative.isAvailable(), () -> "JNI library not loaded: "
                + HotplugWqNative.unavailabilityCause());
        LinuxCpuPlatform jna = LinuxCpuPlatform.builder().currentCpuPath(CurrentCpuPath.JNA).build();
        LinuxCpuPlatform jni = LinuxCpuPlatform.builder().currentCpuPath(CurrentCpuPath.JNI).build();
        assertThat(jna.name()).isEqualTo("linux (jna)");
        assertThat(jni.name()).isEqualTo("linux (jni)");

        for (int cpu : usable.toArray()) {
            int[] counts = onFreshThread(() -> {
                int tid = jna.currentThreadId();
                bind(jna, tid, cpu);
                return new int[] {consecutiveSamplesOn(jna, CurrentCpuPath.JNA, tid, cpu),
                    consecutiveSamplesOn(jni, CurrentCpuPath.JNI, tid, cpu)};
            });
            assertThat(counts).as("jna, jni samples on cpu%d", cpu).containsExactly(SAMPLES, SAMPLES);
        }
    }

    /** Binds, or aborts the test when the CPU was offlined by someone else meanwhile. */
    private static void bind(LinuxCpuPlatform p, int tid, int cpu) {
        try {
            p.bindThread(tid, cpu);
        } catch (AffinityException e) {
            if (!p.sysfs().isOnline(cpu)) {
                abort("cpu" + cpu + " went offline during the test (another hotplug user); re-run");
            }
            throw e;
        }
    }

    /**
     * Samples {@code currentCpu()} until {@link #SAMPLES} consecutive answers were {@code cpu}, or the first one
     * that is not; returns how many matched. Aborts the test when the CPU went offline under us.
     */
    private static int consecutiveSamplesOn(LinuxCpuPlatform p, CurrentCpuPath path, int tid, int cpu) {
        assertThat(p.currentCpuPath()).isEqualTo(path);
        for (int i = 0; i < SAMPLES; i++) {
            int now = p.currentCpu();
            if (now != cpu) {
                CpuSet mask = p.threadAffinity(tid);
                if (!mask.equals(CpuSet.of(cpu)) || !p.sysfs().isOnline(cpu)) {
                    abort("cpu" + cpu + " was hotplugged during the test (thread mask now " + mask
                            + "): another hotplug user; re-run");
                }
                return i;
            }
        }
        return SAMPLES;
    }

    private static <T> T onFreshThread(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        new Thread(task, "pin-test").start();
        return join(task);
    }

    private static <T> T join(FutureTask<T> task) throws Exception {
        try {
            return task.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) { // rethrow assertion failures and aborts as they were thrown
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }
}
