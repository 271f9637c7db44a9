package sod.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.problems.Pmc;
import sod.problems.Problem;

/** {@link Solver#solveInto}: the run of {@link Solver#solve}, figure for figure, without a Result or garbage. */
class SolveIntoTest {

    /** PMC(40) with the paper's settings escapes once: X, status, counts, escapes and message as solve's. */
    @Test
    void givesTheSolveOfSolve() {
        try (Problem p = Pmc.create(40, 0.10, 2); Solver a = new Solver(SolverConfig.paper()); Solver b = new Solver(SolverConfig.paper())) {
            double[] x0 = new double[p.n()];
            Solver.initialPoint(0.7, 4, x0, x0.length);
            Result expected = a.solve(p, x0);
            double[] out = new double[p.n()];
            Result.Status status = b.solveInto(p, x0, Listener.NONE, out);
            RunSummary got = b.lastRun();
            assertArrayEquals(expected.x(), out);
            assertEquals(expected.status(), status);
            assertEquals(expected.status(), got.status());
            assertEquals(expected.h(), got.h());
            assertEquals(expected.gradNorm(), got.gradNorm());
            assertEquals(expected.distance(), got.distance());
            assertEquals(expected.relativeResidual(), got.relativeResidual());
            assertEquals(expected.iterations(), got.iterations());
            assertEquals(expected.probeSteps(), got.probeSteps());
            assertEquals(expected.verdict(), got.verdict());
            assertEquals(expected.message(), got.message());
            assertEquals(expected.escapes().size(), got.escapes().size());
            assertEquals(expected.acceptedEscapes(), got.acceptedEscapes());
            for (int e = 0; e < expected.escapes().size(); e++)
                assertEquals(expected.escapes().get(e).hAfter(), got.escapes().get(e).hAfter());
            // and a reused solver's next solve overwrites the summary with its own run
            Result again = b.solve(p, x0);
            assertEquals(expected.h(), again.h());
            assertEquals(expected.escapes().size(), b.lastRun().escapes().size());
        }
    }

    @Test
    void rejectsAnOutputOfTheWrongSize() {
        try (Problem p = Pmc.create(10, 0.10, 1); Solver s = new Solver(SolverConfig.paper())) {
            SodInputException e = assertThrows(SodInputException.class, () -> s.solveInto(p, null, Listener.NONE, new double[3]));
            assertEquals("solver: xOut must have n*r = 10*1 entries, got 3", e.getMessage());
        }
    }

    @Test
    void aSummaryBeforeAnyRunSaysSo() {
        try (Solver s = new Solver(SolverConfig.paper())) {
            assertThrows(IllegalStateException.class, () -> s.lastRun().status());
        }
    }

    /** In a fresh JVM (see {@link sod.testing.FreshJvm} why): a warm solver's solveInto allocates nothing. */
    @Test
    void aWarmSolveIntoAllocatesNothing() throws Exception {
        assertEquals("0", sod.testing.FreshJvm.run(SolveIntoAllocationProbe.class).trim());
    }
}
