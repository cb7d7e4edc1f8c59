package org.hotplugwq.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} onto a command's {@link PrintWriter}, for the stress engine's live line (which prints
 * to a stream) to go through picocli's streams like every other output. Bytes are kept until a flush (every
 * print of a line, and the live line's own flushes), so a character is never split. Closing it leaves the
 * writer open.
 */
final class WriterPrintStream {
    private WriterPrintStream() {
    }

    static PrintStream of(PrintWriter writer) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                writer.write(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                writer.flush();
            }

            @Override
            public void close() {
                flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
