package org.hotplugwq.stress.report.html;

import java.util.Locale;

/** An inline SVG element being written: a few shapes, each optionally with a {@code <title>} tooltip. */
public final class Svg {
    private final StringBuilder b = new StringBuilder();

    public Svg(int width, int height, String label) {
        b.append("<svg width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">");
    }

    public Svg rect(double x, double y, double w, double h, String fill, String title) {
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"",
                x, y, Math.max(0, w), Math.max(0, h), fill));
        return close("rect", title);
    }

    /** A rectangle with extra attributes ({@code opacity="0.3"}, ...). */
    public Svg rect(double x, double y, double w, double h, String fill, String extra, String title) {
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\" %s",
                x, y, Math.max(0, w), Math.max(0, h), fill, extra));
        return close("rect", title);
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String title) {
        b.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"",
                x1, y1, x2, y2, stroke, width));
        return close("line", title);
    }

    public Svg circle(double cx, double cy, double r, String fill, String title) {
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"", cx, cy, r,
                fill));
        return close("circle", title);
    }

    /** An open line through {@code xy} (x0, y0, x1, y1, ...). */
    public Svg polyline(double[] xy, String stroke, double width, String dash, String title) {
        b.append("<polyline fill=\"none\" stroke=\"").append(stroke).append('"')
                .append(String.format(Locale.ROOT, " stroke-width=\"%.1f\"", width));
        if (dash != null) {
            b.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        b.append(" points=\"");
        for (int i = 0; i + 1 < xy.length; i += 2) {
            b.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[i], xy[i + 1]));
        }
        b.append('"');
        return close("polyline", title);
    }

    public Svg text(double x, double y, String text) {
        return text(x, y, text, "");
    }

    /** Text with extra attributes ({@code text-anchor="end"}, {@code font-weight="600"}, ...). */
    public Svg text(double x, double y, String text, String extra) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"", x, y));
        if (!extra.isEmpty()) {
            b.append(' ').append(extra);
        }
        b.append('>').append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Raw markup (a {@code <defs>} block, a group). */
    public Svg raw(String markup) {
        b.append(markup);
        return this;
    }

    private Svg close(String element, String title) {
        if (title == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(Html.esc(title)).append("</title></").append(element).append('>');
        }
        return this;
    }

    public String end() {
        return b.append("</svg>").toString();
    }
}
