package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import sod.kernels.Factors;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.Method;

/**
 * The target test's cheap Gram bound: the Gram form against ||X X^T - Z Z^T||_F^2 formed explicitly, and
 * {@link TruthDistance#below} deciding exactly as the exact distance's comparison does, at thresholds on
 * both sides of the distance and at points so close to the truth that the Gram form cancels.
 */
class TruthDistanceTest {

    private static double[] gaussian(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = rnd.nextGaussian();
        return a;
    }

    /** ||X X^T - Z Z^T||_F^2 from the n x n matrices. */
    private static double explicitSquared(double[] x, int r, double[] z, int rz, int n) {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double e = 0;
                for (int c = 0; c < r; c++) e += x[i * r + c] * x[j * r + c];
                for (int c = 0; c < rz; c++) e -= z[i * rz + c] * z[j * rz + c];
                s += e * e;
            }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "5,1,1", "17,1,1", "40,1,1", "9,2,1", "9,1,3", "13,3,3", "33,4,2"})
    void gramFormMatchesTheExplicitMatrices(int n, int r, int rz) {
        SplittableRandom rnd = new SplittableRandom(n * 31 + r * 7 + rz);
        double[] x = gaussian(rnd, n * r), z = gaussian(rnd, n * rz);
        double expected = explicitSquared(x, r, z, rz, n);
        double got = Factors.gramDistanceSquared(x, n, r, z, rz, Factors.gramSquaredNorm(z, n, rz));
        assertEquals(expected, got, 1e-11 * Math.max(1, expected));
    }

    @ParameterizedTest
    @CsvSource({"2,1,1", "7,1,1", "40,1,1", "81,1,1", "9,2,2", "13,3,1"})
    void belowDecidesAsTheExactDistance(int n, int r, int rz) {
        SplittableRandom rnd = new SplittableRandom(n + 1000L * r + rz);
        double[] z = gaussian(rnd, n * rz);
        TruthDistance truth = new TruthDistance();
        try (Problem pmc = Pmc.create(n, 0.1, 1)) {
            truth.bind(new Problem("t", pmc.operator(), null, r, z, rz), r);
        }
        // points far from the truth, near it, and so near that the Gram form is all rounding
        for (double offset : new double[] {3, 1, 1e-2, 1e-5, 1e-9, 1e-14, 0}) {
            double[] x = new double[n * r];
            double[] noise = gaussian(rnd, n * r);
            for (int i = 0; i < n; i++)
                for (int c = 0; c < r; c++) x[i * r + c] = (c < rz ? z[i * rz + c] : 0) + offset * noise[i * r + c];
            double d = truth.of(x);
            for (double thr : new double[] {0, -1, Double.NaN, d, Math.nextUp(d), Math.nextDown(d), d * (1 + 1e-12),
                    d * (1 - 1e-12), d * (1 + 1e-6), d * (1 - 1e-6), 2 * d + 1e-300, d / 2, 1e-20, 1e3})
                assertEquals(d < thr, truth.below(x, sod.kernels.ArrayKernels.sumOfSquares(x, 0, n * r), thr), "n " + n + " offset " + offset + " threshold " + thr + " distance " + d);
        }
    }

    @Test
    void aListenerThatWantsNoDistanceChangesNoDecision() {
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            SolverConfig config = SolverConfig.paper().toBuilder().method(Method.SOD).build();
            Listener reading = (iter, h, g, d) -> {};
            for (long seed = 1; seed <= 6; seed++) {
                double[] x0 = new double[40];
                Solver.initialPoint(0.7, seed, x0, 40);
                Result quiet, read;
                try (Solver s = new Solver(config)) {
                    quiet = s.solve(p, x0, Listener.NONE);
                    read = s.solve(p, x0, reading);
                }
                assertEquals(read.status(), quiet.status());
                assertEquals(read.iterations(), quiet.iterations());
                assertEquals(read.escapes().size(), quiet.escapes().size());
                assertEquals(java.util.Arrays.toString(read.x()), java.util.Arrays.toString(quiet.x()));
                if (seed == 1) assertEquals(Status.TARGET_REACHED, quiet.status(), quiet.message());
            }
        }
    }
}
