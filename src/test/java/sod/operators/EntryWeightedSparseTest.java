package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.problems.Completion;
import sod.problems.Problem;

class EntryWeightedSparseTest {

    /** Every pair i <= j of an n x n matrix, in order. */
    private static int[][] allPairs(int n) {
        int m = n * (n + 1) / 2;
        int[] rows = new int[m], cols = new int[m];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                rows[k] = i;
                cols[k++] = j;
            }
        return new int[][]{rows, cols};
    }

    /** About half of all pairs (diagonal included), in order. */
    private static int[][] somePairs(SplittableRandom rnd, int n) {
        int[][] all = allPairs(n);
        int[] rows = new int[all[0].length], cols = new int[all[0].length];
        int m = 0;
        for (int k = 0; k < all[0].length; k++) {
            if (rnd.nextBoolean() || all[0][k] == all[1][k]) {
                rows[m] = all[0][k];
                cols[m++] = all[1][k];
            }
        }
        return new int[][]{java.util.Arrays.copyOf(rows, m), java.util.Arrays.copyOf(cols, m)};
    }

    @Test
    void gradientMatchesFiniteDifferencesWithAndWithoutWeights() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 7;
        int[][] pairs = somePairs(rnd, n);
        int m = pairs[0].length;
        double[] w = new double[m];
        for (int k = 0; k < m; k++) w[k] = 0.2 + rnd.nextDouble();
        double[] b = OperatorChecks.gaussian(rnd, m, 1);
        for (double[] weights : new double[][]{w, null}) {
            try (EntryWeightedSparse op = new EntryWeightedSparse(n, pairs[0].clone(), pairs[1].clone(), weights, 1)) {
                OperatorChecks.checkGradient(op, OperatorChecks.gaussian(rnd, n, 1), 1, b);
                OperatorChecks.checkGradient(op, OperatorChecks.gaussian(rnd, n * 3, 1), 3, b);
                OperatorChecks.checkAdjoint(op, 5, 1);
                OperatorChecks.checkAdjoint(op, 6, 4);
            }
        }
    }

    @Test
    void measurementIsWeightedEntry() {
        try (EntryWeightedSparse op = new EntryWeightedSparse(3, new int[]{0, 1}, new int[]{2, 1}, new double[]{2.0, 3.0}, 1)) {
            double[] x = {1, 2, 3};
            double[] out = new double[2];
            op.measure(x, x, 1, out);
            assertArrayEquals(new double[]{2.0 * 3, 3.0 * 4}, out, 0.0);
        }
    }

    /**
     * The dense PMC-style operator measures (i,j) and (j,i) separately; the sparse one holding each
     * pair once with w = sqrt(2) W_ij off the diagonal and W_ii on it has the same h and gradient.
     */
    @Test
    void matchesDenseOperatorWithSqrtTwoOffDiagonalWeights() {
        SplittableRandom rnd = new SplittableRandom(22);
        int n = 6;
        double[] w = EntryWeightedDenseTest.randomWeights(rnd, n);
        double[] zm = OperatorChecks.gaussian(rnd, n * 2, 1);
        double[] mstar = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) mstar[i * n + j] = zm[2 * i] * zm[2 * j] + zm[2 * i + 1] * zm[2 * j + 1];
        double[] bDense = new double[n * n];
        for (int q = 0; q < n * n; q++) bDense[q] = w[q] * mstar[q];
        int[][] pairs = allPairs(n);
        int m = pairs[0].length;
        double[] ws = new double[m], bSparse = new double[m];
        for (int k = 0; k < m; k++) {
            int i = pairs[0][k], j = pairs[1][k];
            ws[k] = (i == j ? 1.0 : Math.sqrt(2.0)) * w[i * n + j];
            bSparse[k] = ws[k] * mstar[i * n + j];
        }
        try (EntryWeightedDense dense = new EntryWeightedDense(n, w, 1);
             EntryWeightedSparse sparse = new EntryWeightedSparse(n, pairs[0], pairs[1], ws, 1)) {
            for (int r : new int[]{1, 2}) {
                double[] x = OperatorChecks.gaussian(rnd, n * r, 1);
                double[] gd = new double[n * r], gs = new double[n * r];
                double hd = dense.residualAndGradient(x, r, bDense, new double[n * n], gd);
                double hs = sparse.residualAndGradient(x, r, bSparse, new double[m], gs);
                assertEquals(hd, hs, 1e-12 * hd);
                OperatorChecks.assertClose(gd, gs, 1e-12, "gradient dense vs sparse");
            }
        }
    }

    @Test
    void twoThreadsAgreeWithOneAndAreReproducible() {
        int n = 3000, r = 3;
        try (Problem p1 = Completion.create(n, r, 60000, Completion.Sampling.uniform(), 0.1, 5, 1);
             Problem p2 = Completion.create(n, r, 60000, Completion.Sampling.uniform(), 0.1, 5, 2)) {
            assertArrayEquals(p1.b(), p2.b());
            SensingOperator one = p1.operator(), two = p2.operator();
            int m = p1.m();
            SplittableRandom rnd = new SplittableRandom(3);
            for (int k : new int[]{1, r}) {
                double[] x = OperatorChecks.gaussian(rnd, n * k, 0.05);
                double[] res1 = new double[m], res2 = new double[m], g1 = new double[n * k], g2 = new double[n * k];
                double h1 = one.residualAndGradient(x, k, p1.b(), res1, g1);
                double h2 = two.residualAndGradient(x, k, p2.b(), res2, g2);
                assertEquals(h1, h2, 1e-12 * h1);
                assertArrayEquals(res1, res2);
                OperatorChecks.assertClose(g1, g2, 1e-12, "gradient 1 vs 2 threads");
                double[] res3 = new double[m], g3 = new double[n * k];
                assertEquals(h2, two.residualAndGradient(x, k, p2.b(), res3, g3), 0.0);
                assertArrayEquals(g2, g3);

                double[] y = OperatorChecks.gaussian(rnd, m, 1);
                double[] a1 = new double[n * k], a2 = new double[n * k], a3 = new double[n * k];
                one.adjointTimes(y, x, k, a1);
                two.adjointTimes(y, x, k, a2);
                two.adjointTimes(y, x, k, a3);
                OperatorChecks.assertClose(a1, a2, 1e-12, "adjointTimes 1 vs 2 threads");
                assertArrayEquals(a2, a3);
                double[] m1 = new double[m], m2 = new double[m];
                one.measure(x, a1, k, m1);
                two.measure(x, a1, k, m2);
                assertArrayEquals(m1, m2);
            }
        }
    }

    @Test
    void sortEntriesNormalisesAndCarriesValues() {
        int n = 5;
        int[] rows = {3, 0, 4, 1, 2, 0};
        int[] cols = {1, 4, 4, 1, 0, 0};
        double[] w = {1, 2, 3, 4, 5, 6};
        double[] v = {10, 20, 30, 40, 50, 60};
        EntryWeightedSparse.sortEntries(n, rows, cols, w, v);
        assertArrayEquals(new int[]{0, 0, 0, 1, 1, 4}, rows);
        assertArrayEquals(new int[]{0, 2, 4, 1, 3, 4}, cols);
        assertArrayEquals(new double[]{6, 5, 2, 4, 1, 3}, w);
        assertArrayEquals(new double[]{60, 50, 20, 40, 10, 30}, v);
        new EntryWeightedSparse(n, rows, cols, w, 1).close();
        assertThrows(SodInputException.class,
                () -> EntryWeightedSparse.sortEntries(n, new int[]{1, 2}, new int[]{2, 1}, null, null));
        assertThrows(SodInputException.class,
                () -> EntryWeightedSparse.sortEntries(n, new int[]{1}, new int[]{5}, null, null));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(SodInputException.class, () -> new EntryWeightedSparse(3, new int[]{1, 0}, new int[]{1, 2}, null, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedSparse(3, new int[]{1}, new int[]{0}, null, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedSparse(3, new int[]{0, 0}, new int[]{1, 1}, null, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedSparse(3, new int[]{0}, new int[]{3}, null, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedSparse(3, new int[]{0}, new int[]{1}, new double[]{Double.NaN}, 1));
        try (EntryWeightedSparse big = new EntryWeightedSparse(30000, new int[]{0}, new int[]{1}, null, 1)) {
            assertThrows(UnsupportedOperationException.class, () -> big.adjoint(new double[1], new double[1]));
        }
    }
}
