package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The text format of tracefs, on lines captured from a real offline and online of cpu1 (Linux 6.18, x86-64). */
class TraceLineParserTest {
    static final String CAPTURE = "trace-offline-online-6.18.txt";

    static List<String> captured() throws IOException {
        try (InputStream in = Objects.requireNonNull(TraceLineParserTest.class.getResourceAsStream(CAPTURE))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
    }

    static List<TraceEvent> capturedEvents() throws IOException {
        List<TraceEvent> out = new ArrayList<>();
        for (String line : captured()) {
            TraceEvent e = TraceLineParser.parse(line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void everyEventLineOfTheCaptureParsesAndHeadersDoNot() throws IOException {
        List<String> lines = captured();
        long eventLines = lines.stream().filter(l -> !l.startsWith("#")).count();
        List<TraceEvent> events = capturedEvents();
        assertThat(events).hasSize((int) eventLines);
        assertThat(events.stream().filter(e -> e instanceof TraceEvent.CpuhpEnter)).hasSize(95);
        assertThat(events.stream().filter(e -> e instanceof TraceEvent.CpuhpExit)).hasSize(95);
        assertThat(events.stream().filter(e -> e instanceof TraceEvent.SchedSwitch)).isNotEmpty();
    }

    @Test
    void aSchedSwitchWithBlanksInTheTaskNames() {
        TraceEvent e = TraceLineParser.parse(" C2 CompilerThre-13250   [001] d..2. 13843.872047: sched_switch:"
                + " prev_comm=C2 CompilerThre prev_pid=13250 prev_prio=120 prev_state=R ==> next_comm=cpuhp/1"
                + " next_pid=22 next_prio=120");
        assertThat(e).isEqualTo(new TraceEvent.SchedSwitch(13_843_872_047_000L, 1, "C2 CompilerThre", 13250, "R",
                "cpuhp/1", 22));
    }

    @Test
    void cpuhpEnterMultiEnterAndExit() {
        assertThat(TraceLineParser.parse("         cpuhp/1-22      [001] ..... 13843.872050: cpuhp_enter: cpu: 0001"
                + " target: 144 step: 235 (sched_cpu_deactivate)"))
                .isEqualTo(new TraceEvent.CpuhpEnter(13_843_872_050_000L, 1, 1, 144, 235, "sched_cpu_deactivate",
                        false));
        TraceEvent.CpuhpEnter multi = (TraceEvent.CpuhpEnter) TraceLineParser.parse("     kworker/0:2-15842   [000]"
                + " ..... 13843.908329: cpuhp_multi_enter: cpu: 0001 target:   0 step:  24 (blk_mq_hctx_notify_dead)");
        assertThat(multi.multi()).isTrue();
        assertThat(multi.target()).isZero();
        assertThat(multi.step()).isEqualTo(24);
        assertThat(multi.down()).isTrue();
        assertThat(TraceLineParser.parse("     kworker/0:2-15842   [000] ..... 13843.906187: cpuhp_exit:  cpu: 0001"
                + "  state: 144 step: 236 ret: -11"))
                .isEqualTo(new TraceEvent.CpuhpExit(13_843_906_187_000L, 0, 1, 144, 236, -11));
    }

    @Test
    void aMarkerAndNanosecondTimestamps() {
        assertThat(TraceLineParser.parse("            java-4242    [000] ..... 100.000000123: tracing_mark_write:"
                + " hotplugwq-clock-99"))
                .isEqualTo(new TraceEvent.Marker(100_000_000_123L, 0, "hotplugwq-clock-99"));
    }

    @Test
    void otherEventsAndGarbageAreNull() {
        assertThat(TraceLineParser.parse("")).isNull();
        assertThat(TraceLineParser.parse("# tracer: nop")).isNull();
        assertThat(TraceLineParser.parse("bash-1 [000] ..... 1.000001: sched_wakeup: comm=x pid=2")).isNull();
        assertThat(TraceLineParser.parse("no cpu field here")).isNull();
        assertThat(TraceLineParser.parse("bash-1 [000] ..... 1.000001: sched_switch: prev_comm=cut")).isNull();
    }
}
