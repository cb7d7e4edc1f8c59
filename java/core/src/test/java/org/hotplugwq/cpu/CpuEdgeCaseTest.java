package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The edges of the CPU layer that mutation testing found unguarded (README, "Mutation testing"): empty and
 * one-element cases, return values, and what each refusal says.
 */
class CpuEdgeCaseTest {

    @Test
    void cpuSetEdges() {
        assertThat(CpuSet.first(0).isEmpty()).isTrue();
        assertThat(CpuSet.first(-1).isEmpty()).isTrue();
        assertThat(CpuSet.first(1)).isEqualTo(CpuSet.of(0));
        assertThat(CpuSet.parse("").isEmpty()).isTrue();
        assertThat(CpuSet.parse("  ").isEmpty()).isTrue();
        assertThat(CpuSet.parse("3-3")).isEqualTo(CpuSet.of(3));
        assertThat(CpuSet.EMPTY.last()).isEqualTo(-1);
        assertThat(CpuSet.of(5).last()).isEqualTo(5);
        assertThat(CpuSet.of(1).containsAll(CpuSet.of(1, 2))).isFalse();
        assertThat(CpuSet.of(1, 2).containsAll(CpuSet.of(1, 2))).isTrue();
        assertThat(CpuSet.of(1)).isNotEqualTo(CpuSet.of(2)).isNotEqualTo("1");
        assertThat(CpuSet.of(0, 1).without(0)).isEqualTo(CpuSet.of(1));
        assertThat(CpuSet.of(0).without(0).isEmpty()).isTrue();
        assertThat(CpuSet.parse("000000001")).as("nine digits").isEqualTo(CpuSet.of(1));
        assertThat(CpuSet.of(1, 2)).hasSameHashCodeAs(CpuSet.parse("1-2"));
        // a constant hash would turn every map keyed by CPU sets into a list
        assertThat(CpuSet.of(1).hashCode()).isNotEqualTo(CpuSet.of(2).hashCode());
    }

    /** Word boundaries: a CPU one word past the last one stored, and a CPU number as large as the parser takes. */
    @Test
    void cpuSetWordEdges() {
        assertThat(CpuSet.of(1).next(64)).as("past the last word").isEqualTo(-1);
        assertThat(CpuSet.of(1).toBuilder().remove(64).build()).as("nothing stored there").isEqualTo(CpuSet.of(1));
        int far = 1 << 25; // word 2^19: a word index shifted the wrong way would overflow
        assertThat(CpuSet.parse(Integer.toString(far)).toArray()).containsExactly(far);
        assertThat(CpuSet.of(far).without(far).isEmpty()).isTrue();
    }

    @Test
    void cpuSetRefusals() {
        // Integer.parseInt alone would take these: the kernel's list has plain ASCII digits only
        assertThatThrownBy(() -> CpuSet.parse("+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuSet.parse("\u0661")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuSet.parse("3-2")).hasMessageContaining("at \"3-2\"");
        // a leading dash is a range without its start, not a negative number
        assertThatThrownBy(() -> CpuSet.parse("-3")).hasMessageContaining("not a CPU number: \"\"");
        assertThatThrownBy(() -> CpuSet.of(0, 1).nth(2))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessage("2 of 2");
        assertThatThrownBy(() -> CpuSet.of(0, 1).nth(70))
                .isExactlyInstanceOf(IndexOutOfBoundsException.class).hasMessage("70 of 2");
    }

    @Test
    void actionsKnowTheirRollback_andAnAffinityFailureItsCpu() {
        assertThat(CpuAction.values()).filteredOn(CpuAction::isPrepare)
                .containsExactlyInAnyOrder(CpuAction.CPU_UP_PREPARE, CpuAction.CPU_DOWN_PREPARE);
        assertThat(CpuAction.CPU_UP_PREPARE.rollback()).isEqualTo(CpuAction.CPU_UP_CANCELED);
        assertThat(CpuAction.CPU_DOWN_PREPARE.rollback()).isEqualTo(CpuAction.CPU_DOWN_FAILED);
        assertThatThrownBy(CpuAction.CPU_DEAD::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(new AffinityException("test", 3).cpu()).isEqualTo(3);
    }

    @Test
    void simulatedPlatformAccessorsAndReturnValues() {
        SimulatedCpuPlatform one = new SimulatedCpuPlatform(1, 7);
        assertThat(one.possibleCpus()).isEqualTo(CpuSet.of(0));
        assertThat(one.seed()).isEqualTo(7);
        assertThat(one.currentCpu()).isZero();
        assertThat(one.name()).isEqualTo("simulated (1 cpus, seed 7)");
        assertThatThrownBy(() -> new SimulatedCpuPlatform(0, 7)).isInstanceOf(IllegalArgumentException.class);

        SimulatedCpuPlatform p = new SimulatedCpuPlatform(3, 7);
        assertThat(p.presentCpus()).isEqualTo(CpuSet.first(3));
        assertThat(p.isOnline(1)).isTrue();
        assertThat(p.setOnline(1, true)).as("already online: nothing changed").isFalse();
        assertThat(p.setOnline(1, false)).isTrue();
        assertThat(p.isOnline(1)).isFalse();
        assertThat(p.setOnline(1, false)).as("already offline: nothing changed").isFalse();
        assertThat(p.setOnline(1, true)).isTrue();
        p.bindThread(p.currentThreadId(), 2); // a bound thread is on its CPU, every time
        for (int i = 0; i < 20; i++) {
            assertThat(p.currentCpu()).isEqualTo(2);
        }
        p.unbindThread(p.currentThreadId());
        assertThatThrownBy(() -> p.setOnline(3, true)).hasMessage("cpu3 out of range 0-2");
        // a CPU that does not exist is out of range, not "offline"
        assertThatThrownBy(() -> p.bindThread(p.currentThreadId(), 3))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
