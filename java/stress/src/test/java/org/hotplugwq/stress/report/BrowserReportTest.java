package org.hotplugwq.stress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotplugwq.stress.StressOutcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a simulated run rendered by a headless Chromium: no console message (nothing blocked, nothing
 * failed), every chart in the DOM it built, and a screenshot in {@code target/report-screenshot/} to look at.
 * Skipped, saying why, where no Chromium is installed.
 */
@Tag("browser")
class BrowserReportTest {
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome",
            "chrome-headless-shell");
    private static final Path SHOTS = Path.of("target", "report-screenshot");

    @TempDir
    Path out;

    @Test
    void chromiumRendersTheReportWithoutConsoleErrors() throws Exception {
        Path browser = browser().orElse(null);
        Assumptions.assumeTrue(browser != null, "no headless browser: none of " + BROWSERS + " is on the PATH"
                + " (apt-get install chromium)");
        StressOutcome run = ReportPages.simulatedRun(out);
        StressReport r = ReportPages.withDifferences(run.report(), ReportPages.someDifferences());
        Path html = Files.createDirectories(SHOTS).resolve("report.html");
        Timeline timeline = run.timeline().withKernelSteps(ReportPages.kernelSteps(run.timeline()));
        String page = new HtmlReport(r, timeline, r.pairedDifferences()).render();
        Files.writeString(html, page);
        Path png = SHOTS.resolve("report.png");
        Files.deleteIfExists(png);

        Result shot = chromium(browser, "--screenshot=" + png.toAbsolutePath(), "--window-size=1200,5200",
                html.toUri().toString());
        Result dom = chromium(browser, "--dump-dom", html.toUri().toString());

        assertThat(shot.exit).as(shot.stderr).isZero();
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        assertThat(consoleLines(shot.stderr + dom.stderr)).isEmpty();
        assertThat(dom.exit).as(dom.stderr).isZero();
        for (String id : HtmlReport.SECTIONS) {
            assertThat(dom.stdout).contains("id=\"" + id + "\"");
        }
        assertThat(count(dom.stdout, "<svg")).isEqualTo(count(page, "<svg")).isPositive();
        assertThat(count(dom.stdout, "<circle")).isEqualTo(count(page, "<circle"));
    }

    private static Optional<Path> browser() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).flatMap(dir -> BROWSERS.stream().map(b -> Path.of(dir, b)))
                .filter(Files::isExecutable).findFirst();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result chromium(Path browser, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + out.resolve("profile")));
        cmd.addAll(List.of(args));
        Path stdout = out.resolve("stdout");
        Path stderr = out.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        return new Result(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** The page's console messages, as Chromium logs them ({@code ...:CONSOLE(1)] "...", source: ...}). */
    static List<String> consoleLines(String log) {
        return log.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
