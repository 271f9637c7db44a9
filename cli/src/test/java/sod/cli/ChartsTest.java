package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.cli.plot.Palette;
import sod.experiment.Cell;
import sod.experiment.Stalls;
import sod.experiment.Table;
import sod.experiment.Variant;
import sod.solver.Escape;
import sod.solver.SolverConfig;

/** The figures decoded from their PNG files and checked by their pixels. */
class ChartsTest {
    @TempDir
    Path dir;

    static Escape escape(int iteration, Escape.Kind kind, double hBefore, double hAfter) {
        return new Escape(iteration, kind, hBefore, hAfter, -0.4, 1, 0.01, 0.01, 0.02, 0.3, 1e3, 2, 5, 0.1, null);
    }

    /** 0..600 on a plateau, a gamma escape whose probes take the budget to 1200, then linear convergence to 2000. */
    static History history() {
        History history = new History();
        for (int i = 0; i <= 600; i++) history.record(i, 3 + 100 * Math.exp(-i / 20.0), 20 + Math.exp(-i / 30.0));
        history.recordEscape(escape(600, Escape.Kind.GAMMA, 3, 1e-2));
        for (int i = 1200; i <= 2000; i++) history.record(i, 1e-2 * Math.pow(10, -(i - 1200) / 40.0), 0.5 * Math.pow(10, -(i - 1200) / 80.0));
        return history;
    }

    @Test
    void convergencePlotShowsProbeStepsAsABandNotAsTrajectory() {
        Path png = dir.resolve("convergence.png");
        ConvergencePlot.Guides guides = new ConvergencePlot.Guides("h(X)", Double.NaN, "", Double.NaN, "");
        Charts.convergence(png, "test", history(), guides);
        Pixels p = new Pixels(png);
        assertEquals(Charts.WIDTH * Charts.SCALE, p.width());
        assertEquals(Charts.HEIGHT * Charts.SCALE, p.height());
        double inked = p.inked();
        assertTrue(inked > 0.03 && inked < 0.5, "inked fraction " + inked);
        // the probe span is one grey band about 600 / 2000 of the plot wide
        boolean[] band = p.columnsWith(Palette.SHADE, 2, 200);
        int first = -1, last = -1;
        for (int x = 0; x < band.length; x++) {
            if (band[x] && first < 0) first = x;
            if (band[x]) last = x;
        }
        assertTrue(first > 0, "no probe band");
        double plotWidth = p.width() * 0.85;
        assertTrue((last - first) > 0.2 * plotWidth && (last - first) < 0.4 * plotWidth, "band " + first + ".." + last);
        // the distance curve is broken across it (the h curve has its dotted connector there), present on both
        // sides; inside, orange may only be the legend's swatch (52 device columns) if the legend lies there
        boolean[] orange = p.columnsWith(Palette.ORANGE, 30, 1);
        int inside = 0;
        for (int x = first + 6; x < last - 6; x++) if (orange[x]) inside++;
        assertTrue(inside <= 60, "distance drawn through the probe steps: orange in " + inside + " columns of the band");
        assertTrue(p.count(Palette.ORANGE, 30, 0, first) > 100 && p.count(Palette.ORANGE, 30, last, p.width()) > 100);
        // the gamma escape's marker
        assertTrue(p.count(Palette.PURPLE, 30) > 30, "no gamma marker");
    }

    @Test
    void theTargetIsALineNearTheCurvesAndAFarToleranceIsNot() {
        Path png = dir.resolve("guides.png");
        ConvergencePlot.Guides guides = new ConvergencePlot.Guides("h(X)", 1e-40, "residual tolerance", 1e-3, "target distance 0.001");
        Charts.convergence(png, "test", history(), guides);
        Pixels p = new Pixels(png);
        // a dashed line across the plot (at least 60% of the figure wide, half of it inked) fills more of a row
        // than the curves (the plateau of h, a quarter of the iterations, fills less)
        int line = (int) (0.6 * 0.5 * p.width());
        assertTrue(p.widestRow(Palette.ORANGE, 30) > line, "no target line");
        assertTrue(p.widestRow(Palette.BLUE, 30) < line, "the tolerance 1e-40, far below the curves, was drawn as a line");
        // within three decades of the lowest h (1e-22) it is drawn
        Path near = dir.resolve("near.png");
        Charts.convergence(near, "test", history(), new ConvergencePlot.Guides("h(X)", 1e-24, "residual tolerance", Double.NaN, ""));
        assertTrue(new Pixels(near).widestRow(Palette.BLUE, 30) > line, "no tolerance line");
    }

