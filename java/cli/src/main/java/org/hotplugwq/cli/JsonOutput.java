package org.hotplugwq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --json}, the same in every command that has it: JSON on standard output instead of the text, nothing
 * else on standard output (notices go to stderr). A file is never {@code --json FILE}: that is {@code --out FILE}.
 * Keys are camelCase, as in the stress run's {@code report.json}.
 */
final class JsonOutput {
    static final String DESCRIPTION = "print JSON on standard output instead of text (keys in camelCase)";

    /** The commands whose results are tests a kselftest runner can read (README, "KTAP and kselftest"). */
    static final java.util.Set<String> KTAP_COMMANDS = java.util.Set.of("stress", "monitor", "info");

    @Option(names = "--json", description = DESCRIPTION)
    boolean json;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    private boolean jsonFormat;
    private boolean ktapFormat;

    /** {@code --format text|json|ktap}: the one option for the output's shape ({@code --json} is --format json). */
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text (default), json (as --json; json-lines for monitor), or ktap: KTAP version 1 for"
                    + " kselftest runners, exit 0 pass, 1 fail, 4 skip (stress, monitor, info)")
    void format(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        jsonFormat = v.equals("json") || v.equals("json-lines");
        ktapFormat = v.equals("ktap");
        if (!jsonFormat && !ktapFormat && !v.equals("text")) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                    "--format must be text, json or ktap, not '" + value + "'");
        }
        if (ktapFormat && !KTAP_COMMANDS.contains(mixee.name())) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                    "--format ktap is for stress, monitor and info, not " + mixee.name());
        }
    }

    boolean enabled() {
        if (json && ktapFormat) {
            throw new UserError("--json and --format ktap: give one");
        }
        return json || jsonFormat;
    }

    /** KTAP on standard output, nothing else there, kselftest's exit codes. */
    boolean ktap() {
        return ktapFormat && !enabled();
    }

    /** Standard output carries a document (JSON or KTAP) only: text for people goes to stderr. */
    boolean machineReadable() {
        return enabled() || ktap();
    }

    /** One document, indented. */
    static void print(PrintWriter out, Object value) {
        out.println(text(indented(), value));
        out.flush();
    }

    /** One document on one line: a stream of them is JSON lines ({@code monitor}). */
    static void line(PrintWriter out, Object value) {
        out.println(text(new ObjectMapper(), value));
        out.flush();
    }

    /** {@code --out FILE}: the same document, indented, in a file. */
    static void write(Path file, Object value) throws IOException {
        indented().writeValue(file.toFile(), value);
    }

    private static ObjectMapper indented() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static String text(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
