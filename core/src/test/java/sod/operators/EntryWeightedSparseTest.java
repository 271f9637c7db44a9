package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

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
        double[] zm = SensingOperatorContract.gaussian(rnd, n * 2, 1);
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
                double[] x = SensingOperatorContract.gaussian(rnd, n * r, 1);
                double[] gd = new double[n * r], gs = new double[n * r];
                double hd = dense.residualAndGradient(x, r, bDense, new double[n * n], gd);
                double hs = sparse.residualAndGradient(x, r, bSparse, new double[m], gs);
                assertEquals(hd, hs, 1e-12 * hd);
                assertClose(gd, gs, 1e-12, "gradient dense vs sparse");
            }
        }
    }

    /**
     * Rows without any observation, a diagonal-only row and a final dense row: the row index of each
     * observation (the algebra of this operator is a case of {@link EntryWeightedSparseContractTest}).
     */
    @Test
    void emptyRowsAndDiagonalOnlyRowsFromCsr() {
        int n = 6;
        // row 0: (0,0) (0,5); row 1: none; row 2: (2,2); rows 3,4: none; row 5: (5,5)
        int[] start = {0, 2, 2, 3, 3, 3, 4};
        int[] cols = {0, 5, 2, 5};
        double[] w = {1.5, 0.7, 2.0, 1.1};
        try (EntryWeightedSparse op = EntryWeightedSparse.fromUpperCsr(n, start, cols, w, 1)) {
            assertEquals(0, op.row(0));
            assertEquals(0, op.row(1));
            assertEquals(2, op.row(2));
            assertEquals(5, op.row(3));
        }
        assertThrows(SodInputException.class, () -> EntryWeightedSparse.fromUpperCsr(3, new int[]{0, 1, 1}, new int[]{0}, null, 1));
        assertThrows(SodInputException.class, () -> EntryWeightedSparse.fromUpperCsr(3, new int[]{0, 1, 1, 2}, new int[]{0, 0}, null, 1));
    }

    /** The column-segment pipeline and per-row, per-chunk h: identical bits for 1, 2 and 3 threads, weighted or not. */
    @Test
    void resultsAreBitwiseIndependentOfTheThreadCount() {
        SplittableRandom rnd = new SplittableRandom(24);
        int n = 2500, m = 80000;
        try (Problem p = Completion.create(n, 1, m, Completion.Sampling.powerLaw(0.8), 0.1, 6, 1)) {
            EntryWeightedSparse base = (EntryWeightedSparse) p.operator();
            int[] rows = new int[m], cols = new int[m];
            for (int e = 0; e < m; e++) {
                rows[e] = base.row(e);
                cols[e] = base.col(e);
            }
            double[] w = SensingOperatorContract.gaussian(rnd, m, 1);
            for (double[] weights : new double[][]{null, w}) {
                EntryWeightedSparse[] ops = new EntryWeightedSparse[3];
                for (int t = 0; t < 3; t++) ops[t] = new EntryWeightedSparse(n, rows.clone(), cols.clone(), weights, t + 1);
                try {
                    for (int k : new int[]{1, 3, 4, 10, 17}) {
                        double[] x = SensingOperatorContract.gaussian(rnd, n * k, 0.05);
                        double[] y = SensingOperatorContract.gaussian(rnd, m, 1);
                        double[][] res = new double[3][m], grad = new double[3][n * k], adj = new double[3][n * k], meas = new double[3][m];
                        double[] h = new double[3];
                        for (int t = 0; t < 3; t++) {
                            h[t] = ops[t].residualAndGradient(x, k, p.b(), res[t], grad[t]);
                            ops[t].adjointTimes(y, x, k, adj[t]);
                            ops[t].measure(x, adj[t], k, meas[t]);
                        }
                        for (int t = 0; t < 3; t++) { // the prepared map: the same bits as adjointTimes
                            double[] viaMap = new double[n * k];
                            ops[t].adjointMap(y).times(x, k, viaMap);
                            assertArrayEquals(adj[0], viaMap, "adjointMap, k = " + k + ", threads " + (t + 1));
                        }
                        for (int t = 1; t < 3; t++) {
                            assertEquals(h[0], h[t], 0.0, "h, threads " + (t + 1));
                            assertArrayEquals(res[0], res[t]);
                            assertArrayEquals(grad[0], grad[t], "gradient, k = " + k + ", threads " + (t + 1));
                            assertArrayEquals(adj[0], adj[t], "adjointTimes, k = " + k + ", threads " + (t + 1));
                            assertArrayEquals(meas[0], meas[t]);
                        }
                    }
                } finally {
                    for (EntryWeightedSparse op : ops) op.close();
                }
            }
        }
    }

    @Test
    void sortEntriesMergingRepeatsKeepsAgreeingMirrors() {
        int n = 4;
        int[] rows = {2, 0, 1, 3, 3};
        int[] cols = {1, 3, 2, 0, 3};
        double[] v = {7.0, 5.0, 7.0 * (1 + 1e-14), 5.0, 9.0};
        int distinct = EntryWeightedSparse.sortEntriesMergingRepeats(n, rows, cols, null, v, 1e-12);
        assertEquals(3, distinct);
        assertArrayEquals(new int[]{0, 1, 3}, java.util.Arrays.copyOf(rows, 3));
        assertArrayEquals(new int[]{3, 2, 3}, java.util.Arrays.copyOf(cols, 3));
        assertArrayEquals(new double[]{5.0, 7.0, 9.0}, java.util.Arrays.copyOf(v, 3));
        SodInputException e = assertThrows(SodInputException.class,
                () -> EntryWeightedSparse.sortEntriesMergingRepeats(n, new int[]{0, 1}, new int[]{1, 0}, null, new double[]{1.0, 2.0}, 1e-12));
        assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
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
                double[] x = SensingOperatorContract.gaussian(rnd, n * k, 0.05);
                double[] res1 = new double[m], res2 = new double[m], g1 = new double[n * k], g2 = new double[n * k];
                double h1 = one.residualAndGradient(x, k, p1.b(), res1, g1);
                double h2 = two.residualAndGradient(x, k, p2.b(), res2, g2);
                assertEquals(h1, h2, 1e-12 * h1);
                assertArrayEquals(res1, res2);
                assertClose(g1, g2, 1e-12, "gradient 1 vs 2 threads");
                double[] res3 = new double[m], g3 = new double[n * k];
                assertEquals(h2, two.residualAndGradient(x, k, p2.b(), res3, g3), 0.0);
                assertArrayEquals(g2, g3);

                double[] y = SensingOperatorContract.gaussian(rnd, m, 1);
                double[] a1 = new double[n * k], a2 = new double[n * k], a3 = new double[n * k];
                one.adjointTimes(y, x, k, a1);
                two.adjointTimes(y, x, k, a2);
                two.adjointTimes(y, x, k, a3);
                assertClose(a1, a2, 1e-12, "adjointTimes 1 vs 2 threads");
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
    /**
     * The objective runs the fused pass without writing residuals: h and the gradient must be bitwise the
     * fused pass's, at every rank path (1-3 and 16+ in plain loops, the register kernel 4-15), weighted or
     * not, on 1 and 3 threads.
     */
    @Test
    void objectiveIsBitwiseTheFusedPass() {
        SplittableRandom rnd = new SplittableRandom(91);
        int n = 700;
        for (boolean weighted : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 3}) {
                try (Problem p = Completion.create(n, 2, 30_000, Completion.Sampling.uniform(), 0.01, 5, threads)) {
                    EntryWeightedSparse base = (EntryWeightedSparse) p.operator();
                    int m = base.m();
                    int[] rows = new int[m], cols = new int[m];
                    double[] w = weighted ? new double[m] : null;
                    for (int k = 0; k < m; k++) {
                        rows[k] = base.row(k);
                        cols[k] = base.col(k);
                        if (weighted) w[k] = 0.2 + rnd.nextDouble();
                    }
                    try (EntryWeightedSparse op = new EntryWeightedSparse(n, rows, cols, w, threads)) {
                        Objective objective = op.objective(p.b());
                        for (int r : new int[] {1, 2, 3, 4, 7, 16, 21}) {
                            String at = (weighted ? "weighted" : "unweighted") + ", threads " + threads + ", r " + r;
                            double[] x = SensingOperatorContract.gaussian(rnd, n * r, 0.1);
                            double[] g1 = new double[n * r], g2 = new double[n * r];
                            double h1 = op.residualAndGradient(x, r, p.b(), new double[m], g1);
                            double h2 = objective.lossAndGradient(x, r, g2);
                            assertEquals(h1, h2, 0.0, "h, " + at);
                            assertArrayEquals(g1, g2, "gradient, " + at);
                        }
                    }
                }
            }
        }
    }
}
