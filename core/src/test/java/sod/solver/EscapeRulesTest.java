package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sod.operators.ExplicitOperator;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.local.Iterate;
import sod.solver.stall.RelativeDecrease;

/** The rules of an escape attempt: when it fires, what it costs, when it counts, which candidate wins. */
class EscapeRulesTest {

    @Test
    void thePlateauRuleFiresAtTheFirstCheckAfterItsWaitWhereHStopsFalling() {
        RelativeDecrease rule = new RelativeDecrease(10, 1e-3, 5, 20);
        rule.restart(0);
        int fired = -1;
        for (int k = 0; k <= 100 && fired < 0; k++) {
            double h = k < 40 ? 100.0 / (1 + k) : 100.0 / 41 * (1 - 1e-6 * (k - 40)); // falling, then flat from 40
            rule.record(k, h);
            if (rule.stalled(k, null)) fired = k;
        }
        // flat from 40; the window [k-10, k] is flat only from k = 50; 50 is a check (multiple of 5) after the wait 20
        assertEquals(50, fired);
        rule.restart(50);
        for (int k = 51; k < 70; k++) {
            rule.record(k, 1.0);
            assertTrue(!rule.stalled(k, null) || k >= 70, "waits 20 iterations after a restart");
        }
    }

    @Test
    void probeStepsAreChargedToTheBudget() {
        try (Problem p = DenseTestOperator.counterexample()) {
            List<Integer> iterations = new ArrayList<>();
            SolverConfig config = WorkedExamplesTest.escapeAtStart().delta(0.5).liftOrder(3).rho(0.1).eta(0.01)
                    .probeSteps(7).maxCandidates(3).maxIterations(500).build();
            Result res = new Solver(config).solve(p, WorkedExamplesTest.COUNTER_SPURIOUS.clone(), (iter, h, g, d) -> iterations.add(iter));
            Escape e = res.escapes().get(0);
            assertTrue(e.candidates() >= 1, e.toString());
            // every candidate's 7 steps, and the 7 plain steps it is compared with
            int charged = (e.candidates() + 1) * 7;
            assertEquals(List.of(0, charged), iterations.subList(0, 2), "iterations seen: " + iterations);
        }
    }

    /**
     * An accepted escape on PMC(40, 0.10) ends clearly below the plain GD steps it replaces, computed
     * independently: GD's first stall (the same point GD+SOD escapes from) plus 100 plain steps.
     */
    @Test
    void anAcceptedEscapeBeatsTheGdStepsItReplaces() {
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            int checked = 0;
            for (int seed = 0; seed < 3; seed++) {
                SolverConfig sod = SolverConfig.paper().withSeed(seed);
                Solver.Checkpoint stall;
                try (Solver gd = new Solver(sod.withMethod(SolverConfig.Method.GD))) {
                    gd.solve(p);
                    stall = gd.firstStall();
                }
                assertNotNull(stall);
                Result res = new Solver(sod).solve(p);
                Escape first = res.escapes().get(0);
                assertEquals(stall.iteration(), first.iteration(), "GD+SOD attempts where GD stalls");
                if (!first.kind().accepted()) continue;
                double hGd = plainSteps(p, stall.x(), sod, sod.sod().probeSteps());
                assertTrue(first.hBefore() - first.hAfter() >= 2 * (first.hBefore() - hGd),
                        "escape " + first.hAfter() + " vs GD " + hGd + " from " + first.hBefore());
                assertTrue(first.hAfter() <= (1 - 1e-3) * hGd, first + " vs GD " + hGd);
                checked++;
            }
            assertTrue(checked >= 2, "accepted first escapes checked: " + checked);
        }
    }

    private static double plainSteps(Problem p, double[] from, SolverConfig config, int steps) {
        Iterate it = new Iterate(p.n(), p.rank(), p.m());
        it.bind(p.operator(), p.b());
        it.set(from);
        var rule = config.descent().create();
        rule.start();
        for (int s = 0; s < steps; s++) rule.step(it);
        return it.h();
    }

    /** The t-scan's winner is the candidate with the lowest h after its probe, with its t and kind. */
    @Test
    void theTScanPicksTheLowestProbedCandidate() {
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            List<Escape.Candidate> candidates = new ArrayList<>();
            Result res = new Solver(SolverConfig.paper().withSeed(1)).solve(p, null, new Listener() {
                @Override
                public void onIteration(int iter, double h, double gradNorm, double distance) {}

                @Override
                public void onCandidate(Escape.Candidate c) {
                    candidates.add(c);
                }
            });
            Escape e = res.escapes().get(0);
            assertTrue(e.kind().accepted(), e.toString());
            List<Escape.Candidate> mine = candidates.stream().filter(c -> c.iteration() == e.iteration()).toList();
            assertEquals(e.candidates(), mine.size());
            Escape.Candidate best = mine.stream().min(java.util.Comparator.comparingDouble(Escape.Candidate::hAfterProbe)).orElseThrow();
            assertEquals(best.hAfterProbe(), e.hAfter(), 1e-12 * e.hAfter());
            assertEquals(best.t(), e.t());
            assertEquals(best.kind(), e.kind());
            for (Escape.Candidate c : mine) assertTrue(c.t() >= 1 && c.t() <= 1e12 && c.t() == Math.rint(c.t()), c.toString());
        }
    }

    /**
     * A stationary point with d != 0 where EFS certifies a single step: n = 2 with A_1 = E11, A_2 = E22,
     * A_3 = E11 + (E12 + E21) and b = (1, 1/4, 0), consistent with z = (1, -1/2). At Xhat = (0, 1/2) the
     * residual is (-1, 0, 0), so G = -E11 and G Xhat = 0 (stationary), lambda_n = -1, u = e1, v = e2,
     * A(P) = (0, 0, 2), A(u u^T) = (1, 0, 1), d = 2; with delta = 0.5, NCM = 1 / (0.25 * 1.5) = 8/3 and
     * AIC = 4 / (2 * 2.25) = 8/9.
     */
    @Test
    void aCertifiedSingleStepAtAStationaryPointWithAlignment() {
        double[][] a = {{1, 0, 0, 0}, {0, 0, 0, 1}, {1, 1, 1, 0}};
        double[] b = {1, 0.25, 0};
        double[] z = {1, -0.5};
        try (Problem p = new Problem("certified", new ExplicitOperator(2, a), b, 1, z, 1)) {
            Result res = new Solver(WorkedExamplesTest.escapeAtStart().delta(0.5).maxIterations(5000).build())
                    .solve(p, new double[] {0, 0.5});
            Escape e = res.escapes().get(0);
            assertEquals(-1, e.lambdaMin(), 1e-12);
            assertEquals(0.5, e.sigmaR(), 1e-12);
            assertEquals(8.0 / 3, e.ncm(), 1e-12);
            assertEquals(8.0 / 9, e.aic(), 1e-12);
            assertTrue(e.certified());
            assertEquals(Escape.Kind.SINGLE, e.kind());
            assertTrue(e.hAfter() < e.hBefore());
        }
    }
}
