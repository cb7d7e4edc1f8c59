package org.hotplugwq.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a run, as {@code perf stat} takes it: the first SIGINT calls {@code onFirst} (the run stops, the
 * CPUs come back, the summary and the reports of the part that ran are written, exit 130); from then on the
 * JVM's own handling is back, so a second Ctrl-C exits at once (the shutdown hooks still bring the CPUs back).
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's one way to catch a signal without exiting.
 */
final class Sigint implements AutoCloseable {
    /** The exit code after an interrupt: 128 + SIGINT, as shells and perf report it. */
    static final int EXIT_CODE = 130;
    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private Sigint(SignalHandler previous) {
        this.previous = previous;
    }

    /** Calls {@code onFirst} on the first SIGINT until closed; null when SIGINT cannot be caught here. */
    static Sigint onFirst(Runnable onFirst) {
        SignalHandler[] before = new SignalHandler[1];
        try {
            before[0] = Signal.handle(INT, sig -> {
                Signal.handle(INT, before[0]);
                onFirst.run();
            });
        } catch (IllegalArgumentException e) {
            return null; // the JVM runs with -Xrs, or the signal is reserved
        }
        return new Sigint(before[0]);
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
