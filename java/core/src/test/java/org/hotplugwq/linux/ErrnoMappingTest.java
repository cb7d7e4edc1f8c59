package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.Test;

class ErrnoMappingTest {
    /** Above the kernel's pid_max limit (4194304), so never a live thread. */
    private static final int NO_SUCH_TID = 0x3fffffff;

    @Test
    void namesAndTextsOfTheErrnosWeMeet() {
        assertThat(Errno.name(Errno.EINVAL)).isEqualTo("EINVAL");
        assertThat(Errno.name(3)).isEqualTo("ESRCH");
        assertThat(Errno.name(1)).isEqualTo("EPERM");
        assertThat(Errno.name(16)).isEqualTo("EBUSY");
        assertThat(Errno.name(97)).isEqualTo("EAFNOSUPPORT");
        assertThat(Errno.name(4000)).isEqualTo("errno 4000");
        assertThat(Errno.description(Errno.EAGAIN)).isEqualTo("Resource temporarily unavailable");
        assertThat(Errno.description(4000)).isEqualTo("Unknown error 4000");
    }

    @Test
    void anErrnoExceptionCarriesTheCallAndTheName() {
        ErrnoException e = new ErrnoException("sched_setaffinity(12, 3)", Errno.EINVAL);

        assertThat(e.call()).isEqualTo("sched_setaffinity(12, 3)");
        assertThat(e.errno()).isEqualTo(22);
        assertThat(e.errnoName()).isEqualTo("EINVAL");
        assertThat(e).hasMessage("sched_setaffinity(12, 3): EINVAL (Invalid argument)");
    }

    @Test
    void realSyscallsMapTheirErrno() {
        LinuxAssumptions.assumeLinux();
        SchedAffinity calls = new SchedAffinity(CpuMaskLayout.forPossible(CpuSysfs.system().possible()));

        assertThatThrownBy(() -> calls.get(NO_SUCH_TID)).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.errnoName()).isEqualTo("ESRCH");
            assertThat(e.call()).isEqualTo("sched_getaffinity(" + NO_SUCH_TID + ")");
        });
        assertThatThrownBy(() -> calls.set(0, CpuSet.EMPTY)).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void thePlatformWrapsThemInAffinityExceptions() {
        LinuxAssumptions.assumeLinux();
        LinuxCpuPlatform p = LinuxCpuPlatform.create();
        int cpu = p.allowedCpus().first();

        assertThatThrownBy(() -> p.bindThread(NO_SUCH_TID, cpu)).isInstanceOf(AffinityException.class)
                .hasMessageContaining("no such thread")
                .cause().isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
        assertThatThrownBy(() -> p.threadAffinity(NO_SUCH_TID)).isInstanceOf(AffinityException.class)
                .hasMessageContaining("ESRCH");
        assertThat(p.affinityRetries()).isZero();
    }
}
