package org.hotplugwq.stress.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hotplugwq.stress.report.KernelStep;
import org.hotplugwq.stress.report.Timeline;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/**
 * The run's timeline: a lane per hotpluggable CPU (online, offline, each operation as a span from its write's
 * start to its end, the kernel's steps as ticks) and, per policy, a lane per queue CPU with its wrong-CPU works.
 */
public final class TimelineChart {
    public static final int WIDTH = 1100;
    public static final int LEFT = 150;
    public static final int RIGHT = WIDTH - 20;
    private static final int CPU_ROW = 26;
    private static final int DOT_ROW = 17;

    private TimelineChart() {
    }

    public static String render(Timeline t) {
        TimeAxis axis = new TimeAxis(0, t.durationS(), LEFT, RIGHT);
        List<Integer> lanes = wrongLanes(t);
        List<String> policies = new ArrayList<>(t.wrong().keySet());
        int top = 22;
        int cpuBlock = t.cpus().size() * CPU_ROW;
        int wrongTop = top + cpuBlock + 22;
        int policyBlock = 16 + lanes.size() * DOT_ROW + 6;
        int axisY = wrongTop + policies.size() * policyBlock + 4;
        Svg svg = new Svg(WIDTH, axisY + 20, "timeline");
        axis.grid(svg, top - 4, axisY, 0, false);
        svg.text(4, 14, "CPU (green online, grey offline; operations from write to delivery)", "font-weight=\"600\"");
        for (int i = 0; i < t.cpus().size(); i++) {
            cpuLane(svg, axis, t, t.cpus().get(i), top + i * CPU_ROW);
        }
        svg.text(4, wrongTop - 6, "wrong-CPU works, by policy and queue CPU (colour: cause)", "font-weight=\"600\"");
        for (int p = 0; p < policies.size(); p++) {
            String name = policies.get(p);
            int y = wrongTop + p * policyBlock;
            svg.text(4, y + 11, name, "font-weight=\"600\" fill=\"" + Palette.policy(p) + "\"");
            svg.text(LEFT - 6, y + 11, t.wrong().get(name).size() + " drawn", "text-anchor=\"end\" fill=\"#777\"");
            wrongLanes(svg, axis, name, t.wrong().get(name), lanes, y + 16);
        }
        return svg.end();
    }

    /** One CPU: online/offline, the operations as spans, the kernel's steps. */
    static void cpuLane(Svg svg, TimeAxis axis, Timeline t, int cpu, double y) {
        svg.text(4, y + 16, "cpu" + cpu);
        svg.rect(axis.left(), y + 5, axis.right() - axis.left(), 14, Palette.ONLINE, null);
        for (double[] span : t.offlineSpans().getOrDefault(cpu, List.of())) {
            svg.rect(axis.x(span[0]), y + 5, axis.w(span[0], span[1], 0.6), 14, Palette.OFFLINE,
                    "offline " + Html.fmt(span[0], 3) + "–" + Html.fmt(span[1], 3) + " s");
        }
        for (Timeline.Op op : t.ops()) {
            if (op.cpu() == cpu) {
                op(svg, axis, op, y + 3, 18);
            }
        }
        steps(svg, axis, t.kernelSteps(), cpu, y + 1, y + 23);
    }

    /** An operation: the prepare as a thin line, the write solid, the wait for its delivery pale. */
    static void op(Svg svg, TimeAxis axis, Timeline.Op op, double y, double h) {
        String colour = Palette.op(op);
        String title = describe(op);
        if (op.start() > op.begin()) {
            svg.line(axis.x(op.begin()), y + h / 2, axis.x(op.start()), y + h / 2, colour, 2, title);
        }
        if (op.end() > op.writeEnd()) {
            svg.rect(axis.x(op.writeEnd()), y, axis.w(op.writeEnd(), op.end(), 0), h, colour,
                    "opacity=\"0.35\"", title);
        }
        svg.rect(axis.x(op.start()), y, axis.w(op.start(), op.writeEnd(), 1.2), h, colour, title);
    }

