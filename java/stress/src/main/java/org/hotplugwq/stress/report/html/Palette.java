package org.hotplugwq.stress.report.html;

import org.hotplugwq.stress.report.Timeline;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/** The colours of report.html, one meaning each. */
public final class Palette {
    public static final String ONLINE = "#cdebd0";
    public static final String OFFLINE = "#b8b8b8";
    public static final String OFFLINE_OP = "#c5221f";
    public static final String ONLINE_OP = "#137333";
    public static final String FAILED_OP = "#e07b00";
    public static final String EXTERNAL_OP = "#1f4fff";
    public static final String KERNEL_STEP = "#202020";
    private static final String[] CAUSES = {"#e07b00", "#7b3fbf", "#1f77b4", "#17becf", "#d62728"};
    private static final String[] POLICIES = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22"};

    private Palette() {
    }

    public static String cause(WrongCpuCause c) {
        return CAUSES[c.ordinal() % CAUSES.length];
    }

    public static String policy(int index) {
        return POLICIES[index % POLICIES.length];
    }

    public static String op(Timeline.Op op) {
        if (op.external()) {
            return EXTERNAL_OP;
        }
        if (op.injected() || !op.result().equals("DONE")) {
            return FAILED_OP;
        }
        return op.up() ? ONLINE_OP : OFFLINE_OP;
    }
}
