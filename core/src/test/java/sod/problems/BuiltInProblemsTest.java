package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sod.SodInputException;

class BuiltInProblemsTest {
    static Problem create(String name, int n, long seed) {
        return BuiltInProblems.named(name).create(new BuiltInProblem.Parameters(n, 0, 1, 0.1, seed, 0, 1));
    }

    @Test
    void theRegistryListsTheProblemsOfTheHelp() {
        assertEquals(List.of("pmc", "gaussian", "rank-one", "completion", "counterexample", "pmc-blocks"), BuiltInProblems.names());
        assertEquals("pmc", BuiltInProblems.named("PMC").name());
        SodInputException e = assertThrows(SodInputException.class, () -> BuiltInProblems.named("nonsense"));
        assertTrue(e.getMessage().startsWith("unknown problem 'nonsense'; choose one of pmc, gaussian"), e.getMessage());
        for (BuiltInProblem p : BuiltInProblems.all()) assertEquals(p.name().startsWith("pmc"), p.takesEps(), p.name());
        assertEquals(List.of(40, 50, 60, 70, 80), BuiltInProblems.named("pmc").sweepSizes()); // spec section 7
        assertEquals(List.of(0.15, 0.10), BuiltInProblems.named("pmc").sweepEpsilons());
        assertEquals(List.of(2), BuiltInProblems.named("counterexample").sweepSizes());
    }

    @Test
    void defaultSizesAndMeasurementCounts() {
        try (Problem pmc = create("pmc", 0, 0); Problem gauss = create("gaussian", 0, 0); Problem comp = create("completion", 0, 0);
             Problem ce = create("counterexample", 0, 0)) {
            assertEquals(40, pmc.n());
            assertEquals(40 * 40, pmc.m());
            assertEquals(20, gauss.n());
            assertEquals(5 * 20, gauss.m()); // m = 5 n r
            assertEquals((int) Math.ceil(3 * 20 * Math.log(20)), comp.m()); // 3 n r ln n < n(n+1)/2
            assertEquals(2, ce.n());
            assertEquals(3, ce.m());
        }
    }

    /** A seeded problem is a new draw per seed; PMC and the counterexample do not depend on it. */
    @Test
    void seededTellsWhetherTheSeedChangesTheInstance() {
        for (BuiltInProblem p : BuiltInProblems.all()) {
            int n = p.name().equals("counterexample") ? 2 : 20;
            try (Problem a = create(p.name(), n, 1); Problem b = create(p.name(), n, 2); Problem again = create(p.name(), n, 1)) {
                assertArrayEquals(a.b(), again.b(), p.name());
                assertEquals(p.seeded(), !Arrays.equals(a.b(), b.b()) || a.m() != b.m(), p.name());
            }
        }
    }

    @Test
    void badParametersAreOneLineErrors() {
        assertThrows(SodInputException.class, () -> new BuiltInProblem.Parameters(10, 0, 0, 0.1, 0, 0, 1));
        assertThrows(SodInputException.class, () -> new BuiltInProblem.Parameters(10, 0, 1, 0.0, 0, 0, 1));
        assertThrows(SodInputException.class, () -> new BuiltInProblem.Parameters(10, 0, 1, 0.1, 0, 0, 0));
        assertThrows(SodInputException.class, () -> create("counterexample", 3, 0));
        SodInputException rank = assertThrows(SodInputException.class, () -> BuiltInProblems.named("pmc")
                .create(new BuiltInProblem.Parameters(10, 0, 2, 0.1, 0, 0, 1)));
        assertEquals("pmc has a rank-1 ground truth; use --rank 1", rank.getMessage());
        assertThrows(SodInputException.class, () -> BuiltInProblems.named("completion")
                .create(new BuiltInProblem.Parameters(4, 0, 1, Double.NaN, 0, 11, 1)));
        assertFalse(BuiltInProblems.named("gaussian").takesEps());
    }
}
