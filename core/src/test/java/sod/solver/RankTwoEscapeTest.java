package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.problems.PmcBlocks;
import sod.problems.Problem;

/** An r = 2 escape from a genuine spurious point: two PMC(20, 0.10) blocks, one of them stuck. */
class RankTwoEscapeTest {

    @Test
    void sodEscapesAGenuineRankTwoSpuriousPoint() {
        try (Problem p = PmcBlocks.create(40, 2, 0.10, 1); var analysis = new StationaryPointAnalysis(p.operator(), 2)) {
            SolverConfig config = SolverConfig.paper().withSeed(0);
            double[] stuck;
            try (Solver gd = new Solver(config.toBuilder().method(SolverConfig.Method.GD).maxIterations(20_000)
                    .targetDistance(Double.NaN).build())) {
                Result end = gd.solve(p);
                // plain GD ends at a spurious second-order point far from M*
                assertEquals(Result.Status.STATIONARY, end.status(), end.message());
                assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, end.verdict(), end.message());
                assertTrue(end.distance() > 1, "far from M*: " + end.distance());
                stuck = end.x();
            }
            var report = analysis.analyse(stuck, p.b(), 1e-6, SodEscape.STALL_CURVATURE_TOLERANCE);
            assertTrue(report.hessianMin() >= -1e-9 * report.gNorm() && report.gMin() < 0, report.toString());

            SodEscape.Attempt attempt = SodEscape.at(p, stuck, config, null);
            Escape e = attempt.escape();
            assertTrue(e.kind().accepted(), e.toString());
            assertTrue(e.hAfter() < 0.6 * e.hBefore(), "a real drop, not a descent step: " + e);

            try (Solver sod = new Solver(config.toBuilder().maxIterations(6000).build())) {
                Result res = sod.solve(p, stuck);
                assertTrue(res.success(), res.message());
                assertTrue(res.distance() < 0.05, "recovered: " + res.distance());
                assertNotNull(res.escapes().get(0).verdict());
            }
        }
    }
}
