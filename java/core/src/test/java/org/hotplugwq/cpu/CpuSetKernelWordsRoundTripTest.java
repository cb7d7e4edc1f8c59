package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A set to and from a kernel-style mask of 64-bit words (CPU {@code n} at bit {@code n % 64} of word
 * {@code n / 64}), the layout {@code sched_getaffinity} and friends use: CPUs past the first word included.
 */
class CpuSetKernelWordsRoundTripTest {

    @Test
    void wordsPutEachCpuAtItsBitAndComeBackAsTheSameSet() {
        CpuSet s = CpuSet.of(0, 5, 63, 64, 130);
        long[] words = s.toWords(3);
        assertThat(words).containsExactly(1L | 1L << 5 | 1L << 63, 1L, 1L << 2);
        assertThat(CpuSet.fromWords(words)).isEqualTo(s);
        assertThat(CpuSet.fromWords(s.toWords(4))).as("a longer mask, zero-padded").isEqualTo(s);
    }

    @Test
    void fromWordsReadsAKernelMaskAndKeepsNoLinkToIt() {
        long[] mask = {0b1010L, 0L, 1L << 1};
        CpuSet s = CpuSet.fromWords(mask);
        assertThat(s.toArray()).containsExactly(1, 3, 129);
        mask[0] = -1L;
        assertThat(s.toArray()).as("the caller's array is copied").containsExactly(1, 3, 129);
    }

    @Test
    void theEmptySetIsAllZeroWordsAndBack() {
        assertThat(CpuSet.EMPTY.toWords(2)).containsExactly(0L, 0L);
        assertThat(CpuSet.fromWords(new long[2])).isEqualTo(CpuSet.EMPTY);
        assertThat(CpuSet.fromWords(new long[0]).isEmpty()).isTrue();
    }
}
