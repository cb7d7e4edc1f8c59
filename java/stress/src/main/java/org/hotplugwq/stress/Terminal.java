package org.hotplugwq.stress;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width the live line and the summary table must fit: {@code COLUMNS} when set, else the terminal's
 * ({@code stty size} on {@code /dev/tty}) when there is one, else 80 (README, "hotplugwq stress").
 */
public final class Terminal {
    public static final int DEFAULT_COLUMNS = 80;
    /** Narrower than this nothing fits anyway: the label column alone is 30. */
    public static final int MIN_COLUMNS = 40;

    private Terminal() {
    }

    public static int columns() {
        Integer fromEnv = parse(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return fromEnv;
        }
        if (System.console() != null) {
            Integer fromTty = stty();
            if (fromTty != null) {
                return fromTty;
            }
        }
        return DEFAULT_COLUMNS;
    }

    static Integer parse(String columns) {
        try {
            int c = Integer.parseInt(columns == null ? "" : columns.strip());
            return c > 0 ? Math.max(MIN_COLUMNS, c) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer stty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                    .split("\\s+");
            return rowsCols.length == 2 ? parse(rowsCols[1]) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
