package sod.cli.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * The plain frame of a chart: title, the plot area laid out around the measured tick labels and axis
 * titles, light grid lines at the major ticks, left and bottom spines with outward ticks (no box, no
 * grey background), and the mapping from data to logical pixels.
 */
public final class Frame {
    static final double PAD = 14, TICK = 5, MINOR_TICK = 3, GAP = 5;
    static final Font TITLE = Canvas.font(15, true), AXIS_TITLE = Canvas.font(13.5f, false), TICKS = Canvas.font(12.5f, false);

    private final Canvas canvas;
    private final String title, xTitle, yTitle;
    private final Axis x, y;
    private final Rectangle2D plot;

    /** Lays out the frame on {@code canvas}, keeping {@code rightReserve} logical pixels free on the right (an outside legend). */
    public Frame(Canvas canvas, String title, String xTitle, String yTitle, Axis x, Axis y, double rightReserve) {
        this.canvas = canvas;
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.x = x;
        this.y = y;
        double top = PAD + (title.isEmpty() ? 0 : canvas.lineHeight(TITLE) + 8);
        double yLabels = 0, xLabels = 0;
        for (Tick t : y.ticks()) if (t.isMajor()) yLabels = Math.max(yLabels, canvas.size(t, TICKS)[0]);
        for (Tick t : x.ticks()) if (t.isMajor()) xLabels = Math.max(xLabels, canvas.size(t, TICKS)[1]);
        double left = PAD + (yTitle.isEmpty() ? 0 : canvas.lineHeight(AXIS_TITLE) + 8) + yLabels + GAP + TICK;
        double bottom = canvas.height() - PAD - (xTitle.isEmpty() ? 0 : canvas.lineHeight(AXIS_TITLE) + 6) - xLabels - GAP - TICK;
        // the last x label is centred on the right end of the axis: leave half of it
        double lastHalf = 0;
        for (Tick t : x.ticks()) if (t.isMajor() && x.fraction(t.value()) > 0.999) lastHalf = canvas.size(t, TICKS)[0] / 2;
        double right = canvas.width() - PAD - Math.max(rightReserve, lastHalf);
        plot = new Rectangle2D.Double(left, top, right - left, bottom - top);
    }

    public Rectangle2D plot() {
        return plot;
    }

    public double px(double v) {
        return plot.getMinX() + x.fraction(v) * plot.getWidth();
    }

    public double py(double v) {
        return plot.getMaxY() - y.fraction(v) * plot.getHeight();
    }

    /** Grid lines, drawn first so that everything else lies on top. */
    public void grid() {
        Graphics2D g = canvas.graphics();
        g.setColor(Palette.GRID);
        g.setStroke(new BasicStroke(0.8f));
        if (y.grid()) for (Tick t : y.ticks()) if (t.isMajor()) g.draw(new Line2D.Double(plot.getMinX(), py(t.value()), plot.getMaxX(), py(t.value())));
        if (x.grid()) for (Tick t : x.ticks()) if (t.isMajor()) g.draw(new Line2D.Double(px(t.value()), plot.getMinY(), px(t.value()), plot.getMaxY()));
    }

    /** Spines, ticks, tick labels, axis titles and the title, drawn last. */
    public void axes() {
        Graphics2D g = canvas.graphics();
        g.setColor(Palette.TEXT);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(plot.getMinX(), plot.getMinY(), plot.getMinX(), plot.getMaxY()));
        g.draw(new Line2D.Double(plot.getMinX(), plot.getMaxY(), plot.getMaxX(), plot.getMaxY()));
        for (Tick t : y.ticks()) {
            double py = py(t.value());
            double len = t.isMajor() ? TICK : MINOR_TICK;
            g.setColor(Palette.TEXT);
            g.draw(new Line2D.Double(plot.getMinX() - len, py, plot.getMinX(), py));
            if (t.isMajor()) canvas.label(t, plot.getMinX() - TICK - GAP, py, TICKS, 1, 0.5, Palette.TEXT);
        }
        for (Tick t : x.ticks()) {
            double px = px(t.value());
            double len = t.isMajor() ? TICK : MINOR_TICK;
            g.setColor(Palette.TEXT);
            g.draw(new Line2D.Double(px, plot.getMaxY(), px, plot.getMaxY() + len));
            if (t.isMajor()) canvas.label(t, px, plot.getMaxY() + TICK + GAP, TICKS, 0.5, 0, Palette.TEXT);
        }
        if (!xTitle.isEmpty()) canvas.text(xTitle, plot.getCenterX(), canvas.height() - PAD, AXIS_TITLE, 0.5, 1, Palette.TEXT);
        if (!yTitle.isEmpty()) canvas.verticalText(yTitle, PAD + canvas.lineHeight(AXIS_TITLE) / 2, plot.getCenterY(), AXIS_TITLE, Palette.TEXT);
        if (!title.isEmpty()) canvas.text(title, plot.getMinX(), PAD, TITLE, 0, 0, Palette.TEXT);
    }
}
