package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bind/unbind decisions, with the affinity syscalls faked so that each errno can be provoked. */
class LinuxCpuPlatformBindTest {
    private static final AffinityRetryPolicy FAST =
            new AffinityRetryPolicy(5, Duration.ofNanos(1_000), Duration.ofNanos(10_000));

    @TempDir
    Path dir;

    /** Fails the next set() calls with the queued errnos, then succeeds, recording each mask it was given. */
    static final class ScriptedCalls implements AffinityCalls {
        final Deque<Integer> errnos = new ArrayDeque<>();
        final List<CpuSet> sets = new ArrayList<>();

        ScriptedCalls failing(int errno, int times) {
            for (int i = 0; i < times; i++) {
                errnos.add(errno);
            }
            return this;
        }

        @Override
        public void set(int tid, CpuSet cpus) {
            sets.add(cpus);
            Integer errno = errnos.poll();
            if (errno != null) {
                throw new ErrnoException("sched_setaffinity(" + tid + ", " + cpus + ")", errno);
            }
        }

        @Override
        public CpuSet get(int tid) {
            return sets.isEmpty() ? CpuSet.range(0, 3) : sets.get(sets.size() - 1);
        }
    }

    private LinuxCpuPlatform platform(FakeSysfs fs, ScriptedCalls calls, CpuSet allowed) {
        return LinuxCpuPlatform.builder().sysfs(fs.reader()).affinityCalls(calls).allowedCpus(allowed)
                .retryPolicy(FAST).currentCpuPath(CurrentCpuPath.JNA).build();
    }

    @Test
    void einvalJustAfterAnOnlineIsRetriedAndCounted() {
        ScriptedCalls calls = new ScriptedCalls().failing(Errno.EINVAL, 2);
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4), calls, CpuSet.range(0, 3));

        p.bindThread(4242, 2);

        assertThat(calls.sets).containsExactly(CpuSet.of(2), CpuSet.of(2), CpuSet.of(2));
        assertThat(p.affinityRetries()).isEqualTo(2);
        p.bindThread(4242, 1);
        assertThat(p.affinityRetries()).isEqualTo(2);
    }

    @Test
    void retriesAreBoundedThenTheFailureSaysSo() {
        ScriptedCalls calls = new ScriptedCalls().failing(Errno.EINVAL, 100);
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4), calls, CpuSet.range(0, 3));

        assertThatThrownBy(() -> p.bindThread(4242, 3))
                .isInstanceOf(AffinityException.class)
                .hasMessageContaining("cpu3")
                .hasMessageContaining("after 5 retries")
                .hasMessageContaining("EINVAL")
                .satisfies(e -> assertThat(((AffinityException) e).cpu()).isEqualTo(3))
                .cause().isInstanceOf(ErrnoException.class);
        assertThat(calls.sets).hasSize(6);
        assertThat(p.affinityRetries()).isEqualTo(5);
    }

    @Test
    void anOfflineCpuIsNotRetried() {
        ScriptedCalls calls = new ScriptedCalls().failing(Errno.EINVAL, 100);
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4).setOnline(2, false), calls, CpuSet.range(0, 3));

        assertThatThrownBy(() -> p.bindThread(4242, 2))
                .isInstanceOf(AffinityException.class)
                .hasMessageContaining("cpu2 is offline");
        assertThat(calls.sets).hasSize(1);
        assertThat(p.affinityRetries()).isZero();
    }

    @Test
    void aCpuOutsideTheCpusetIsRefusedWithoutASyscall() {
        ScriptedCalls calls = new ScriptedCalls();
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4), calls, CpuSet.of(0, 1));

        assertThatThrownBy(() -> p.bindThread(4242, 3))
                .isInstanceOf(AffinityException.class)
                .hasMessage("cannot pin thread 4242 to cpu3: it is outside this process's allowed CPUs 0-1"
                        + " (its cpuset or affinity, e.g. from taskset)");
        assertThatThrownBy(() -> p.bindThread(4242, 9)).hasMessageContaining("not a possible CPU (possible: 0-3)");
        assertThatThrownBy(() -> p.bindThread(4242, -1)).hasMessageContaining("not a possible CPU");
        assertThat(calls.sets).isEmpty();
    }

    @Test
    void errnoOfOtherFailuresIsNamedInTheMessage() {
        ScriptedCalls calls = new ScriptedCalls().failing(Errno.ESRCH, 1).failing(Errno.EPERM, 1);
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4), calls, CpuSet.range(0, 3));

        assertThatThrownBy(() -> p.bindThread(7, 1)).hasMessageContaining("no such thread")
                .hasMessageContaining("ESRCH (No such process)");
        assertThatThrownBy(() -> p.bindThread(7, 1)).hasMessageContaining("not permitted")
                .hasMessageContaining("EPERM");
        assertThat(p.affinityRetries()).isZero();
    }

    @Test
    void unbindGivesBackTheWholeAllowedSetEvenItsOfflineCpus() {
        ScriptedCalls calls = new ScriptedCalls();
        LinuxCpuPlatform p = platform(FakeSysfs.machine(dir, 4).setOnline(3, false), calls, CpuSet.range(0, 3));

        p.bindThread(11, 1);
        p.unbindThread(11);

        assertThat(calls.sets).containsExactly(CpuSet.of(1), CpuSet.range(0, 3));
        assertThat(p.threadAffinity(11)).isEqualTo(CpuSet.range(0, 3));
    }

    @Test
    void topologyComesFromTheConfiguredSysfsRoot() {
        FakeSysfs fs = FakeSysfs.machine(dir, 4).write("possible", "0-1023").setOnline(2, false);
        LinuxCpuPlatform p = platform(fs, new ScriptedCalls(), CpuSet.range(0, 3));

        assertThat(p.possibleCpus()).isEqualTo(CpuSet.range(0, 1023));
        assertThat(p.maskLayout().byteSize()).isEqualTo(128);
        assertThat(p.presentCpus()).isEqualTo(CpuSet.range(0, 3));
        assertThat(p.onlineCpus()).isEqualTo(CpuSet.of(0, 1, 3));
        assertThat(p.allowedCpus()).isEqualTo(CpuSet.range(0, 3));
        assertThat(p.name()).isEqualTo("linux (jna)");
    }

    @Test
    void procStatusCpusAllowedIsParsed(@TempDir Path tmp) throws Exception {
        Path status = tmp.resolve("status");
        java.nio.file.Files.writeString(status, "Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1,4\n");
        assertThat(LinuxCpuPlatform.procStatusCpusAllowed(status)).isEqualTo(CpuSet.of(0, 1, 4));
        assertThat(LinuxCpuPlatform.procStatusCpusAllowed(tmp.resolve("missing"))).isEqualTo(CpuSet.EMPTY);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        AffinityRetryPolicy p = new AffinityRetryPolicy(8, Duration.ofNanos(100), Duration.ofNanos(1000));
        assertThat(p.backoffNanos(0)).isEqualTo(100);
        assertThat(p.backoffNanos(3)).isEqualTo(800);
        assertThat(p.backoffNanos(4)).isEqualTo(1000);
        assertThat(p.backoffNanos(70)).isEqualTo(1000);
        assertThatThrownBy(() -> new AffinityRetryPolicy(-1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
