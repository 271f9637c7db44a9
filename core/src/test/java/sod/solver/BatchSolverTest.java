package sod.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;

/**
 * The batch solver against independent solves of the same members: every result (X, h, iterations,
 * status, every escape record but its time) is bitwise that of {@link Solver#solve} or
 * {@link Solver#resume}, whatever the batch size, wave size or neighbours; the members' first-stall
 * checkpoints are those of their solves.
 */
class BatchSolverTest {

    private static SolverConfig paper(SolverConfig.Method method) {
        return SolverConfig.paper().toBuilder().method(method).build();
    }

    private static List<double[]> starts(int n, int count, long seed0) {
        List<double[]> starts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] x0 = new double[n];
            Solver.initialPoint(0.7, seed0 + k, x0, n);
            starts.add(x0);
        }
        return starts;
    }

    static void assertSameResult(Result want, Result got, String what) {
        assertEquals(want.status(), got.status(), what + ": status");
        assertEquals(want.iterations(), got.iterations(), what + ": iterations");
        assertEquals(want.probeSteps(), got.probeSteps(), what + ": probe steps");
        assertEquals(want.h(), got.h(), 0.0, what + ": h");
        assertEquals(want.distance(), got.distance(), 0.0, what + ": distance");
        assertEquals(want.gradNorm(), got.gradNorm(), 0.0, what + ": gradient norm");
        assertArrayEquals(want.x(), got.x(), what + ": X");
        assertEquals(want.verdict(), got.verdict(), what + ": verdict");
        assertEquals(want.message(), got.message(), what + ": message");
        assertEquals(want.escapes().size(), got.escapes().size(), what + ": escapes");
        for (int e = 0; e < want.escapes().size(); e++) {
            Escape a = want.escapes().get(e), b = got.escapes().get(e);
            assertEquals(a.kind(), b.kind(), what + ": escape " + e);
            assertEquals(a.iteration(), b.iteration(), what + ": escape " + e + " iteration");
            assertEquals(a.hAfter(), b.hAfter(), 0.0, what + ": escape " + e + " h after");
            assertEquals(a.efs(), b.efs(), 0.0, what + ": escape " + e + " EFS");
        }
    }

    @Test
    void gdAndSodMembersEqualTheirIndependentSolves() {
        try (Problem pmc = Pmc.create(24, 0.10, 1)) {
            for (SolverConfig.Method method : new SolverConfig.Method[] {SolverConfig.Method.GD, SolverConfig.Method.SOD}) {
                SolverConfig config = paper(method);
                List<double[]> x0 = starts(24, 7, 100);
                List<Result> batch;
                try (BatchSolver solver = new BatchSolver(config)) {
                    assertTrue(solver.batches());
                    batch = solver.solveAll(pmc, x0);
                    try (Solver alone = new Solver(config)) {
                        for (int k = 0; k < x0.size(); k++) {
                            Result want = alone.solve(pmc, x0.get(k));
                            assertSameResult(want, batch.get(k), method + " member " + k);
                            Solver.Checkpoint a = alone.firstStall(), b = solver.firstStall(k);
                            if (a == null) {
                                assertNull(b, "member " + k + " stall");
                            } else {
                                assertNotNull(b, "member " + k + " stall");
                                assertEquals(a.iteration(), b.iteration());
                                assertArrayEquals(a.x(), b.x());
                            }
                        }
                    }
                }
                if (method == SolverConfig.Method.SOD) {
                    long escaped = batch.stream().filter(r -> r.acceptedEscapes() > 0).count();
                    assertTrue(escaped > 0, "the test must cover members that escape");
                }
            }
        }
    }

    @Test
    void resumedMembersEqualSolverResume() {
        try (Problem pmc = Pmc.create(20, 0.10, 1); BatchSolver gd = new BatchSolver(paper(SolverConfig.Method.GD));
             BatchSolver sod = new BatchSolver(paper(SolverConfig.Method.SOD)); Solver alone = new Solver(paper(SolverConfig.Method.SOD))) {
            List<double[]> x0 = starts(20, 5, 7);
            gd.solveAll(pmc, x0);
            List<BatchSolver.Member> members = new ArrayList<>();
            for (int k = 0; k < x0.size(); k++) {
                assertNotNull(gd.firstStall(k), "GD at eps 0.10 stalls");
                members.add(BatchSolver.Member.resume(pmc, gd.firstStall(k)));
            }
            List<Result> resumed = sod.solveAll(members);
            for (int k = 0; k < x0.size(); k++) {
                assertSameResult(alone.resume(pmc, gd.firstStall(k), null), resumed.get(k), "resumed member " + k);
                assertSameResult(alone.solve(pmc, x0.get(k)), resumed.get(k), "resumed member " + k + " vs a full solve");
            }
        }
    }

    /** Waves smaller than the list, members of two b vectors of one operator and of another rank, side by side. */
    @Test
    void wavesMixedDataAndRanksChangeNoBit() {
        try (Problem pmc = Pmc.create(16, 0.15, 1)) {
            double[] b2 = pmc.b().clone();
            for (int i = 0; i < b2.length; i++) b2[i] *= 1.5;
            Problem scaled = new Problem("pmc 1.5x", pmc.operator(), b2, 1, null, 0);
            Problem rankTwo = new Problem("pmc r2", pmc.operator(), pmc.b(), 2, pmc.truth(), 1);
            SolverConfig config = paper(SolverConfig.Method.SOD);
            List<BatchSolver.Member> members = new ArrayList<>();
            List<double[]> x0 = starts(16, 6, 3);
            for (int k = 0; k < 6; k++) {
                Problem p = k % 3 == 0 ? pmc : k % 3 == 1 ? scaled : rankTwo;
                double[] start = x0.get(k);
                if (p == rankTwo) {
                    start = new double[32];
                    Solver.initialPoint(0.7, 50 + k, start, 32);
                }
                members.add(BatchSolver.Member.from(p, start));
            }
            try (BatchSolver solver = new BatchSolver(config, 4); Solver alone = new Solver(config)) {
                List<Result> got = solver.solveAll(members);
                for (int k = 0; k < members.size(); k++)
                    assertSameResult(alone.solve(members.get(k).problem(), members.get(k).x0()), got.get(k), "member " + k);
            }
        }
    }

    /** An operator without a multi-point kernel (dense Gaussian: the default objective) and a step rule that is not batched. */
    @Test
    void otherOperatorsAndStepRulesGiveTheSameResults() {
        try (Problem gaussian = GaussianSensing.create(12, 60, 1, 3, 1, false)) {
            for (SolverConfig.StepRule rule : SolverConfig.StepRule.values()) {
                SolverConfig config = SolverConfig.defaults().toBuilder().stepRule(rule).initScale(0.01).maxIterations(400).build();
                List<double[]> x0 = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    double[] s = new double[12];
                    Solver.initialPoint(0.01, k, s, 12);
                    x0.add(s);
                }
                try (BatchSolver solver = new BatchSolver(config); Solver alone = new Solver(config)) {
                    assertEquals(rule == SolverConfig.StepRule.FIXED, solver.batches());
                    List<Result> got = solver.solveAll(gaussian, x0);
                    for (int k = 0; k < x0.size(); k++) assertSameResult(alone.solve(gaussian, x0.get(k)), got.get(k), rule + " member " + k);
                }
            }
        }
    }

    @Test
    void aStopRequestStopsEveryMember() {
        try (Problem pmc = Pmc.create(16, 0.10, 1)) {
            SolverConfig config = paper(SolverConfig.Method.GD).toBuilder().targetDistance(Double.NaN).maxIterations(1_000_000)
                    .gradientTolerance(0).decreaseTolerance(0).build();
            List<BatchSolver.Member> members = new ArrayList<>();
            BatchSolver[] holder = new BatchSolver[1];
            Listener stopper = (iter, h, g, d) -> {
                if (iter == 50) holder[0].requestStop();
            };
            for (double[] x0 : starts(16, 3, 1)) members.add(new BatchSolver.Member(pmc, x0, null, stopper));
            try (BatchSolver solver = new BatchSolver(config)) {
                holder[0] = solver;
                for (Result r : solver.solveAll(members)) {
                    assertEquals(Result.Status.STOPPED, r.status());
                    assertTrue(r.iterations() <= 51, "stopped at the next boundary: " + r.iterations());
                }
            }
        }
    }
}
