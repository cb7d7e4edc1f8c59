package org.hotplugwq.stress.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The interval of the report's rates. */
class WilsonTest {

    @Test
    void wilsonIntervalMatchesTheTextbook() {
        double[] w = Wilson.interval95(10, 100);
        assertThat(w[0]).isCloseTo(0.0552, within(1e-3));
        assertThat(w[1]).isCloseTo(0.1744, within(1e-3));
        double[] zero = Wilson.interval95(0, 1000);
        assertThat(zero[0]).isZero();
        assertThat(zero[1]).isCloseTo(0.00383, within(1e-4));
    }
}
