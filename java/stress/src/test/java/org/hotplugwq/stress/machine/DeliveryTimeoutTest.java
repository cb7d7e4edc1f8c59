package org.hotplugwq.stress.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real machine's wait for the delivery of its own write: fixed when typed, else scaled to the writes. */
class DeliveryTimeoutTest {

    @Test
    void scaledItIsFiveSecondsUntilTheWritesAreSlowThenTenTimesTheSlowestWrite() {
        DeliveryTimeout t = DeliveryTimeout.of(null);
        assertThat(t.nanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
        t.wrote(Duration.ofMillis(20).toNanos()); // real hardware
        assertThat(t.millis()).isEqualTo(5_000);
        t.wrote(Duration.ofMillis(2_600).toNanos()); // an emulated 32-CPU guest
        assertThat(t.millis()).isEqualTo(26_000);
        t.wrote(Duration.ofMillis(30).toNanos());
        assertThat(t.millis()).as("the slowest write so far counts").isEqualTo(26_000);
        assertThat(t.describe()).contains("26000 ms").contains("slowest write");
        t.wrote(Long.MAX_VALUE / 2);
        assertThat(t.nanos()).as("no overflow").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void typedItIsFixedWhateverTheWritesTake() {
        DeliveryTimeout t = DeliveryTimeout.of(Duration.ofMillis(200));
        t.wrote(Duration.ofSeconds(3).toNanos());
        assertThat(t.millis()).isEqualTo(200);
        assertThat(t.describe()).contains("--delivery-timeout");
        assertThatThrownBy(() -> DeliveryTimeout.of(Duration.ZERO)).hasMessageContaining("--delivery-timeout");
    }
}
