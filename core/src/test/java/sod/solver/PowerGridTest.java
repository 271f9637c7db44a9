package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import sod.problems.Problem;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.LocalMethod;

/**
 * Power-system state estimation on the committed IEEE grids (rank 1, noise-free, full SCADA set), from
 * the flat start: the second-order local methods converge in a handful of steps where gradient descent
 * needs thousands (workloads section 1: Gauss-Newton condition numbers 1.9e3 / 6.7e3 / 1.8e5, 77 / 272 /
 * 730 normalised).
 */
class PowerGridTest {
    /** Stop at relative residual 1e-10: htol is its square. */
    static SolverConfig.Builder toRelativeResidual1e10(LocalMethod local) {
        return SolverConfig.builder().method(SolverConfig.Method.GD).local(local).stepRule(SolverConfig.StepRule.ARMIJO)
                .step(1000).residualTolerance(1e-20).maxIterations(30);
    }

    @ParameterizedTest
    @EnumSource(value = LocalMethod.class, names = {"LM", "TRUST_REGION"})
    void normalised118BusFromTheFlatStartWithinThirtyIterations(LocalMethod local) {
        for (boolean normalised : new boolean[] {true, false}) {
            try (Problem p = PowerGrids.problem("case118", normalised); Solver s = new Solver(toRelativeResidual1e10(local).build())) {
                Result r = s.solve(p, PowerGrids.flatStart("case118", p.n()));
                String what = p.name() + " under " + local + ": " + r.message() + " after " + r.iterations();
                assertEquals(Status.CONVERGED, r.status(), what);
                assertTrue(r.relativeResidual() <= 1e-10, what);
                assertTrue(r.relativeDistance() < 1e-9, what + ", voltage error " + r.relativeDistance());
                assertTrue(r.iterations() <= 12, what); // measured: 8 normalised, 8-9 as exported
            }
        }
    }

    @Test
    void gradientDescentNeedsHundredsOfTimesMoreIterationsOnTheSmallestGrid() {
        try (Problem p = PowerGrids.problem("case14", true);
             Solver gd = new Solver(toRelativeResidual1e10(LocalMethod.GD).maxIterations(20000).build());
             Solver lm = new Solver(toRelativeResidual1e10(LocalMethod.LM).build())) {
            double[] flat = PowerGrids.flatStart("case14", p.n());
            Result slow = gd.solve(p, flat), fast = lm.solve(p, flat);
            assertEquals(Status.CONVERGED, slow.status(), slow.message());
            assertEquals(Status.CONVERGED, fast.status(), fast.message());
            assertTrue(slow.iterations() > 50 * fast.iterations(), slow.iterations() + " GD vs " + fast.iterations() + " LM");
        }
    }
}
