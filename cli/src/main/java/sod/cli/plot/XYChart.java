package sod.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart on a linear x axis and a linear or logarithmic y axis: lines (a NaN, or a value &lt;= 0
 * on a log axis, breaks the line), point markers, horizontal reference lines, shaded x spans and
 * unlabelled connecting segments. The axes are fitted to what is drawn; the legend goes into an inside
 * corner where it hides nothing, else outside on the right.
 */
public final class XYChart {
    private record Line(String label, double[] x, double[] y, Color color, Stroke stroke, Marker marker) {
    }

    private record Points(String label, double[] x, double[] y, Marker marker, Color color, boolean filled) {
    }

    private record HLine(String label, double y, Color color, Stroke stroke) {
    }

    private record Span(String label, double from, double to) {
    }

    private record Segment(double x0, double y0, double x1, double y1, Color color, Stroke stroke) {
    }

    private final String title, xTitle, yTitle;
    private boolean logY;
    private boolean xFromZero;
    private final List<Line> lines = new ArrayList<>();
    private final List<Points> points = new ArrayList<>();
    private final List<HLine> hlines = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public XYChart(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    public XYChart logY() {
        logY = true;
        return this;
    }

    /** The x axis starts at 0 (an iteration axis) rather than at the smallest x. */
    public XYChart xFromZero() {
        xFromZero = true;
        return this;
    }

    /** A line through (x[i], y[i]); label null keeps it out of the legend; marker null draws none. */
    public XYChart line(String label, double[] x, double[] y, Color color, Stroke stroke, Marker marker) {
        lines.add(new Line(label, x.clone(), y.clone(), color, stroke, marker));
        return this;
    }

    public XYChart points(String label, double[] x, double[] y, Marker marker, Color color, boolean filled) {
        points.add(new Points(label, x.clone(), y.clone(), marker, color, filled));
        return this;
    }

    /** A horizontal reference line across the plot (a tolerance, a target). */
    public XYChart hline(String label, double y, Color color, Stroke stroke) {
        hlines.add(new HLine(label, y, color, stroke));
        return this;
    }

    /** A shaded band over x in [from, to]; bands with the same label share one legend entry. */
    public XYChart span(String label, double from, double to) {
        spans.add(new Span(label, from, to));
        return this;
    }

    public XYChart segment(double x0, double y0, double x1, double y1, Color color, Stroke stroke) {
        segments.add(new Segment(x0, y0, x1, y1, color, stroke));
        return this;
    }

    /** A line of text under the legend entries. */
    public XYChart note(String text) {
        notes.add(text);
        return this;
    }

    /** Renders at {@code width x height} logical pixels, {@code scale} device pixels each. */
    public Canvas render(int width, int height, double scale) {
        Axis x = xAxis(), y = yAxis();
        Legend legend = legend();
        return legend.render(width, height, scale, new Legend.Layer() {
            @Override
            public Frame frame(Canvas canvas, double rightReserve) {
                return new Frame(canvas, title, xTitle, yTitle, x, y, rightReserve);
            }

            @Override
            public void draw(Canvas canvas, Frame frame) {
                XYChart.this.draw(canvas, frame);
            }
        });
    }

    private void draw(Canvas canvas, Frame f) {
        Graphics2D g = canvas.graphics();
        f.grid();
        Rectangle2D plot = f.plot();
        g.setClip(new Rectangle2D.Double(plot.getX() - 6, plot.getY() - 6, plot.getWidth() + 12, plot.getHeight() + 12));
        g.setColor(Palette.SHADE);
        for (Span s : spans) {
            double a = Math.max(plot.getMinX(), f.px(s.from())), b = Math.min(plot.getMaxX(), f.px(s.to()));
            g.fill(new Rectangle2D.Double(a, plot.getMinY(), Math.max(b - a, 1), plot.getHeight()));
        }
        for (HLine h : hlines) {
            double py = f.py(h.y());
            if (!Double.isFinite(py)) continue;
            g.setColor(h.color());
            g.setStroke(h.stroke().awt(1.2f));
            g.draw(new Line2D.Double(plot.getMinX(), py, plot.getMaxX(), py));
        }
        for (Segment s : segments) {
            double ax = f.px(s.x0()), ay = f.py(s.y0()), bx = f.px(s.x1()), by = f.py(s.y1());
            if (!(Double.isFinite(ax) && Double.isFinite(ay) && Double.isFinite(bx) && Double.isFinite(by))) continue;
            g.setColor(s.color());
            g.setStroke(s.stroke().awt(1.2f));
            g.draw(new Line2D.Double(ax, ay, bx, by));
        }
        for (Line l : lines) {
            g.setColor(l.color());
            g.setStroke(l.stroke().awt(1.8f));
            g.draw(path(f, l.x(), l.y()));
            if (l.marker() != null) {
                for (int i = 0; i < l.x().length; i++) {
                    double py = f.py(l.y()[i]);
                    if (Double.isFinite(py)) l.marker().draw(g, f.px(l.x()[i]), py, 7, l.color(), true);
                }
            }
        }
        for (Points p : points) {
            for (int i = 0; i < p.x().length; i++) {
                double py = f.py(p.y()[i]);
                if (Double.isFinite(py)) p.marker().draw(g, f.px(p.x()[i]), py, 9, p.color(), p.filled());
            }
        }
        g.setClip(null);
    }

    /** The polyline, broken wherever a point cannot be drawn. */
    private static Path2D path(Frame f, double[] x, double[] y) {
        Path2D p = new Path2D.Double();
        boolean open = false;
        for (int i = 0; i < x.length; i++) {
            double px = f.px(x[i]), py = f.py(y[i]);
            if (!Double.isFinite(px) || !Double.isFinite(py)) {
                open = false;
                continue;
            }
            if (open) p.lineTo(px, py);
            else p.moveTo(px, py);
            open = true;
        }
        return p;
    }

    private Legend legend() {
        Legend legend = new Legend();
        for (Line l : lines) if (l.label() != null) legend.add(l.label(), new Legend.Swatch(l.color(), l.stroke(), l.marker(), true, false));
        for (HLine h : hlines) if (h.label() != null) legend.add(h.label(), Legend.Swatch.line(h.color(), h.stroke()));
        for (Points p : points) if (p.label() != null) legend.add(p.label(), Legend.Swatch.marker(p.color(), p.marker(), p.filled()));
        for (Span s : spans) if (s.label() != null) legend.add(s.label(), Legend.Swatch.box(Palette.SHADE));
        for (String n : notes) legend.note(n);
        return legend;
    }

    private Axis xAxis() {
        Range r = new Range(false);
        if (xFromZero) r.add(0);
        for (Line l : lines) r.addAll(l.x());
        for (Points p : points) r.addAll(p.x());
        for (Span s : spans) {
            r.add(s.from());
            r.add(s.to());
        }
        for (Segment s : segments) {
            r.add(s.x0());
            r.add(s.x1());
        }
        return r.empty() ? Axis.linear(0, 1, 6) : Axis.linear(r.lo, r.hi, 6);
    }

    private Axis yAxis() {
        Range r = new Range(logY);
        for (Line l : lines) r.addAll(l.y());
        for (Points p : points) r.addAll(p.y());
        for (HLine h : hlines) r.add(h.y());
        for (Segment s : segments) {
            r.add(s.y0());
            r.add(s.y1());
        }
        if (logY) return r.empty() ? Axis.log(0.1, 1) : Axis.log(r.lo, r.hi);
        return r.empty() ? Axis.linear(0, 1, 5) : Axis.linear(r.lo, r.hi, 5);
    }

    /** The extent of the drawable values (finite; positive on a log axis). */
    private static final class Range {
        final boolean positive;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;

        Range(boolean positive) {
            this.positive = positive;
        }

        void add(double v) {
            if (!Double.isFinite(v) || (positive && v <= 0)) return;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }

        void addAll(double[] values) {
            for (double v : values) add(v);
        }

        boolean empty() {
            return lo > hi;
        }
    }
}
