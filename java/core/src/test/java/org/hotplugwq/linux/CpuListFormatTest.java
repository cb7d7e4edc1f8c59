package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The kernel's list format, as sysfs prints it, read and printed back. */
class CpuListFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0-1", "0-3,8,10-11", "1,3,5", "0-4095", "4095", "0,2-3,63-65,1023-1025"})
    void canonicalListsRoundTrip(String list) {
        assertThat(CpuSet.parse(list).toString()).isEqualTo(list);
        assertThat(CpuSet.parse(list + "\n").toString()).isEqualTo(list);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0-0|0", "1-2,3|1-3", "5,4,3|3-5", "0-3,2-5|0-5", " 7 |7"})
    void nonCanonicalListsPrintCanonically(String in, String out) {
        assertThat(CpuSet.parse(in).toString()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \n"})
    void emptyFilesAreTheEmptySet(String text) {
        assertThat(CpuSet.parse(text)).isEqualTo(CpuSet.EMPTY);
        assertThat(CpuSet.EMPTY.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1-", "-1", "3-1", "1,,2", "0x3", "1 2"})
    void malformedListsAreRefusedNamingThePart(String text) {
        assertThatThrownBy(() -> CpuSet.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed CPU list");
    }

    /** The one parser of CPU ids: what users type ({@code cpu1}) reads as the kernel's list would. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cpu1|1", "cpu1-cpu3,5|1-3,5", "cpu0-2|0-2", " cpu7 |7"})
    void userTypedIdsMayCarryTheCpuPrefix(String in, String out) {
        assertThat(CpuSet.parse(in).toString()).isEqualTo(out);
        assertThat(CpuSet.parseCpu("cpu12")).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cpux", "cpu-1", "x1", "1.5"})
    void malformedIdsAreRefused(String text) {
        assertThatThrownBy(() -> CpuSet.parseCpu(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CPU number");
        assertThatThrownBy(() -> CpuSet.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomSetsRoundTripThroughTextAndMask() {
        SplittableRandom random = new SplittableRandom(7);
        CpuMaskLayout layout = CpuMaskLayout.forCpuCount(4096);
        for (int i = 0; i < 200; i++) {
            CpuSet.Builder b = CpuSet.builder();
            int n = random.nextInt(64);
            for (int j = 0; j < n; j++) {
                int lo = random.nextInt(4096);
                b.addRange(lo, Math.min(4095, lo + random.nextInt(8)));
            }
            CpuSet set = b.build();
            assertThat(CpuSet.parse(set.toString())).isEqualTo(set);
            assertThat(layout.decode(layout.encode(set))).isEqualTo(set);
        }
    }
}
