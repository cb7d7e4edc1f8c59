package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live line never outgrows the terminal: what does not fit is left out, from the end. */
class ProgressLineTest {
    private static final String[] PARTS = {"  3.0/30s", "total of 4 policies: 123,456 works/s", "wrong-CPU 1,234",
        "42 hotplug ops", "online 0-3"};

    @Test
    void at80ColumnsTheLineFitsAndKeepsTheTotals() {
        String line = ProgressLine.fit(79, PARTS);
        assertThat(line.length()).isLessThanOrEqualTo(79);
        assertThat(line).contains("total of 4 policies: 123,456 works/s", "wrong-CPU 1,234");
    }

    @Test
    void at200ColumnsEverythingIsThere() {
        assertThat(ProgressLine.fit(199, PARTS)).isEqualTo(String.join("  ", PARTS));
    }

    @Test
    void evenTheFirstPartIsCutRatherThanWrap() {
        assertThat(ProgressLine.fit(5, PARTS)).hasSize(5);
    }
}
