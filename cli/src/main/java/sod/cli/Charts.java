package sod.cli;

import java.nio.file.Path;
import java.util.Map;
import sod.cli.plot.Canvas;
import sod.cli.plot.Marker;
import sod.cli.plot.Palette;
import sod.cli.plot.Stroke;
import sod.cli.plot.XYChart;
import sod.experiment.Table;

/**
 * The PNG figures of solve and sweep, written atomically: 960 x 540 logical pixels drawn at twice that
 * (1920 x 1080, 300 dpi at a 6.4 inch column), white, without chart junk.
 */
final class Charts {
    static final int WIDTH = 960, HEIGHT = 540;
    static final double SCALE = 2;

    private Charts() {
    }

    /** The objective and the distance against iteration, escapes and probe spans marked ({@link ConvergencePlot}). */
    static void convergence(Path file, String title, History history, ConvergencePlot.Guides guides) {
        write(file, ConvergencePlot.chart(title, history, guides).render(WIDTH, HEIGHT, SCALE));
    }

    /** Grouped bars of success rate with 95% Wilson intervals ({@link SuccessPlot}). */
    static void successBars(Path file, Table table) {
        write(file, SuccessPlot.chart(table).render(WIDTH, HEIGHT, SCALE));
    }

    /** Lines of y against x, one per named series ({@code {xs, ys}}), y on a log scale; markers at the points. */
    static void logLines(Path file, String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = new XYChart(title, xTitle, yTitle).logY();
        Marker[] markers = Marker.values();
        int i = 0;
        for (var e : series.entrySet()) {
            double[][] xy = e.getValue();
            chart.line(e.getKey(), xy[0], xy[1], Palette.series(i), Stroke.SOLID, markers[i % markers.length]);
            i++;
        }
        write(file, chart.render(WIDTH, HEIGHT, SCALE));
    }

    private static void write(Path file, Canvas canvas) {
        AtomicWrite.bytes(file, canvas.png());
    }
}
