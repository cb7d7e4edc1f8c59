package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.Test;

class CpuMaskLayoutTest {

    @Test
    void a4096CpuMaskIs64WordsWithEachCpuAtItsBit() {
        CpuMaskLayout layout = CpuMaskLayout.forPossible(CpuSet.range(0, 4095));
        CpuSet cpus = CpuSet.of(0, 1, 63, 64, 1023, 1024, 2049, 4095);

        long[] mask = layout.encode(cpus);

        assertThat(layout.wordCount()).isEqualTo(64);
        assertThat(layout.byteSize()).isEqualTo(512);
        assertThat(mask).hasSize(64);
        assertThat(mask[0]).isEqualTo(0b11L | 1L << 63);
        assertThat(mask[1]).isEqualTo(1L);
        assertThat(mask[15]).isEqualTo(1L << 63);
        assertThat(mask[16]).isEqualTo(1L);
        assertThat(mask[32]).isEqualTo(1L << 1);
        assertThat(mask[63]).isEqualTo(1L << 63);
        assertThat(layout.decode(mask)).isEqualTo(cpus);
    }

    @Test
    void bytesSeenByTheKernelOnLittleEndianHoldCpuNAtByteNDiv8() {
        CpuMaskLayout layout = CpuMaskLayout.forCpuCount(4096);
        ByteBuffer bytes = ByteBuffer.allocate((int) layout.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(layout.encode(CpuSet.of(9, 1024, 4095)));

        assertThat(bytes.get(1)).isEqualTo((byte) 0b10);
        assertThat(bytes.get(128)).isEqualTo((byte) 1);
        assertThat(bytes.get(511)).isEqualTo((byte) 0x80);
        int set = 0;
        for (int i = 0; i < bytes.capacity(); i++) {
            set += Integer.bitCount(bytes.get(i) & 0xff);
        }
        assertThat(set).isEqualTo(3);
    }

    @Test
    void everyCpuOf4096RoundTrips() {
        CpuMaskLayout layout = CpuMaskLayout.forCpuCount(4096);
        CpuSet all = CpuSet.range(0, 4095);
        assertThat(layout.decode(layout.encode(all))).isEqualTo(all);
        assertThat(layout.decode(layout.encode(CpuSet.EMPTY))).isEqualTo(CpuSet.EMPTY);
        for (int cpu = 0; cpu < 4096; cpu += 37) {
            assertThat(layout.decode(layout.encode(CpuSet.of(cpu)))).isEqualTo(CpuSet.of(cpu));
        }
    }

    @Test
    void sizesRoundUpToWholeWordsBeyondGlibcs1024() {
        assertThat(CpuMaskLayout.forCpuCount(1).byteSize()).isEqualTo(8);
        assertThat(CpuMaskLayout.forCpuCount(2).capacity()).isEqualTo(64);
        assertThat(CpuMaskLayout.forCpuCount(1025).wordCount()).isEqualTo(17);
        assertThat(CpuMaskLayout.forPossible(CpuSet.parse("0-4094")).wordCount()).isEqualTo(64);
        assertThat(CpuMaskLayout.forPossible(CpuSet.parse("0-4096")).wordCount()).isEqualTo(65);
    }

    @Test
    void aCpuBeyondTheMaskIsRejected() {
        CpuMaskLayout layout = CpuMaskLayout.forCpuCount(4096);
        assertThatThrownBy(() -> layout.encode(CpuSet.of(4096)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu4096");
    }
}
