package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.problems.Counterexample;
import sod.problems.Pmc;
import sod.problems.Problem;

/** A stall's verdict says what the point is: checked by where plain descent from it ends. */
class StallVerdictTest {

    @Test
    void aPointNearTheSpuriousMinimumIsJudgedByItsNewtonStep() {
        try (Problem p = Counterexample.create(); var analysis = new StationaryPointAnalysis(p.operator(), 1)) {
            double[] near = {0.002, Counterexample.SPURIOUS_POINT[1] + 0.003};
            var report = analysis.analyse(near, p.b(), SodEscape.STALL_GRADIENT_TOLERANCE * 1e-3,
                    SodEscape.STALL_CURVATURE_TOLERANCE, false);
            assertTrue(report.hessianMin() > 0 && report.newtonDistance() < StationaryPointAnalysis.NEWTON_RADIUS, report.toString());
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, report.verdict(), report.toString());
            var far = analysis.analyse(new double[] {0.3, 0.2}, p.b(), SodEscape.STALL_GRADIENT_TOLERANCE * 1e-3,
                    SodEscape.STALL_CURVATURE_TOLERANCE, false);
            assertEquals(StationaryPointAnalysis.Verdict.NOT_STATIONARY, far.verdict(), far.toString());
        }
    }

    /**
     * On the paper's PMC(40, 0.10), the first plateau stall of GD is classified a spurious second-order
     * point, and plain GD continued from it to tight tolerances indeed ends at a spurious stationary point
     * far from M*: the verdict was right although the gradient was not yet small.
     */
    @Test
    void firstPlateauStallsOnPmcAreNearSpuriousMinima() {
        try (Problem p = Pmc.create(40, 0.10, 1); var analysis = new StationaryPointAnalysis(p.operator(), 1)) {
            int judged = 0;
            for (int seed = 0; seed < 4; seed++) {
                Solver.Checkpoint stall;
                try (Solver gd = new Solver(SolverConfig.paper().toBuilder().method(SolverConfig.Method.GD).seed(seed).build())) {
                    gd.solve(p);
                    stall = gd.firstStall();
                }
                if (stall == null) continue;
                var report = analysis.analyse(stall.x(), p.b(), SodEscape.STALL_GRADIENT_TOLERANCE,
                        SodEscape.STALL_CURVATURE_TOLERANCE, false);
                if (report.verdict() != StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER) continue;
                judged++;
                SolverConfig onward = SolverConfig.builder().method(SolverConfig.Method.GD).maxIterations(200_000)
                        .gradientTolerance(1e-9).build();
                try (Solver gd = new Solver(onward)) {
                    Result end = gd.solve(p, stall.x());
                    assertEquals(Result.Status.STATIONARY, end.status(), end.message());
                    assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, end.verdict(), end.message());
                    assertTrue(end.distance() > 1, "a spurious point, far from M*: " + end.distance());
                }
            }
            assertTrue(judged >= 3, "most first stalls are near spurious minima: " + judged + " of 4");
        }
    }
}