    @Test
    void convergencePlotOfARunWithoutTruthOrEscapes() {
        History history = new History();
        for (int i = 0; i < 100; i++) history.record(i, Math.exp(-i / 10.0), Double.NaN);
        Path png = dir.resolve("plain.png");
        Charts.convergence(png, "no truth", history, ConvergencePlot.Guides.l1());
        Pixels p = new Pixels(png);
        assertTrue(p.count(Palette.BLUE, 30) > 200, "no objective curve");
        assertEquals(0, p.count(Palette.ORANGE, 30), "a distance curve without a truth");
        assertTrue(p.count(Palette.SHADE, 2) < 2000, "a probe band without escapes"); // antialiased edges aside
    }

    @Test
    void successBarsHaveWilsonErrorBarsAndZeroRatesShow() {
        Variant gd = Variant.of(SolverConfig.Method.GD), sod = Variant.sod(SolverConfig.EscapeMode.TPGD);
        List<Cell> cells = new ArrayList<>();
        for (int n : new int[] {40, 50, 60}) {
            cells.add(new Cell(new Cell.Key(n, 0.1, gd), 0, 50, 3000, Stalls.NONE, 1));
            cells.add(new Cell(new Cell.Key(n, 0.1, sod), 0.6 + n / 200.0, 50, 2000, Stalls.NONE, 1));
        }
        Path png = dir.resolve("bars.png");
        Charts.successBars(png, new Table(cells));
        Pixels p = new Pixels(png);
        assertEquals(Charts.WIDTH * Charts.SCALE, p.width());
        assertTrue(p.count(Palette.ORANGE, 10) > 20_000, "no sod bars");
        // every gd rate is 0: its bars are slivers, still there
        int slivers = p.count(Palette.BLUE, 10);
        assertTrue(slivers > 100 && slivers < 10_000, "gd slivers: " + slivers + " pixels");
        // six error bars in pure black (the axes and text are dark grey)
        boolean[] whiskers = p.columnsWith(Palette.BLACK, 16, 20);
        int groups = 0;
        for (int x = 1; x < whiskers.length; x++) if (whiskers[x] && !whiskers[x - 1]) groups++;
        assertEquals(6, groups, "error bars");
    }

    @Test
    void aSolveWithAnEscapeWritesItsFigureAndAShortSummary() {
        Path png = dir.resolve("solve.png");
        CliTest.Run run = CliTest.sod("solve", "--problem", "pmc", "--n", "40", "--eps", "0.10", "--seed", "3", "--plot", png.toString(),
                "--quiet");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("escapes:     "), run.out());
        assertTrue(!run.out().contains("throughput:") && !run.out().contains("bandwidth:"), "the default summary is short: " + run.out());
        Pixels p = new Pixels(png);
        assertEquals(Charts.WIDTH * Charts.SCALE, p.width());
        assertEquals(Charts.HEIGHT * Charts.SCALE, p.height());
        assertTrue(p.inked() > 0.03, "blank figure");
        assertTrue(p.count(Palette.SHADE, 2) > 50_000, "the escape's probe steps are not drawn as a band");
        assertTrue(p.count(Palette.BLUE, 30) > 500 && p.count(Palette.ORANGE, 30) > 500, "curves missing");
    }

    @Test
    void robustSweepLinesKeepTheirMarkersAndColours() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("l1", new double[][] {{0, 0.1, 0.2, 0.3}, {1e-6, 1e-5, 1e-3, 0.5}});
        series.put("l2", new double[][] {{0, 0.1, 0.2, 0.3}, {1e-6, 0.2, 0.4, 0.8}});
        Path png = dir.resolve("lines.png");
        Charts.logLines(png, "robust", "outlier fraction", "relative error", series);
        Pixels p = new Pixels(png);
        assertTrue(p.count(Palette.series(0), 20) > 300 && p.count(Palette.series(1), 20) > 300);
    }
}
