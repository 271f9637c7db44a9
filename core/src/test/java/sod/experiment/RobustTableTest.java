package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sod.problems.Outliers;
import sod.testing.Assertions;
import sod.testing.Tolerances;

class RobustTableTest {
    @Test
    void worstAndGeometricMeanOverSeedsInGridOrder() {
        RobustSpec spec = new RobustSpec(10, 1, 0, List.of(0.0, 0.2), List.of(1), 2, Outliers.Distribution.GAUSSIAN, 10,
                RobustSpec.l1AndL2(10, 0.1));
        assertEquals(50, spec.m(), "m = 5 n r");
        List<RobustTrial> grid = spec.grid();
        assertEquals(2 * 2 * 2, grid.size());
        List<RobustOutcome> outcomes = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) outcomes.add(new RobustOutcome(grid.get(k), Math.pow(10, -k), k));
        Collections.shuffle(outcomes, new Random(3));
        RobustTable table = new RobustTable(spec, outcomes);
        RobustTable.Cell first = table.cell(1, 0.0, "l1");
        assertEquals(1.0, first.worst());
        Assertions.assertClose(Math.sqrt(1 * 0.1), first.geometricMean(), Tolerances.REORDERED_SUM, 1e-300, "geomean");
        assertEquals(2, first.trials());
        List<String> trials = table.trialsCsv().lines().toList();
        assertEquals("search_rank,p,loss,seed,relative_error,seconds", trials.get(0));
        assertEquals("1,0.0,l1,0,1.0,0.0", trials.get(1), "grid order, whatever order the trials finished in");
        assertEquals("1,0.2,l2,1,1.0E-7,7.0", trials.get(8));
        assertEquals("1,0.0,l1,1.0," + first.geometricMean() + ",2", table.csv().lines().toList().get(1));
        assertEquals("| 1 | l2 | 1.00e-02 | 1.00e-06 |", table.markdown().lines().toList().get(3));
    }
}
