package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.operators.DenseSymmetricOperator;
import sod.operators.Precision;
import sod.problems.GaussianSensing;
import sod.problems.Outliers;
import sod.problems.Problem;

class RobustSubgradientSolverTest {

    /** n = 20, r = 2, m = 5 n r = 200, 20% Gaussian outliers of 10 rms(b). */
    static Problem contaminated(Problem clean) {
        return Outliers.contaminate(clean, 0.2, Outliers.Distribution.GAUSSIAN, 10, 1);
    }

    @Test
    void l1RecoversExactlyWithTwentyPercentOutliersWhereL2DoesNot() {
        try (Problem clean = GaussianSensing.create(20, 200, 2, 1, 1, false)) {
            Problem p = contaminated(clean);
            RobustConfig config = RobustConfig.defaults().withAlpha(0.01).withRho(0.997).withIterations(3000);
            RobustSubgradientSolver.Result l1 = new RobustSubgradientSolver(config).solve(p);
            assertEquals(RobustSubgradientSolver.Status.COMPLETED, l1.status());
            assertTrue(l1.relativeError() < 1e-3, "l1 relative error " + l1.relativeError());
            // The reported distance is the real one.
            assertEquals(frobeniusDistance(l1.x(), 2, p.truth(), 2, 20), l1.distance(), 1e-9);

            // Plain GD on l2 from the (untrimmed) spectral initialisation, run to stationarity.
            SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).step(0.1).maxIterations(3000)
                    .targetDistance(1e-12).gradientTolerance(1e-10).build();
            try (Solver solver = new Solver(gd)) {
                Result l2 = solver.solve(p, SpectralInit.plain(p.operator(), p.b(), 2));
                assertTrue(l2.status() != Result.Status.DIVERGED);
                assertTrue(l2.distance() > 0.1, "l2 distance " + l2.distance()); // ||M*||_F = 1
            }
        }
    }

    @Test
    void overParameterisedSearchRankStillRecoversWithoutOutliers() {
        try (Problem p = GaussianSensing.create(20, 200, 2, 3, 1, false)) {
            RobustSubgradientSolver.Result res = new RobustSubgradientSolver(RobustConfig.defaults().withSearchRank(6)).solve(p);
            assertEquals(6, res.r());
            assertTrue(res.relativeError() < 1e-2, "relative error " + res.relativeError());
        }
    }

    @Test
    void spectralInitIsExactForAnOrthonormalOperator() {
        // A_i the orthonormal basis of S^n (E_pp and (E_pq + E_qp)/sqrt 2): A*(A(M)) = M.
        int n = 6, k = 2;
        double[][] basis = new double[n * (n + 1) / 2][];
        int i = 0;
        for (int p = 0; p < n; p++)
            for (int q = p; q < n; q++) {
                double[] a = new double[n * n];
                double v = p == q ? 1 : Math.sqrt(0.5);
                a[p * n + q] = v;
                a[q * n + p] = v;
                basis[i++] = a;
            }
        double[] z = new double[n * k];
        for (int e = 0; e < z.length; e++) z[e] = Math.sin(3 * e + 1);
        try (DenseSymmetricOperator op = DenseSymmetricOperator.fromFull(n, basis, Precision.FLOAT64, false, 1)) {
            double[] b = new double[op.m()];
            op.measure(z, z, k, b);
            double[] x = SpectralInit.plain(op, b, k);
            assertTrue(frobeniusDistance(x, k, z, k, n) < 1e-10, "X X^T != Z Z^T");
            // Asking for more columns than the rank adds zero columns (eigenvalues 0 are clipped).
            double[] wide = SpectralInit.plain(op, b, 4);
            assertTrue(frobeniusDistance(wide, 4, z, k, n) < 1e-10);
        }
    }

    @Test
    void trimmingDropsLargeEntriesOnly() {
        double[] b = {1, -2, 3, 100, -50, 2.5};
        // median |b| = (2.5 + 3) / 2 = 2.75; tau 3 keeps |b| <= 8.25.
        double[] y = SpectralInit.trim(b, 3);
        assertEquals(java.util.List.of(1.0, -2.0, 3.0, 0.0, 0.0, 2.5), java.util.Arrays.stream(y).boxed().toList());
    }

    @Test
    void rejectsBadConfigAndZeroStart() {
        assertThrows(SodInputException.class, () -> RobustConfig.defaults().withRho(1.5));
        assertThrows(SodInputException.class, () -> RobustConfig.defaults().withEta(0));
        try (Problem p = GaussianSensing.create(5, 20, 1, 0, 1, false)) {
            assertThrows(SodInputException.class, () -> new RobustSubgradientSolver(RobustConfig.defaults())
                    .solve(p, new double[5], Listener.NONE));
            assertThrows(SodInputException.class, () -> new RobustSubgradientSolver(RobustConfig.defaults().withSearchRank(6)).solve(p));
        }
    }

    /** ||X X^T - Z Z^T||_F formed densely. */
    static double frobeniusDistance(double[] x, int r, double[] z, int rz, int n) {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int a = 0; a < r; a++) v += x[i * r + a] * x[j * r + a];
                for (int a = 0; a < rz; a++) v -= z[i * rz + a] * z[j * rz + a];
                s += v * v;
            }
        return Math.sqrt(s);
    }
}
