package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code stress --format ktap} on real hotplug: valid KTAP (read by {@link KtapParser}), every point passed, no
 * SKIP, exit 0. Skipped with the reason where real hotplug cannot be tested; the extension brings every CPU back.
 */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealKtapTest {
    @TempDir
    Path dir;

    @Test
    void aRealRunIsValidKtapThatPassesWithExitZero(RealCpu real) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("stress", "--duration", "3s", "--cpus", Integer.toString(real.cpu()), "--workqueues",
                "1", "--producers", "1", "--format", "ktap", "--out", dir.resolve("out").toString(), "--state-file",
                dir.resolve("offlined").toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(Ktap.PASS);
        KtapParser.Level top = KtapParser.parse(out.toString());
        assertThat(top.tests()).hasSize(5);
        assertThat(top.tests()).allSatisfy(t -> {
            assertThat(t.ok()).as(t.description()).isTrue();
            assertThat(t.skipped()).as(t.description()).isFalse();
            assertThat(t.subtests()).allMatch(s -> s.ok() && !s.skipped());
        });
    }
}
