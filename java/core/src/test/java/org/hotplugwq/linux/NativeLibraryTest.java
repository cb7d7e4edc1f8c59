package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class NativeLibraryTest {

    /** CI builds with gcc on Linux: there the fast path must be what runs. */
    @Test
    void inCiTheJniPathIsActive() {
        assumeTrue("true".equals(System.getenv("CI")), "only enforced where CI=true");
        Throwable cause = HotplugWqNative.unavailabilityCause();
        assertThat(HotplugWqNative.isAvailable())
                .as("JNI library unavailable in CI: %s", cause == null ? "" : cause.toString()).isTrue();
        assertThat(CurrentCpuPath.preferred()).isIn(CurrentCpuPath.RSEQ, CurrentCpuPath.JNI);
        assertThat(LinuxCpuPlatform.create().name()).isIn("linux (rseq)", "linux (jni)");
    }

    @Test
    void availabilityAndCauseAgree() {
        assertThat(HotplugWqNative.isAvailable()).isEqualTo(HotplugWqNative.unavailabilityCause() == null);
        CurrentCpuPath expected = RseqCpu.isUsable() ? CurrentCpuPath.RSEQ
                : HotplugWqNative.isAvailable() ? CurrentCpuPath.JNI : CurrentCpuPath.JNA;
        assertThat(CurrentCpuPath.preferred()).isEqualTo(expected);
    }

    @Test
    void thePropertyForcesJnaWithoutLoadingAnything() {
        Throwable cause = HotplugWqNative.load("false");
        assertThat(cause).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("disabled by -Dhotplugwq.native=false");
    }

    @Test
    void theLibraryIsPackagedForThisArchitecture() {
        LinuxAssumptions.assumeLinux();
        String resource = HotplugWqNative.libraryResource().orElseThrow();
        assertThat(resource).matches("META-INF/native/linux-(x86_64|aarch64)/libhotplugwq\\.so");
        assumeTrue(HotplugWqNative.isAvailable(),
                () -> "JNI library not built: " + HotplugWqNative.unavailabilityCause());
        assertThat(getClass().getClassLoader().getResource(resource)).isNotNull();
        assertThat(NativeCpu.abiVersion()).isEqualTo(NativeCpu.ABI_VERSION);
    }
}
