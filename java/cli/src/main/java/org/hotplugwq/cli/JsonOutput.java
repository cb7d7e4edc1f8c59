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

    @Option(names = "--json", description = DESCRIPTION)
    boolean json;

    boolean enabled() {
        return json;
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
