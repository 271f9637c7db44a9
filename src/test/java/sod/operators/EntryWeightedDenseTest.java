package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sod.testing.Assertions.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;

/** What only the entry-weighted dense operator does; the algebra is in {@link EntryWeightedDenseContractTest}. */
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
    void agreesWithExplicitMatrices() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[]{1, 5, 13}) {
            agreesWithExplicitMatrices(rnd, n);
        }
    }

    private static void agreesWithExplicitMatrices(SplittableRandom rnd, int n) {
        double[] w = randomWeights(rnd, n);
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1); ExplicitOperator twin = explicitTwin(n, w)) {
            double[] b = SensingOperatorContract.gaussian(rnd, n * n, 1);
            for (int r : new int[]{1, 2}) {
                double[] x = SensingOperatorContract.gaussian(rnd, n * r, 1);
                double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n * r], g2 = new double[n * r];
                double h1 = op.residualAndGradient(x, r, b, res1, g1);
                double h2 = twin.residualAndGradient(x, r, b, res2, g2);
                assertEquals(h2, h1, 1e-12 * h2);
                assertClose(res2, res1, 1e-13, "residual");
                assertClose(g2, g1, 1e-12, "gradient");
                double[] y = SensingOperatorContract.gaussian(rnd, n * n, 1);
                double[] a1 = new double[n * n], a2 = new double[n * n];
                op.adjoint(y, a1);
                twin.adjoint(y, a2);
                assertClose(a2, a1, 1e-14, "adjoint");
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
