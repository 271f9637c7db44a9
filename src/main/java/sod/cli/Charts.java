package sod.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import sod.experiment.Cell;
import sod.experiment.Table;

/** PNG charts (XChart, rendered headless) for solve and sweep; written atomically. */
final class Charts {
    /** Log axes cannot show zero: values below this are drawn at it. */
    private static final double LOG_FLOOR = 1e-30;

    static {
        System.setProperty("java.awt.headless", "true"); // before XChart touches AWT
    }

    private Charts() {
    }

    /** h and distance against iteration on a log scale, with the accepted escapes marked on the h curve. */
    static void convergence(Path file, String title, History history) {
        XYChart chart = new XYChartBuilder().width(960).height(540).title(title)
                .xAxisTitle("iteration").yAxisTitle("value (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(9);
        int count = history.size();
        if (count == 0) {
            chart.addSeries("h", new double[] {0}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        } else {
            double[] iterations = Arrays.copyOf(history.iterations(), count);
            chart.addSeries("h", iterations, floor(history.h(), count)).setMarker(SeriesMarkers.NONE);
            if (history.hasDistance()) {
                chart.addSeries("||XX^T - M*||_F", iterations, floor(history.distance(), count))
                        .setMarker(SeriesMarkers.NONE);
            }
        }
        if (history.escapeCount() > 0) {
            XYSeries escapes = chart.addSeries("escape", Arrays.copyOf(history.escapeIterations(), history.escapeCount()),
                    floor(history.escapeH(), history.escapeCount()));
            escapes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            escapes.setMarker(SeriesMarkers.DIAMOND);
        }
        write(file, chart);
    }

    /** Grouped bars of success rate: one group per (n, eps), one bar per (method, escape). */
    static void successBars(Path file, Table table) {
        CategoryChart chart = new CategoryChartBuilder().width(960).height(540).title("success rate")
                .xAxisTitle("problem").yAxisTitle("success rate").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> groups = new ArrayList<>();
        Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
        for (Cell cell : table.cells()) {
            String group = cell.groupLabel();
            if (!groups.contains(group)) groups.add(group);
            bySeries.computeIfAbsent(cell.seriesLabel(), k -> new LinkedHashMap<>()).put(group, cell.successRate());
        }
        for (var series : bySeries.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String group : groups) values.add(series.getValue().getOrDefault(group, 0.0));
            chart.addSeries(series.getKey(), groups, values);
        }
        write(file, chart);
    }

    /** Lines of y against x, one per named series ({@code {xs, ys}}), y on a log scale; markers at the points. */
    static void logLines(Path file, String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(960).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        for (var e : series.entrySet()) {
            double[][] xy = e.getValue();
            chart.addSeries(e.getKey(), xy[0], floor(xy[1], xy[1].length));
        }
        write(file, chart);
    }

    private static double[] floor(double[] values, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            double v = values[i];
            out[i] = Double.isFinite(v) ? Math.max(v, LOG_FLOOR) : LOG_FLOOR;
        }
        return out;
    }

    private static void write(Path file, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            AtomicWrite.bytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new sod.SodInputException("cannot render " + file + ": " + e.getMessage() + "; check the path", e);
        }
    }
}
