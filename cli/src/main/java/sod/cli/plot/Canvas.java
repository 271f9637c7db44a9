package sod.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A white, antialiased drawing surface in logical pixels, rendered at {@code scale} device pixels per
 * logical one (2: a 960 x 540 figure becomes a 1920 x 1080 PNG, 300 dpi at 6.4 inches), with the text
 * helpers the charts need: aligned and rotated strings, multi-line labels and powers of ten.
 */
public final class Canvas {
    /** DejaVu Sans where installed (it has the minus sign and superscripts), else the JDK's sans serif. */
    private static final String FAMILY = "DejaVu Sans";

    static {
        System.setProperty("java.awt.headless", "true"); // before anything touches AWT
    }

    private final int width, height;
    private final BufferedImage image;
    private final Graphics2D g;

    public Canvas(int width, int height, double scale) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage((int) Math.round(width * scale), (int) Math.round(height * scale), BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(scale, scale);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Graphics2D graphics() {
        return g;
    }

    /**
     * {@code unicode} when the figures' font can draw all of it (DejaVu Sans: the minus sign, the norm
     * bars, the superscript T), else {@code ascii}: a missing glyph would print as a box.
     */
    public static String typeset(String unicode, String ascii) {
        return font(12, false).canDisplayUpTo(unicode) == -1 ? unicode : ascii;
    }

    public static Font font(float size, boolean bold) {
        return new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
    }

    /** Width of one line of text. */
    public double width(String text, Font font) {
        return g.getFontMetrics(font).getStringBounds(text, g).getWidth();
    }

    /** Height of one line (ascent + descent). */
    public double lineHeight(Font font) {
        FontMetrics m = g.getFontMetrics(font);
        return m.getAscent() + m.getDescent();
    }

    /**
     * Draws text (line breaks allowed) with its box anchored at (x, y): {@code ax} 0 left, 0.5 centre, 1
     * right; {@code ay} 0 top, 0.5 middle, 1 bottom.
     */
    public void text(String text, double x, double y, Font font, double ax, double ay, Color color) {
        String[] lines = text.split("\n", -1);
        FontMetrics m = g.getFontMetrics(font);
        double line = m.getAscent() + m.getDescent();
        double top = y - ay * line * lines.length;
        g.setFont(font);
        g.setColor(color);
        for (int i = 0; i < lines.length; i++) {
            double w = m.getStringBounds(lines[i], g).getWidth();
            g.drawString(lines[i], (float) (x - ax * w), (float) (top + i * line + m.getAscent()));
        }
    }

    /** Width and height of a tick label: plain (multi-line) text or base^exponent. */
    public double[] size(Tick t, Font font) {
        if (t.exponent() == null) {
            double w = 0;
            String[] lines = t.label().split("\n", -1);
            for (String l : lines) w = Math.max(w, width(l, font));
            return new double[] {w, lineHeight(font) * lines.length};
        }
        Font small = exponentFont(font);
        return new double[] {width(t.label(), font) + width(t.exponent(), small) + 1, lineHeight(font) + 0.3 * font.getSize2D()};
    }

    /** Draws a tick label anchored as {@link #text}; a power of ten as 10 with a raised, smaller exponent. */
    public void label(Tick t, double x, double y, Font font, double ax, double ay, Color color) {
        if (t.exponent() == null) {
            text(t.label(), x, y, font, ax, ay, color);
            return;
        }
        double[] box = size(t, font);
        double left = x - ax * box[0], top = y - ay * box[1];
        double raise = 0.3 * font.getSize2D();
        text(t.label(), left, top + raise, font, 0, 0, color);
        text(t.exponent(), left + width(t.label(), font) + 1, top, exponentFont(font), 0, 0, color);
    }

    private static Font exponentFont(Font font) {
        return font.deriveFont(font.getSize2D() * 0.72f);
    }

    /** Text turned 90 degrees counter-clockwise, centred at (x, y) (a y-axis title). */
    public void verticalText(String text, double x, double y, Font font, Color color) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        text(text, 0, 0, font, 0.5, 0.5, color);
        g.setTransform(saved);
    }

    /** The figure as PNG bytes. */
    public byte[] png() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The rendered image (for tests). */
    public BufferedImage image() {
        return image;
    }
}
