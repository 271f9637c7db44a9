package sod.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The legend goes where it hides no data. */
class LegendTest {
    static Legend legend() {
        Legend legend = new Legend();
        legend.add("h(X)", Legend.Swatch.line(Palette.BLUE, Stroke.SOLID));
        legend.add("target", Legend.Swatch.line(Palette.ORANGE, Stroke.DASHED));
        return legend;
    }

    @Test
    void topRightWhenFreeElseAnotherCornerElseNone() {
        Rectangle2D plot = new Rectangle2D.Double(50, 20, 500, 300);
        Canvas empty = new Canvas(600, 400, 2);
        double[] box = legend().size(empty);
        assertArrayEquals(new double[] {plot.getMaxX() - 8 - box[0], plot.getMinY() + 8}, legend().free(empty, plot, 2), 1e-9);

        Canvas topRightTaken = new Canvas(600, 400, 2);
        topRightTaken.graphics().setColor(Palette.BLUE);
        topRightTaken.graphics().fill(new Rectangle2D.Double(300, 20, 250, 150));
        assertArrayEquals(new double[] {plot.getMinX() + 8, plot.getMinY() + 8}, legend().free(topRightTaken, plot, 2), 1e-9);

        // all corners taken, a free middle: the free place nearest a corner
        Canvas corners = new Canvas(600, 400, 2);
        corners.graphics().setColor(Palette.BLUE);
        corners.graphics().fill(new Rectangle2D.Double(50, 20, 500, 60));
        corners.graphics().fill(new Rectangle2D.Double(50, 260, 500, 60));
        double[] middle = legend().free(corners, plot, 2);
        assertNotNull(middle);
        assertTrue(middle[1] >= 80 && middle[1] + box[1] <= 260, "legend at y " + middle[1]);

        // grid lines do not count as data
        Canvas grid = new Canvas(600, 400, 2);
        grid.graphics().setColor(Palette.GRID);
        for (int y = 20; y < 320; y += 10) grid.graphics().fill(new Rectangle2D.Double(50, y, 500, 1));
        assertNotNull(legend().free(grid, plot, 2));

        Canvas full = new Canvas(600, 400, 2);
        full.graphics().setColor(Palette.SHADE);
        full.graphics().fill(plot);
        assertNull(legend().free(full, plot, 2), "a band counts as data");
    }
}
