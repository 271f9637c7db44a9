package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Escape.Kind;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.LocalMethod;
import sod.solver.SolverConfig.Method;
import sod.testing.JacobiReference;

/**
 * SOD on top of the second-order local methods: they converge to the spec's spurious points (section 6),
 * where the spec's worked numbers hold, the escape is taken and the same local method finishes from it;
 * the gauge at r = 2, 3; random restarts; weighted least squares; the over-parameterised search.
 */
class SecondOrderEscapesTest {
    /** The symmetric spurious point of PMC(3, 0.3), (-a, 0, a) with a = sqrt(0.91 / 1.09) (spec: ~(-0.9134, 0, 0.9139)). */
    static final double PMC3_A = Math.sqrt(0.91 / 1.09);

    static SolverConfig.Builder under(LocalMethod local, Method method) {
        return SolverConfig.builder().local(local).method(method).maxIterations(500);
    }

    @ParameterizedTest
    @EnumSource(value = LocalMethod.class, names = {"LM", "TRUST_REGION"})
    void pmc3ConvergesToTheSpuriousPointWithTheSpecsNumbersAndEscapes(LocalMethod local) {
        double[] start = {-1, 0.05, 1.2};
        try (Problem p = DenseTestOperator.pmc(3, 0.3);
             Solver plain = new Solver(under(local, Method.GD).build());
             Solver sod = new Solver(under(local, Method.SOD).build())) {
            Result stuck = plain.solve(p, start);
            assertEquals(Status.STATIONARY, stuck.status(), stuck.message());
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, stuck.verdict());
            // LM is linear at a point with a nonzero residual (Gauss-Newton's rate), the trust region quadratic
            assertClose(new double[] {-PMC3_A, 0, PMC3_A}, stuck.x(), local == LocalMethod.LM ? 1e-8 : 1e-12, "the spurious point");
            assertEquals(0.330, stuck.h(), 5e-4);
            assertTrue(stuck.iterations() <= 20, local + " converged in " + stuck.iterations() + " steps (GD: thousands)");

            List<Escape> escapes = new ArrayList<>();
            Result res = sod.solve(p, start, new Listener() {
                @Override
                public void onIteration(int iter, double h, double gradNorm, double distance) {}

                @Override
                public void onEscape(Escape e) {
                    escapes.add(e);
                }
            });
            Escape e = escapes.getFirst();
            assertEquals(stuck.iterations(), e.iteration(), "the escape is attempted where the local method converged");
            assertEquals(0.330, e.hBefore(), 5e-4);
            assertEquals(-0.330, e.lambdaMin(), 1e-3);
            assertEquals(1.292, e.sigmaR(), 1e-3);
            assertEquals(0.106, e.efs(), 0.006, "EFS with the Monte-Carlo delta " + e.delta());
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, e.verdict());
            assertTrue(e.kind().accepted(), e.kind().toString());
            assertEquals(Status.CONVERGED, res.status(), res.message());
            assertTrue(res.distance() < 1e-10, "recovered z: " + res.distance());
            assertEquals(SolverConfig.LocalMethod.valueOf(local.name()).probeSteps() * 6, res.probeSteps(),
                    "5 candidates and the stalled point, each probed by the local method's probe length");
        }
    }

    @ParameterizedTest
    @EnumSource(value = LocalMethod.class, names = {"LM", "TRUST_REGION"})
    void counterexampleConvergesToTheSpuriousMinimumAndTheBetaEscapeRecoversIt(LocalMethod local) {
        // on the axis x_1 = 0, which the gradient keeps: the spurious minimum is degenerate along x_1 (h quartic
        // there, the reason EFS is exactly 1), so off the axis the methods drift or leave its basin
        double[] start = {0, 0.8};
        SolverConfig.Builder spec = under(local, Method.SOD).delta(0.5).liftOrder(3).rho(0.1).eta(0.01);
        try (Problem p = DenseTestOperator.counterexample();
             Solver plain = new Solver(under(local, Method.GD).build());
             Solver sod = new Solver(spec.build());
             Solver at660 = new Solver(spec.tGrid(1, 660, 660).maxEscapes(1).normWindow(1e-3, 1e3).build())) {
            Result stuck = plain.solve(p, start);
            assertEquals(Status.STATIONARY, stuck.status(), stuck.message());
            // located to ~sqrt(machine epsilon): h > 0 changes by curvature * distance^2 there, below its rounding at 1e-8
            assertClose(new double[] {0, Math.sqrt(0.5)}, stuck.x(), 1e-7, "the spurious minimum (0, 1/sqrt 2)");
            assertEquals(0.375, stuck.h(), 1e-12);

            Result res = sod.solve(p, start);
            Escape e = res.escapes().getFirst();
            assertEquals(-0.75, e.lambdaMin(), 1e-7);
            assertEquals(Math.sqrt(0.5), e.sigmaR(), 1e-7);
            assertEquals(1.0, e.efs(), 1e-6, "EFS = 1 with the exact delta 1/2: no certified single step");
            assertTrue(!e.certified() && e.kind().accepted(), e.kind().toString());
            assertEquals(Status.CONVERGED, res.status(), res.message());
            assertEquals(1, Math.abs(res.x()[0]), 1e-10);
            assertEquals(0, res.x()[1], 1e-10);

            // the spec's t = 660 picks the beta point (1.1736, 0), from which the same local method reaches (1, 0)
            List<Escape> at = new ArrayList<>();
            Result fixed = at660.solve(p, start, new Listener() {
                @Override
                public void onIteration(int iter, double h, double gradNorm, double distance) {}

                @Override
                public void onEscape(Escape escape) {
                    at.add(escape);
                }
            });
            assertEquals(Kind.BETA, at.getFirst().kind());
            assertEquals(1.1736, at.getFirst().scale(), 5e-5);
            assertEquals(1, Math.abs(fixed.x()[0]), 1e-10);
        }
    }

    /** The r(r-1)/2 gauge directions X Omega do not stall any local method: each reaches a zero residual. */
    @ParameterizedTest
    @EnumSource(value = LocalMethod.class, names = {"LM", "TRUST_REGION", "SCALED_GD"})
    void rankTwoAndThreeConvergeDespiteTheGauge(LocalMethod local) {
        int[][] shapes = {{6, 2}, {5, 3}, {20, 2}, {20, 3}}; // n r <= 16: LM's dense path; above: CG
        for (int[] shape : shapes) {
            int n = shape[0], r = shape[1];
            for (long seed = 1; seed <= 2; seed++) {
                try (Problem p = GaussianSensing.create(n, 6 * n * r, r, seed, 1, false);
                     Solver s = new Solver(under(local, Method.GD).initScale(1e-2).seed(seed).maxIterations(3000).build())) {
                    Result res = s.solve(p);
                    String what = local + " n=" + n + " r=" + r + " seed=" + seed + ": " + res.message();
                    assertEquals(Status.CONVERGED, res.status(), what);
                    assertTrue(res.relativeDistance() < 1e-10, what);
                    if (local != LocalMethod.SCALED_GD) assertTrue(res.iterations() <= 80, what + " in " + res.iterations());
                }
            }
        }
    }

    @Test
    void restartsKeepTheBestStalledPointAndRecoverPmc() {
        try (Problem p = Pmc.create(20, 0.10, 1);
             Solver s = new Solver(under(LocalMethod.LM, Method.RESTARTS).seed(3).maxIterations(3000).build());
             Solver tight = new Solver(under(LocalMethod.LM, Method.RESTARTS).seed(3).maxIterations(60).build())) {
            Result res = s.solve(p);
            assertEquals(Status.CONVERGED, res.status(), res.message());
            assertTrue(res.escapes().stream().allMatch(e -> e.kind() == Kind.RESTART));
            // with a budget too small to succeed: the best stalled point is returned
            Result cut = tight.solve(p);
            assertEquals(Status.ITERATION_BUDGET, cut.status());
            assertTrue(cut.escapes().size() >= 2, "several restarts: " + cut.escapes().size());
            double best = cut.escapes().stream().mapToDouble(Escape::hBefore).min().orElseThrow();
            assertTrue(cut.h() <= best, cut.h() + " vs the best stall " + best);
            assertNotEquals(cut.escapes().get(0).hAfter(), cut.escapes().get(1).hAfter(), "fresh starts differ");
            Result again = tight.solve(p);
            assertEquals(cut.h(), again.h(), "seeded: the same run again");
        }
    }

    @Test
    void weightedLeastSquaresIsTheProblemWithScaledRows() {
        int n = 5, m = 40, r = 2;
        SplittableRandom random = new SplittableRandom(5);
        double[][] matrices = new double[m][], scaled = new double[m][];
        double[] w = new double[m], z = new double[n * r];
        for (int e = 0; e < z.length; e++) z[e] = random.nextGaussian();
        for (int i = 0; i < m; i++) {
            double[] a = new double[n * n];
            for (int s = 0; s < n; s++) for (int t = 0; t <= s; t++) a[s * n + t] = a[t * n + s] = random.nextGaussian();
            matrices[i] = a;
            w[i] = 0.1 + 3 * random.nextDouble();
            scaled[i] = a.clone();
            for (int e = 0; e < n * n; e++) scaled[i][e] *= Math.sqrt(w[i]);
        }
        DenseTestOperator op = new DenseTestOperator(n, matrices), sop = new DenseTestOperator(n, scaled);
        double[] b = new double[m], sb = new double[m];
        op.measure(z, z, r, b);
        for (int i = 0; i < m; i++) sb[i] = Math.sqrt(w[i]) * b[i];
        try (Problem weighted = WeightedLeastSquares.problem(new Problem("w", op, b, r, z, r), w);
             Problem explicit = new Problem("s", sop, sb, r, z, r);
             Solver a = new Solver(under(LocalMethod.LM, Method.GD).initScale(1e-2).build());
             Solver c = new Solver(under(LocalMethod.LM, Method.GD).initScale(1e-2).build())) {
            // h_w(X) = 1/2 sum w_i r_i^2 by hand
            double[] x = new double[n * r], res = new double[m];
            for (int e = 0; e < x.length; e++) x[e] = random.nextGaussian();
            op.measure(x, x, r, res);
            double hw = 0;
            for (int i = 0; i < m; i++) hw += 0.5 * w[i] * (res[i] - b[i]) * (res[i] - b[i]);
            sod.solver.local.Iterate it = new sod.solver.local.Iterate(n, r, m);
            it.bind(weighted.operator(), weighted.b());
            assertEquals(hw, it.set(x), 1e-12 * hw);
            Result rw = a.solve(weighted), rs = c.solve(explicit);
            assertEquals(Status.CONVERGED, rw.status(), rw.message());
            assertEquals(rs.iterations(), rw.iterations());
            assertClose(rs.x(), rw.x(), 1e-9, "the weighted run is the scaled run");
            assertTrue(rw.relativeDistance() < 1e-10);
        }
        double[] negative = w.clone();
        negative[3] = -0.5;
        try (Problem p = new Problem("w", op, b, r, z, r)) {
            String message = assertThrows(SodInputException.class, () -> WeightedLeastSquares.problem(p, negative)).getMessage();
            assertTrue(message.contains("weight 3") && message.contains(">= 0") && !message.contains("\n"), message);
        }
    }

    @Test
    void badDescentSettingsGetOneLine() {
        String mu = assertThrows(SodInputException.class, () -> SolverConfig.builder().damping(0).build()).getMessage();
        assertTrue(mu.contains("damping") && mu.contains("> 0") && !mu.contains("\n"), mu);
        assertThrows(SodInputException.class, () -> SolverConfig.builder().damping(-1).build());
        String cg = assertThrows(SodInputException.class, () -> SolverConfig.builder().cgIterations(0).build()).getMessage();
        assertTrue(cg.contains("CG budget") && !cg.contains("\n"), cg);
    }

    @Test
    void truncationKeepsTheTopEigenpairsOfXXt() {
        int n = 7, rp = 3, r = 2;
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[n * rp];
        for (int e = 0; e < x.length; e++) x[e] = random.nextGaussian();
        double[] xr = new double[n * r];
        RankSearch.truncate(x, n, rp, r, xr);
        double[] m = new double[n * n], values = new double[n], vectors = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int c = 0; c < rp; c++) m[i * n + j] += x[i * rp + c] * x[j * rp + c];
        JacobiReference.decompose(m, n, values, vectors);
        double[] best = new double[n * n], got = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                for (int k = n - r; k < n; k++) best[i * n + j] += values[k] * vectors[i * n + k] * vectors[j * n + k];
                for (int c = 0; c < r; c++) got[i * n + j] += xr[i * r + c] * xr[j * r + c];
            }
        assertClose(best, got, 1e-10, "X_r X_r^T is the best rank-2 approximation of X X^T");
    }

    @Test
    void searchAtRankTwoThenTruncationRecoversPmc() {
        for (long seed = 0; seed < 3; seed++) {
            try (Problem p = Pmc.create(20, 0.10, 1);
                 RankSearch search = new RankSearch(under(LocalMethod.TRUST_REGION, Method.GD).seed(seed).maxIterations(3000).build(), 2)) {
                Result res = search.solve(p, null, Listener.NONE);
                assertEquals(Status.CONVERGED, res.status(), res.message());
                assertEquals(1, res.r());
                assertTrue(res.distance() < 1e-10, "seed " + seed + ": " + res.distance());
            }
        }
    }
}
