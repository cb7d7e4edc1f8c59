package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Set algebra and the indexed access used for random CPU choice (list-format tests live in linux/). */
class CpuSetTest {

    @Test
    void algebra() {
        CpuSet a = CpuSet.parse("0-3,8");
        CpuSet b = CpuSet.parse("2-9");
        assertThat(a.union(b).toString()).isEqualTo("0-9");
        assertThat(a.intersect(b).toString()).isEqualTo("2-3,8");
        assertThat(a.minus(b).toString()).isEqualTo("0-1");
        assertThat(a.with(100).last()).isEqualTo(100);
        assertThat(a.with(100).without(100)).isEqualTo(a);
        assertThat(b.containsAll(CpuSet.of(4, 9))).isTrue();
        assertThat(CpuSet.EMPTY.first()).isEqualTo(-1);
    }

    @Test
    void nthWalksTheSetInOrderAcrossWords() {
        CpuSet s = CpuSet.parse("1,63-65,200");
        assertThat(new int[] {s.nth(0), s.nth(1), s.nth(2), s.nth(3), s.nth(4)})
                .containsExactly(1, 63, 64, 65, 200);
        assertThat(s.cardinality()).isEqualTo(5);
        assertThat(s.stream().toArray()).containsExactly(1, 63, 64, 65, 200);
    }
}
