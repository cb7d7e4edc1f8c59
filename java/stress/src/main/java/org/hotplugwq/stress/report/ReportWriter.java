package org.hotplugwq.stress.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.stress.StressOutcome;

/** Writes {@code report.json} and {@code report.html} into the out dir. */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static Path writeJson(StressReport report, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve("report.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        return file;
    }

    public static Path writeHtml(StressOutcome outcome, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve("report.html");
        Files.writeString(file, new HtmlReport(outcome.report(), outcome.timeline()).render());
        return file;
    }
}
