package sod.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/** Point markers, distinguishable by shape alone (for greyscale print). */
public enum Marker {
    CIRCLE, SQUARE, DIAMOND, TRIANGLE_UP, TRIANGLE_DOWN, CROSS, PLUS;

    /** Draws the marker centred at (x, y), {@code size} logical pixels across; hollow shapes have a white fill. */
    public void draw(Graphics2D g, double x, double y, double size, Color color, boolean filled) {
        double r = size / 2;
        g.setStroke(new BasicStroke(1.3f));
        if (this == CROSS || this == PLUS) {
            Path2D p = new Path2D.Double();
            if (this == CROSS) {
                p.moveTo(x - r, y - r); p.lineTo(x + r, y + r);
                p.moveTo(x - r, y + r); p.lineTo(x + r, y - r);
            } else {
                p.moveTo(x - r, y); p.lineTo(x + r, y);
                p.moveTo(x, y - r); p.lineTo(x, y + r);
            }
            g.setStroke(new BasicStroke(2f));
            g.setColor(color);
            g.draw(p);
            return;
        }
        Shape s = shape(x, y, r);
        g.setColor(filled ? color : Color.WHITE);
        g.fill(s);
        g.setColor(filled ? color.darker() : color);
        g.draw(s);
    }

    private Shape shape(double x, double y, double r) {
        Path2D p = new Path2D.Double();
        switch (this) {
            case CIRCLE -> {
                return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            }
            case SQUARE -> {
                double a = r * 0.88; // the same visual weight as the circle
                p.moveTo(x - a, y - a); p.lineTo(x + a, y - a); p.lineTo(x + a, y + a); p.lineTo(x - a, y + a);
            }
            case DIAMOND -> {
                double a = r * 1.2;
                p.moveTo(x, y - a); p.lineTo(x + a, y); p.lineTo(x, y + a); p.lineTo(x - a, y);
            }
            case TRIANGLE_UP -> {
                double a = r * 1.15;
                p.moveTo(x, y - a); p.lineTo(x + a, y + 0.75 * a); p.lineTo(x - a, y + 0.75 * a);
            }
            default -> { // TRIANGLE_DOWN
                double a = r * 1.15;
                p.moveTo(x, y + a); p.lineTo(x + a, y - 0.75 * a); p.lineTo(x - a, y - 0.75 * a);
            }
        }
        p.closePath();
        return p;
    }
}
