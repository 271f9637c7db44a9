package sod.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A legend: one entry per labelled series (a line, a marker, a filled box, or a line with a marker),
 * then notes (plain lines of text). {@link #free} finds an inside corner where the box would hide no
 * data, by looking at the pixels the data were drawn with.
 */
public final class Legend {
    static final Font FONT = Canvas.font(12, false), NOTE = Canvas.font(11, false);
    private static final double SWATCH = 26, PAD = 7, ROW_GAP = 3;

    /** How an entry's sample is drawn: a line (stroke may be null), a marker (may be null), or a box. */
    public record Swatch(Color color, Stroke stroke, Marker marker, boolean filled, boolean box) {
        public static Swatch line(Color c, Stroke s) {
            return new Swatch(c, s, null, true, false);
        }

        public static Swatch marker(Color c, Marker m, boolean filled) {
            return new Swatch(c, null, m, filled, false);
        }

        public static Swatch box(Color c) {
            return new Swatch(c, null, null, true, true);
        }
    }

    private record Entry(String label, Swatch swatch) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void add(String label, Swatch swatch) {
        for (Entry e : entries) if (e.label().equals(label)) return;
        entries.add(new Entry(label, swatch));
    }

    public void note(String text) {
        notes.add(text);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && notes.isEmpty();
    }

    /** Width and height of the box. */
    public double[] size(Canvas c) {
        double w = 0, h = PAD;
        for (Entry e : entries) {
            w = Math.max(w, SWATCH + 6 + c.width(e.label(), FONT));
            h += c.lineHeight(FONT) + ROW_GAP;
        }
        for (String n : notes) {
            w = Math.max(w, c.width(n, NOTE));
            h += c.lineHeight(NOTE) + ROW_GAP;
        }
        return new double[] {w + 2 * PAD, h + PAD - ROW_GAP};
    }

    /** Draws the box with its top-left corner at (x, y). */
    public void draw(Canvas c, double x, double y) {
        Graphics2D g = c.graphics();
        double[] box = size(c);
        Rectangle2D r = new Rectangle2D.Double(x, y, box[0], box[1]);
        g.setColor(Color.WHITE);
        g.fill(r);
        g.setColor(new Color(0xBBBBBB));
        g.setStroke(new BasicStroke(0.8f));
        g.draw(r);
        double row = y + PAD;
        for (Entry e : entries) {
            double line = c.lineHeight(FONT), mid = row + line / 2;
            swatch(g, e.swatch(), x + PAD, mid);
            c.text(e.label(), x + PAD + SWATCH + 6, row, FONT, 0, 0, Palette.TEXT);
            row += line + ROW_GAP;
        }
        for (String n : notes) {
            c.text(n, x + PAD, row, NOTE, 0, 0, new Color(0x555555));
            row += c.lineHeight(NOTE) + ROW_GAP;
        }
    }

    private static void swatch(Graphics2D g, Swatch s, double x, double mid) {
        if (s.box()) {
            Rectangle2D r = new Rectangle2D.Double(x + 4, mid - 6, SWATCH - 8, 12);
            g.setColor(s.color());
            g.fill(r);
            g.setColor(s.color().darker());
            g.setStroke(new BasicStroke(0.8f));
            g.draw(r);
            return;
        }
        if (s.stroke() != null) {
            g.setColor(s.color());
            g.setStroke(s.stroke().awt(1.8f));
            g.draw(new Line2D.Double(x, mid, x + SWATCH, mid));
        }
        if (s.marker() != null) s.marker().draw(g, x + SWATCH / 2, mid, 8, s.color(), s.filled());
    }

    /** A chart's data layer, laid out on a frame that keeps some width free on the right. */
    interface Layer {
        Frame frame(Canvas canvas, double rightReserve);

        void draw(Canvas canvas, Frame frame);
    }

    /**
     * Draws the layer, the legend in a free inside corner, else (no corner free) draws the layer again
     * on a narrower plot with the legend outside on the right; then the axes on top.
     */
    Canvas render(int width, int height, double scale, Layer layer) {
        Canvas canvas = new Canvas(width, height, scale);
        Frame frame = layer.frame(canvas, 0);
        layer.draw(canvas, frame);
        double[] corner = isEmpty() ? null : free(canvas, frame.plot(), scale);
        if (corner == null && !isEmpty()) {
            canvas = new Canvas(width, height, scale);
            double[] box = size(canvas);
            frame = layer.frame(canvas, box[0] + 12);
            layer.draw(canvas, frame);
            corner = new double[] {width - Frame.PAD - box[0], frame.plot().getMinY()};
        }
        frame.axes();
        if (corner != null) draw(canvas, corner[0], corner[1]);
        return canvas;
    }

    /**
     * Where inside the plot the legend hides no drawn data (pixels darker than the grid colour: curves,
     * markers, bands), as its top-left corner: an inside corner if one is free (top right, top left,
     * bottom right, bottom left), else the free place nearest to a corner; null when there is none.
     */
    double[] free(Canvas c, Rectangle2D plot, double scale) {
        double[] box = size(c);
        double inset = 8, margin = 3;
        Occupancy occupied = new Occupancy(c.image(), plot, scale);
        double x0 = plot.getMinX() + inset, x1 = plot.getMaxX() - inset - box[0];
        double y0 = plot.getMinY() + inset, y1 = plot.getMaxY() - inset - box[1];
        if (x1 < x0 || y1 < y0) return null;
        double[][] corners = {{x1, y0}, {x0, y0}, {x1, y1}, {x0, y1}};
        for (double[] corner : corners) {
            if (occupied.count(corner[0] - margin, corner[1] - margin, box[0] + 2 * margin, box[1] + 2 * margin) == 0) return corner;
        }
        double[] best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double y = y0; y <= y1; y += 4) {
            for (double x = x0; x <= x1; x += 4) {
                if (occupied.count(x - margin, y - margin, box[0] + 2 * margin, box[1] + 2 * margin) > 0) continue;
                double distance = Double.POSITIVE_INFINITY;
                for (double[] corner : corners) distance = Math.min(distance, Math.hypot(x - corner[0], y - corner[1]));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = new double[] {x, y};
                }
            }
        }
        return best;
    }

    /** Summed-area table of the occupied device pixels, so that any rectangle is counted in O(1). */
    private static final class Occupancy {
        private final int[] sums;
        private final int width, height, left, top;
        private final double scale;

        Occupancy(BufferedImage image, Rectangle2D plot, double scale) {
            this.scale = scale;
            left = Math.max(0, (int) Math.floor(plot.getMinX() * scale));
            top = Math.max(0, (int) Math.floor(plot.getMinY() * scale));
            width = Math.min(image.getWidth(), (int) Math.ceil(plot.getMaxX() * scale)) - left;
            height = Math.min(image.getHeight(), (int) Math.ceil(plot.getMaxY() * scale)) - top;
            sums = new int[(width + 1) * (height + 1)];
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(left, top + y, width, 1, row, 0, width);
                int running = 0;
                for (int x = 0; x < width; x++) {
                    int rgb = row[x];
                    int lowest = Math.min((rgb >> 16) & 0xFF, Math.min((rgb >> 8) & 0xFF, rgb & 0xFF));
                    if (lowest < 0xE2) running++;
                    sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1] + running;
                }
            }
        }

        /** Occupied pixels in the logical rectangle (clipped to the plot). */
        int count(double x, double y, double w, double h) {
            int ax = clamp((int) Math.floor(x * scale) - left, width), ay = clamp((int) Math.floor(y * scale) - top, height);
            int bx = clamp((int) Math.ceil((x + w) * scale) - left, width), by = clamp((int) Math.ceil((y + h) * scale) - top, height);
            int stride = width + 1;
            return sums[by * stride + bx] - sums[ay * stride + bx] - sums[by * stride + ax] + sums[ay * stride + ax];
        }

        private static int clamp(int v, int max) {
            return Math.max(0, Math.min(max, v));
        }
    }
}
