package sod.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.Sweep.Trial;
import sod.solver.Sweep.Variant;

class SweepTest {

    @Test
    void smallSweepSucceedsWithSodAndIsIndependentOfThreads() {
        List<Sweep.Cell> cells = List.of(new Sweep.Cell(40, 0.15));
        List<Trial> one = new ArrayList<>(), two = new ArrayList<>();
        Sweep.Table t1 = Sweep.run(new Sweep.Options(cells, 5, true, List.of(EscapeMode.TPGD, EscapeMode.LINE_SEARCH), 1,
                SolverConfig.paper(), null), one::add);
        Sweep.Table t2 = Sweep.run(new Sweep.Options(cells, 5, true, List.of(EscapeMode.TPGD, EscapeMode.LINE_SEARCH), 2,
                SolverConfig.paper(), null), two::add);
        assertEquals(List.of(Variant.GD, Variant.SOD_TPGD, Variant.SOD_LINE_SEARCH), t1.variants());
        assertEquals(1.0, t1.rate(0, 1), "GD+SOD (TPGD) must recover every seed");
        assertEquals(1.0, t1.rate(0, 2), "GD+SOD (line search) must recover every seed");
        assertEquals(15, one.size());
        Comparator<Trial> order = Comparator.comparing((Trial t) -> t.seed()).thenComparing(Trial::variant);
        one.sort(order);
        two.sort(order);
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).h(), two.get(i).h());
            assertEquals(one.get(i).iterations(), two.get(i).iterations());
        }
        assertEquals(t1.rate(0, 0), t2.rate(0, 0));
        assertTrue(t1.format().contains("GD+SOD"));
    }

    @Test
    void sharedPrefixGivesTheSameResultsAsIndependentRuns() {
        List<Sweep.Cell> cells = List.of(new Sweep.Cell(40, 0.10));
        List<Trial> shared = new ArrayList<>(), alone = new ArrayList<>();
        Sweep.run(new Sweep.Options(cells, 3, true, List.of(EscapeMode.TPGD), 1, SolverConfig.paper(), null), shared::add);
        Sweep.run(new Sweep.Options(cells, 3, false, List.of(EscapeMode.TPGD), 1, SolverConfig.paper(), null), alone::add);
        shared.removeIf(t -> t.variant() == Variant.GD);
        shared.sort(Comparator.comparing(Trial::seed));
        alone.sort(Comparator.comparing(Trial::seed));
        assertEquals(alone.size(), shared.size());
        for (int i = 0; i < alone.size(); i++) {
            assertEquals(alone.get(i).h(), shared.get(i).h());
            assertEquals(alone.get(i).iterations(), shared.get(i).iterations());
            assertEquals(alone.get(i).escapeAttempts(), shared.get(i).escapeAttempts());
        }
    }

    @Test
    void skipPredicateResumes() {
        List<Sweep.Cell> cells = List.of(new Sweep.Cell(40, 0.15));
        List<Trial> ran = new ArrayList<>();
        Sweep.run(new Sweep.Options(cells, 4, true, List.of(EscapeMode.TPGD), 1, SolverConfig.paper(),
                k -> k.seed() < 2), ran::add);
        assertEquals(4, ran.size());
        assertTrue(ran.stream().allMatch(t -> t.seed() >= 2));
    }
}