    static String describe(Timeline.Op op) {
        if (op.external()) {
            return op.label() + " by someone else, seen at " + Html.fmt(op.start(), 3) + " s, delivered "
                    + Html.dur(op.end() - op.start()) + " later";
        }
        StringBuilder s = new StringBuilder(op.label()).append(op.injected() ? " (injected failure)" : "")
                .append(": ").append(op.result()).append(", write ").append(Html.fmt(op.start(), 3)).append(" s + ")
                .append(Html.dur(op.writeEnd() - op.start()));
        if (op.start() > op.begin()) {
            s.append(", began ").append(Html.dur(op.start() - op.begin())).append(" before the write");
        }
        return s.append(", delivered ").append(Html.dur(op.end() - op.writeEnd())).append(" after the write")
                .toString();
    }

    static void steps(Svg svg, TimeAxis axis, List<KernelStep> steps, int cpu, double y0, double y1) {
        for (KernelStep k : steps) {
            if (k.cpu() == cpu && axis.x(k.t()) > axis.left() && axis.x(k.t()) < axis.right()) {
                svg.line(axis.x(k.t()), y0, axis.x(k.t()), y1, Palette.KERNEL_STEP, 0.7,
                        "kernel: " + k.step() + " cpu" + cpu + " at " + Html.fmt(k.t(), 6) + " s");
            }
        }
    }

    /** The queue CPUs to give a lane: the hotpluggable ones and any other with a wrong-CPU work. */
    static List<Integer> wrongLanes(Timeline t) {
        TreeSet<Integer> cpus = new TreeSet<>(t.cpus());
        t.wrong().values().forEach(ps -> ps.forEach(p -> cpus.add(p.queueCpu())));
        return new ArrayList<>(cpus);
    }

    /** A lane per queue CPU; within it a dot's height says its cause. */
    static void wrongLanes(Svg svg, TimeAxis axis, String policy, List<Timeline.Point> points, List<Integer> lanes,
                           double y) {
        for (int i = 0; i < lanes.size(); i++) {
            double ly = y + i * DOT_ROW;
            svg.rect(axis.left(), ly, axis.right() - axis.left(), DOT_ROW - 2, i % 2 == 0 ? "#f4f4f4" : "#fafafa",
                    null);
            svg.text(LEFT - 6, ly + 11, "queue cpu" + lanes.get(i), "text-anchor=\"end\" fill=\"#555\"");
        }
        for (Timeline.Point p : points) {
            int lane = lanes.indexOf(p.queueCpu());
            double cy = y + lane * DOT_ROW + 2.5 + p.cause().ordinal() * 2.6;
            svg.circle(axis.x(p.t()), cy, 1.9, Palette.cause(p.cause()), describe(policy, p));
        }
    }

    static String describe(String policy, Timeline.Point p) {
        String since = Double.isNaN(p.sinceWriteS()) ? "no operation on its CPU before it"
                : p.sinceWriteS() < 0 ? Html.dur(-p.sinceWriteS()) + " before its operation's write"
                : Html.dur(p.sinceWriteS()) + " after its operation's write";
        return policy + ": queue cpu" + p.queueCpu() + ", started on cpu" + p.startCpu() + ", ended on cpu"
                + p.endCpu() + " at " + Html.fmt(p.t(), 4) + " s, " + since + "; cause: " + p.cause().label();
    }

    /** The legend under the timeline. */
    public static String legend() {
        StringBuilder b = new StringBuilder("<div class=\"legend\">");
        swatch(b, Palette.OFFLINE_OP, "offline write");
        swatch(b, Palette.ONLINE_OP, "online write");
        swatch(b, Palette.FAILED_OP, "injected/failed");
        swatch(b, Palette.EXTERNAL_OP, "someone else's hotplug");
        b.append("(pale: written, not yet delivered; thin line: from the operation's start, a prepare if any,")
                .append(" to its write) · ");
        b.append("<span style=\"color:").append(Palette.KERNEL_STEP).append("\">| kernel step (--trace)</span> · ");
        for (WrongCpuCause c : WrongCpuCause.values()) {
            b.append("<span style=\"color:").append(Palette.cause(c)).append("\">● ")
                    .append(Html.esc(c.label())).append("</span> ");
        }
        return b.append("(dots sampled; hover for details)</div>").toString();
    }

    static void swatch(StringBuilder b, String colour, String label) {
        b.append("<span style=\"color:").append(colour).append("\">■ ").append(Html.esc(label)).append("</span> · ");
    }
}
