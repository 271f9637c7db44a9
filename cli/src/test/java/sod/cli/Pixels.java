package sod.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading back a written PNG: decoded, and its pixels counted by colour. */
final class Pixels {
    final BufferedImage image;

    Pixels(Path png) {
        try {
            byte[] bytes = Files.readAllBytes(png);
            image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) throw new IOException(png + " is not a decodable image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /** Whether the pixel is within {@code tolerance} per channel of {@code c}. */
    boolean is(int x, int y, Color c, int tolerance) {
        int rgb = image.getRGB(x, y);
        return Math.abs(((rgb >> 16) & 0xFF) - c.getRed()) <= tolerance && Math.abs(((rgb >> 8) & 0xFF) - c.getGreen()) <= tolerance
                && Math.abs((rgb & 0xFF) - c.getBlue()) <= tolerance;
    }

    /** Pixels of colour {@code c} in columns [x0, x1). */
    int count(Color c, int tolerance, int x0, int x1) {
        int n = 0;
        for (int x = Math.max(0, x0); x < Math.min(width(), x1); x++) for (int y = 0; y < height(); y++) if (is(x, y, c, tolerance)) n++;
        return n;
    }

    int count(Color c, int tolerance) {
        return count(c, tolerance, 0, width());
    }

    /** The fraction of pixels that are not white. */
    double inked() {
        return 1 - count(Color.WHITE, 8) / (double) (width() * height());
    }

    /** Columns that hold at least {@code min} pixels of colour {@code c}, as a boolean per column. */
    boolean[] columnsWith(Color c, int tolerance, int min) {
        boolean[] has = new boolean[width()];
        for (int x = 0; x < width(); x++) {
            int n = 0;
            for (int y = 0; y < height() && n < min; y++) if (is(x, y, c, tolerance)) n++;
            has[x] = n >= min;
        }
        return has;
    }

    /** The largest number of pixels of colour {@code c} in one row (a horizontal line fills a row). */
    int widestRow(Color c, int tolerance) {
        int best = 0;
        for (int y = 0; y < height(); y++) {
            int n = 0;
            for (int x = 0; x < width(); x++) if (is(x, y, c, tolerance)) n++;
            best = Math.max(best, n);
        }
        return best;
    }
}
