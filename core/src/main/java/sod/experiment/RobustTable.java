package sod.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The robust sweep's table: per (search rank, fraction, loss) the worst (max) and the geometric mean
 * of the relative error over the seeds, aggregated in grid order whatever order the trials finished in.
 */
public final class RobustTable {
    /** One cell. */
    public record Cell(int searchRank, double fraction, String loss, double worst, double geometricMean, int trials) {
    }

    private final RobustSpec spec;
    private final List<RobustOutcome> outcomes;
    private final Map<List<Object>, Cell> cells = new LinkedHashMap<>();

    /** @param outcomes the finished trials of {@code spec}'s grid, in any order */
    public RobustTable(RobustSpec spec, List<RobustOutcome> outcomes) {
        this.spec = spec;
        Map<RobustTrial, Integer> position = new HashMap<>();
        List<RobustTrial> grid = spec.grid();
        for (int i = 0; i < grid.size(); i++) position.put(grid.get(i), i);
        List<RobustOutcome> ordered = new ArrayList<>(outcomes);
        ordered.sort(Comparator.comparingInt(o -> position.getOrDefault(o.trial(), Integer.MAX_VALUE)));
        this.outcomes = List.copyOf(ordered);
        Map<List<Object>, double[]> sums = new LinkedHashMap<>();
        for (RobustOutcome o : this.outcomes) {
            RobustTrial t = o.trial();
            double[] c = sums.computeIfAbsent(key(t.searchRank(), t.fraction(), t.loss()), k -> new double[3]);
            c[0] = Math.max(c[0], o.relativeError());
            c[1] += Math.log(Math.max(o.relativeError(), 1e-300));
            c[2]++;
        }
        for (var e : sums.entrySet()) {
            List<Object> k = e.getKey();
            double[] c = e.getValue();
            cells.put(k, new Cell((Integer) k.get(0), (Double) k.get(1), (String) k.get(2), c[0], Math.exp(c[1] / c[2]), (int) c[2]));
        }
    }

    private static List<Object> key(int searchRank, double fraction, String loss) {
        return List.of(searchRank, fraction, loss);
    }

    public List<Cell> cells() {
        return List.copyOf(cells.values());
    }

    /** The cell, or null when none of its trials ran. */
    public Cell cell(int searchRank, double fraction, String loss) {
        return cells.get(key(searchRank, fraction, loss));
    }

    /** trials.csv: every trial in grid order. */
    public String trialsCsv() {
        StringBuilder s = new StringBuilder("search_rank,p,loss,seed,relative_error,seconds\n");
        for (RobustOutcome o : outcomes) {
            RobustTrial t = o.trial();
            s.append(t.searchRank()).append(',').append(t.fraction()).append(',').append(t.loss()).append(',').append(t.seed())
                    .append(',').append(csv(o.relativeError())).append(',').append(o.seconds()).append('\n');
        }
        return s.toString();
    }

    /** table.csv: one line per cell. */
    public String csv() {
        StringBuilder s = new StringBuilder("search_rank,p,loss,max_relative_error,geomean_relative_error,trials\n");
        for (Cell c : cells.values()) {
            s.append(c.searchRank()).append(',').append(c.fraction()).append(',').append(c.loss()).append(',').append(csv(c.worst()))
                    .append(',').append(csv(c.geometricMean())).append(',').append(c.trials()).append('\n');
        }
        return s.toString();
    }

    /** table.md: the worst error, one row per (search rank, loss), one column per fraction. */
    public String markdown() {
        StringBuilder s = new StringBuilder("| r' | loss |");
        for (double p : spec.fractions()) s.append(String.format(Locale.ROOT, " p = %.2f |", p));
        s.append("\n|---|---|");
        for (int i = 0; i < spec.fractions().size(); i++) s.append("---|");
        s.append('\n');
        for (int rp : spec.searchRanks())
            for (RecoveryMethod method : spec.methods()) {
                s.append("| ").append(rp).append(" | ").append(method.loss()).append(" |");
                for (double p : spec.fractions()) {
                    Cell c = cell(rp, p, method.loss());
                    s.append(c == null || Double.isNaN(c.worst()) ? " - |" : Double.isInfinite(c.worst()) ? " inf |"
                            : String.format(Locale.ROOT, " %.2e |", c.worst()));
                }
                s.append('\n');
            }
        return s.toString();
    }

    /** A CSV field: non-finite numbers (a diverged run's error) are empty, never "NaN" or "Infinity". */
    private static String csv(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
