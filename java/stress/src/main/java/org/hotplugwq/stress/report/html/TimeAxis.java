package org.hotplugwq.stress.report.html;

/** Seconds onto x pixels, and the vertical grid with its labels. */
public final class TimeAxis {
    private final double from;
    private final double to;
    private final double left;
    private final double right;

    public TimeAxis(double from, double to, double left, double right) {
        this.from = from;
        this.to = to > from ? to : from + 1e-3;
        this.left = left;
        this.right = right;
    }

    public double x(double seconds) {
        return left + (right - left) * Math.max(0, Math.min(1, (seconds - from) / (to - from)));
    }

    /** A width of at least {@code min} pixels. */
    public double w(double fromS, double toS, double min) {
        return Math.max(min, x(toS) - x(fromS));
    }

    public double left() {
        return left;
    }

    public double right() {
        return right;
    }

    /**
     * Grid lines from {@code top} to {@code bottom}, labelled below it relative to {@code zero} (seconds, or
     * milliseconds when {@code ms}).
     */
    public void grid(Svg svg, double top, double bottom, double zero, boolean ms) {
        double scale = ms ? 1e3 : 1;
        double step = Html.niceStep((to - from) * scale) / scale;
        double first = zero + Math.ceil((from - zero) / step - 1e-9) * step;
        int digits = Math.max(0, (int) -Math.floor(Math.log10(step * scale) + 1e-9));
        for (double s = first; s <= to + 1e-12; s += step) {
            double xx = x(s);
            svg.line(xx, top, xx, bottom, "#e8e8e8", 1, null);
            svg.text(xx, bottom + 13, Html.fmt((s - zero) * scale, digits) + (ms ? " ms" : " s"),
                    "text-anchor=\"middle\" fill=\"#555\"");
        }
    }
}
