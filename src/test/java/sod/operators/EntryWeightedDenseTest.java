package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;

class EntryWeightedDenseTest {

    static double[] randomWeights(SplittableRandom rnd, int n) {
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                double v = 0.1 + rnd.nextDouble();
                w[i * n + j] = v;
                w[j * n + i] = v;
            }
        return w;
    }

    /** The A_(i,j) = W_ij (E_ij + E_ji)/2 as explicit matrices, measurement index i*n + j. */
    static ExplicitOperator explicitTwin(int n, double[] w) {
        double[][] a = new double[n * n][n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double[] aij = a[i * n + j];
                aij[i * n + j] += 0.5 * w[i * n + j];
                aij[j * n + i] += 0.5 * w[i * n + j];
            }
        return new ExplicitOperator(n, a);
    }

    @Test
    void gradientMatchesFiniteDifferencesForRankOneAndThree() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 7;
        double[] w = randomWeights(rnd, n);
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1)) {
            // an asymmetric b, so the symmetrisation inside the gradient is exercised
            double[] b = OperatorChecks.gaussian(rnd, n * n, 1);
            OperatorChecks.checkGradient(op, OperatorChecks.gaussian(rnd, n, 1), 1, b);
            OperatorChecks.checkGradient(op, OperatorChecks.gaussian(rnd, n * 3, 1), 3, b);
        }
    }

    @Test
    void adjointIdentities() {
        SplittableRandom rnd = new SplittableRandom(12);
        int n = 6;
        try (EntryWeightedDense op = new EntryWeightedDense(n, randomWeights(rnd, n), 1)) {
            OperatorChecks.checkAdjoint(op, 1, 1);
            OperatorChecks.checkAdjoint(op, 2, 4);
        }
    }

    @Test
    void rankOneVectorKernelMatchesScalarTwinAtAwkwardSizes() {
        SplittableRandom rnd = new SplittableRandom(15);
        for (int n : new int[]{1, 2, 6, 8, 13, 17, 40, 83}) {
            double[] w = randomWeights(rnd, n);
            double[] b = OperatorChecks.gaussian(rnd, n * n, 1);
            double[] x = OperatorChecks.gaussian(rnd, n, 1);
            double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n], g2 = new double[n];
            try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1)) {
                double h1 = op.residualAndGradient(x, 1, b, res1, g1);
                double h2 = 0.5 * EntryWeightedDense.rowsRankOneScalar(n, w, 0, n, x, b, res2, g2);
                assertEquals(h2, h1, 1e-13 * h2, "h at n = " + n);
                assertArrayEquals(res2, res1, "residual at n = " + n);
                OperatorChecks.assertClose(g2, g1, 1e-13, "gradient at n = " + n);
            }
        }
    }

    @Test
    void agreesWithExplicitMatrices() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[]{1, 5, 13}) {
            agreesWithExplicitMatrices(rnd, n);
        }
    }

    private static void agreesWithExplicitMatrices(SplittableRandom rnd, int n) {
        double[] w = randomWeights(rnd, n);
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1); ExplicitOperator twin = explicitTwin(n, w)) {
            double[] b = OperatorChecks.gaussian(rnd, n * n, 1);
            for (int r : new int[]{1, 2}) {
                double[] x = OperatorChecks.gaussian(rnd, n * r, 1);
                double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n * r], g2 = new double[n * r];
                double h1 = op.residualAndGradient(x, r, b, res1, g1);
                double h2 = twin.residualAndGradient(x, r, b, res2, g2);
                assertEquals(h2, h1, 1e-12 * h2);
                OperatorChecks.assertClose(res2, res1, 1e-13, "residual");
                OperatorChecks.assertClose(g2, g1, 1e-12, "gradient");
                double[] y = OperatorChecks.gaussian(rnd, n * n, 1);
                double[] a1 = new double[n * n], a2 = new double[n * n];
                op.adjoint(y, a1);
                twin.adjoint(y, a2);
                OperatorChecks.assertClose(a2, a1, 1e-14, "adjoint");
            }
        }
    }

    @Test
    void twoThreadsAgreeWithOneAndAreReproducible() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 300; // large enough that the operator actually splits the rows
        double[] w = randomWeights(rnd, n);
        double[] b = OperatorChecks.gaussian(rnd, n * n, 1);
        try (EntryWeightedDense one = new EntryWeightedDense(n, w, 1); EntryWeightedDense two = new EntryWeightedDense(n, w, 2)) {
            for (int r : new int[]{1, 3}) {
                double[] x = OperatorChecks.gaussian(rnd, n * r, 0.3);
                double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n * r], g2 = new double[n * r];
                double h1 = one.residualAndGradient(x, r, b, res1, g1);
                double h2 = two.residualAndGradient(x, r, b, res2, g2);
                assertEquals(h1, h2, 1e-12 * h1);
                assertArrayEquals(res1, res2); // residuals do not depend on the split
                OperatorChecks.assertClose(g1, g2, 1e-12, "gradient 1 vs 2 threads");
                double[] res3 = new double[n * n], g3 = new double[n * r];
                double h3 = two.residualAndGradient(x, r, b, res3, g3);
                assertEquals(h2, h3, 0.0);
                assertArrayEquals(g2, g3);
            }
        }
    }

    @Test
    void rejectsBadWeights() {
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 2, 3, 4}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 2, 2}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 0, 0, Double.POSITIVE_INFINITY}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 0, 0, 1}, 0));
    }
}
