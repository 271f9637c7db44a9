package sod.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sod.cli.plot.Axis;
import sod.cli.plot.BarChart;
import sod.cli.plot.Palette;
import sod.experiment.Cell;
import sod.experiment.Table;

/**
 * The success-rate figure of a sweep: one group of bars per (n, eps), one bar per method, each with its
 * 95% Wilson interval (the sampling error of a rate over a few dozen seeds is large: 50 of 50 still
 * allows 0.93). A cell without trials draws no bar.
 */
final class SuccessPlot {
    private SuccessPlot() {
    }

    static BarChart chart(Table table) {
        List<String> groups = new ArrayList<>();
        Map<String, Map<String, Cell>> bySeries = new LinkedHashMap<>();
        int fewest = Integer.MAX_VALUE, most = 0;
        for (Cell cell : table.cells()) {
            String group = groupLabel(cell);
            if (!groups.contains(group)) groups.add(group);
            bySeries.computeIfAbsent(cell.seriesLabel(), k -> new LinkedHashMap<>()).put(group, cell);
            if (cell.trials() > 0) {
                fewest = Math.min(fewest, cell.trials());
                most = Math.max(most, cell.trials());
            }
        }
        BarChart chart = new BarChart("", "problem", "success rate", groups, Axis.fixed(0, 1.04, 0.2)); // a margin above 1: full bars and their caps clear the top
        int colour = 0;
        for (var series : bySeries.entrySet()) {
            double[] rate = new double[groups.size()], low = new double[groups.size()], high = new double[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                Cell c = series.getValue().get(groups.get(g));
                rate[g] = c == null ? Double.NaN : c.successRate();
                low[g] = c == null ? Double.NaN : c.successLow95();
                high[g] = c == null ? Double.NaN : c.successHigh95();
            }
            chart.series(series.getKey(), Palette.series(colour++), rate, low, high);
        }
        if (most > 0) {
            chart.note("error bars: 95% Wilson intervals");
            chart.note(fewest == most ? most + " trials per bar" : fewest + "-" + most + " trials per bar");
        }
        return chart;
    }

    /** "n=40" over "eps=0.1": two short lines under the group rather than one long one. */
    private static String groupLabel(Cell cell) {
        return cell.groupLabel().replace(' ', '\n');
    }
}
