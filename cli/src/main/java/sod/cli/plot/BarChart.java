package sod.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Grouped bars: one group per category, one bar per series, each with an optional error bar from
 * {@code low} to {@code high} (asymmetric, e.g. a Wilson interval). A NaN value draws no bar and a NaN
 * end no error bar; a zero value draws a sliver, so that it is not mistaken for a missing one. The legend goes into a free inside corner, else outside on the right.
 */
public final class BarChart {
    private static final double GROUP_WIDTH = 0.8;

    private record Series(String label, Color color, double[] values, double[] low, double[] high) {
    }

    private final String title, xTitle, yTitle;
    private final List<String> categories;
    private final Axis y;
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Bars over {@code categories} on the value axis {@code y} (e.g. {@link Axis#fixed}(0, 1, 0.2)). */
    public BarChart(String title, String xTitle, String yTitle, List<String> categories, Axis y) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.categories = List.copyOf(categories);
        this.y = y;
    }

    /** One bar per category; {@code low} and {@code high} may be null (no error bars). */
    public BarChart series(String label, Color color, double[] values, double[] low, double[] high) {
        if (values.length != categories.size()) throw new IllegalArgumentException(label + ": " + values.length + " values for "
                + categories.size() + " categories");
        series.add(new Series(label, color, values.clone(), low == null ? null : low.clone(), high == null ? null : high.clone()));
        return this;
    }

    public BarChart note(String text) {
        notes.add(text);
        return this;
    }

    public Canvas render(int width, int height, double scale) {
        Axis x = Axis.categories(categories);
        Legend legend = new Legend();
        for (Series s : series) legend.add(s.label(), Legend.Swatch.box(s.color()));
        for (String n : notes) legend.note(n);
        return legend.render(width, height, scale, new Legend.Layer() {
            @Override
            public Frame frame(Canvas canvas, double rightReserve) {
                return new Frame(canvas, title, xTitle, yTitle, x, y, rightReserve);
            }

            @Override
            public void draw(Canvas canvas, Frame frame) {
                BarChart.this.draw(canvas, frame);
            }
        });
    }

    private void draw(Canvas canvas, Frame f) {
        Graphics2D g = canvas.graphics();
        f.grid();
        int count = Math.max(1, series.size());
        double barWidth = GROUP_WIDTH / count;
        double base = f.py(Math.max(y.min(), 0));
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            for (int c = 0; c < categories.size(); c++) {
                double centre = c - GROUP_WIDTH / 2 + (s + 0.5) * barWidth;
                double left = f.px(centre - barWidth / 2) + 1, right = f.px(centre + barWidth / 2) - 1;
                double v = ser.values()[c];
                if (Double.isFinite(v)) {
                    // a zero rate still shows as a sliver above the axis: a missing bar would read as "not run"
                    double top = Math.min(f.py(v), base - 2);
                    Rectangle2D bar = new Rectangle2D.Double(left, Math.min(top, base), right - left, Math.abs(base - top));
                    g.setColor(ser.color());
                    g.fill(bar);
                    g.setColor(ser.color().darker());
                    g.setStroke(new BasicStroke(0.8f));
                    g.draw(bar);
                }
                if (ser.low() != null && Double.isFinite(ser.low()[c]) && Double.isFinite(ser.high()[c])) {
                    errorBar(g, (left + right) / 2, f.py(ser.low()[c]), f.py(ser.high()[c]), Math.min(8, (right - left) * 0.5));
                }
            }
        }
    }

    /** A whisker from {@code a} to {@code b} (pixels) with caps {@code cap} wide. */
    private static void errorBar(Graphics2D g, double x, double a, double b, double cap) {
        g.setColor(Palette.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Line2D.Double(x, a, x, b));
        g.draw(new Line2D.Double(x - cap / 2, a, x + cap / 2, a));
        g.draw(new Line2D.Double(x - cap / 2, b, x + cap / 2, b));
    }
}
