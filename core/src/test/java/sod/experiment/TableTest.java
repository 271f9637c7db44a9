package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sod.solver.Result;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

class TableTest {
    static final Variant GD = Variant.of(Method.GD), SOD = Variant.sod(EscapeMode.TPGD);

    static Outcome outcome(Trial t, boolean success, int iterations, double seconds) {
        return new Outcome(t, success, iterations, seconds, 0, 0, 0, success ? Result.Status.TARGET_REACHED : Result.Status.ITERATION_BUDGET,
                new Stalls(1, 0, 0, 0));
    }

    /** Two cells (gd and sod at n = 20 without eps), three seeds, one sod trial not run yet. */
    static List<Trial> grid() {
        List<Trial> grid = new ArrayList<>();
        for (Variant v : List.of(GD, SOD))
            for (long seed = 0; seed < 3; seed++) grid.add(new Trial("gaussian", 20, Double.NaN, v, seed));
        return grid;
    }

    static Map<String, Outcome> done(List<Trial> grid, long shuffle) {
        List<Outcome> list = new ArrayList<>();
        int[] iterations = {10, 20, 40, 7, 9};
        double[] seconds = {0.1, 0.2, 0.3, 1e-17, 1.0};
        for (int k = 0; k < 5; k++) list.add(outcome(grid.get(k), k != 1, iterations[k], seconds[k]));
        Collections.shuffle(list, new Random(shuffle));
        Map<String, Outcome> done = new LinkedHashMap<>();
        for (Outcome o : list) done.put(o.trial().key(), o);
        return done;
    }

    @Test
    void cellsAggregateInSeedOrderWhateverOrderTrialsFinished() {
        List<Trial> grid = grid();
        Table table = Table.of(grid, done(grid, 1));
        assertEquals(2, table.cells().size());
        Cell gd = table.cells().get(0), sod = table.cells().get(1);
        assertEquals(GD, gd.variant());
        assertEquals(2.0 / 3, gd.successRate());
        assertEquals(70.0 / 3, gd.meanIterations());
        assertEquals(3, gd.trials());
        assertEquals(new Stalls(3, 0, 0, 0), gd.stalls());
        assertEquals(2, sod.trials());
        assertEquals(8.0, sod.meanIterations());
        // 1e-17 + 1.0 rounds differently from 1.0 + 1e-17 only in other orders: seed order is fixed
        assertEquals((1e-17 + 1.0) / 2, sod.meanSeconds());
        for (long shuffle = 2; shuffle < 6; shuffle++) assertEquals(table, Table.of(grid, done(grid, shuffle)));
        assertEquals("n=20", gd.groupLabel());
        assertEquals(new Stalls(5, 0, 0, 0), table.stalls());
    }

    @Test
    void csvAndJsonFiles() {
        List<Trial> grid = grid();
        Table table = Table.of(grid, done(grid, 1));
        List<String> csv = new TableCsv().render(table).lines().toList();
        assertEquals(TableCsv.HEADER, csv.get(0));
        Cell gd = table.cells().get(0);
        assertEquals("20,-,gd,-," + 2.0 / 3 + "," + gd.successLow95() + "," + gd.successHigh95() + ",3," + 70.0 / 3
                + ",3,0,0,0," + (0.1 + 0.2 + 0.3) / 3, csv.get(1));
        assertTrue(csv.get(2).startsWith("20,-,sod,tpgd,1.0," + table.cells().get(1).successLow95() + ",1.0,2,8.0,2,0,0,0,"), csv.get(2));
        String json = new TableJson().render(table);
        assertTrue(json.startsWith("[") && json.contains("\"eps\": null") && json.contains("\"escape\": \"tpgd\""), json);
        assertTrue(json.contains("\"successLow95\": " + gd.successLow95()) && json.contains("\"successHigh95\": 1.0"), json);
        assertEquals(List.of("table.csv", "table.json"), TableFormat.FILES.stream().map(TableFormat::fileName).toList());
    }

    @Test
    void aCellWithoutTrialsHasNoRates() {
        Table table = Table.of(grid(), Map.of());
        assertEquals(0, table.cells().get(0).trials());
        assertTrue(Double.isNaN(table.cells().get(0).successRate()));
        assertTrue(Double.isNaN(table.cells().get(0).successLow95()) && Double.isNaN(table.cells().get(0).successHigh95()));
        // no interval is written as NaN: empty CSV fields, JSON nulls
        String csv = new TableCsv().render(table);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.split(",", -1)[5].isEmpty() && l.split(",", -1)[6].isEmpty()), csv);
        assertTrue(new TableJson().render(table).contains("\"successLow95\": null"));
    }

    /** Newcombe (1998), Statistics in Medicine 17:857, table II, method 3 (score interval without continuity correction). */
    @Test
    void wilsonIntervalsMatchNewcombesTable() {
        double[][] cases = {{81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0, 0.1611}, {1, 29, 0.0061, 0.1718}};
        for (double[] c : cases) {
            Cell cell = cell((int) c[0], (int) c[1]);
            assertEquals(c[2], cell.successLow95(), 5e-5, () -> (int) c[0] + "/" + (int) c[1]);
            assertEquals(c[3], cell.successHigh95(), 5e-5, () -> (int) c[0] + "/" + (int) c[1]);
        }
        // the ends at 0 and n successes are exact, and the interval never collapses to a point
        assertEquals(0.0, cell(0, 50).successLow95());
        assertEquals(1.0, cell(50, 50).successHigh95());
        assertEquals(50 / (50 + 1.959963984540054 * 1.959963984540054), cell(50, 50).successLow95(), 1e-15);
        assertEquals(37, cell(37, 50).successes());
    }

    private static Cell cell(int successes, int trials) {
        return new Cell(new Cell.Key(20, Double.NaN, GD), successes / (double) trials, trials, 0, Stalls.NONE, 0);
    }
}
