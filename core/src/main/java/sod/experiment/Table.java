package sod.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of a sweep: one {@link Cell} per (n, eps, variant), in the order of the grid, over the
 * trials that ran. Each cell sums its trials in seed order, so the table depends only on which trials
 * are recorded, not on the order they finished in (a resumed sweep gives the same table).
 */
public record Table(List<Cell> cells) {
    public Table {
        cells = List.copyOf(cells);
    }

    /** Aggregates {@code done} (outcomes by {@link Trial#key()}) over the trials of {@code grid}. */
    public static Table of(List<Trial> grid, Map<String, Outcome> done) {
        Map<Cell.Key, List<Outcome>> byCell = new LinkedHashMap<>();
        for (Trial t : grid) {
            List<Outcome> list = byCell.computeIfAbsent(t.cell(), k -> new ArrayList<>());
            Outcome o = done.get(t.key());
            if (o != null) list.add(o);
        }
        List<Cell> cells = new ArrayList<>();
        for (var e : byCell.entrySet()) {
            List<Outcome> list = e.getValue();
            list.sort(Comparator.comparingLong(o -> o.trial().seed()));
            int successes = 0;
            double iterations = 0, seconds = 0;
            Stalls stalls = Stalls.NONE;
            for (Outcome o : list) {
                stalls = stalls.plus(o.stalls());
                if (o.success()) successes++;
                iterations += o.iterations();
                seconds += o.seconds();
            }
            int count = list.size();
            cells.add(new Cell(e.getKey(), count == 0 ? Double.NaN : successes / (double) count, count,
                    count == 0 ? Double.NaN : iterations / count, stalls, count == 0 ? Double.NaN : seconds / count));
        }
        return new Table(cells);
    }

    /** The stalls of every cell together. */
    public Stalls stalls() {
        Stalls total = Stalls.NONE;
        for (Cell c : cells) total = total.plus(c.stalls());
        return total;
    }

    /** The cell of {@code key}, or null. */
    public Cell cell(Cell.Key key) {
        for (Cell c : cells) if (c.key().equals(key)) return c;
        return null;
    }
}
