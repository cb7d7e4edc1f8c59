package org.hotplugwq.cli;

import java.util.Locale;
import org.hotplugwq.hotplug.TransitionResult;

/** Small text helpers shared by the hotplug commands. */
final class Reports {
    private Reports() {
    }

    static String describe(TransitionResult r) {
        String what = "cpu" + r.cpu() + ": ";
        switch (r.outcome()) {
            case DONE:
                return what + (r.online() ? "online" : "offline") + String.format(Locale.ROOT, " (write took %.1f ms)",
                        r.writeNanos() / 1e6);
            case ALREADY:
                return what + "already " + (r.online() ? "online" : "offline") + ", nothing done";
            default:
                return what + r.detail();
        }
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}
