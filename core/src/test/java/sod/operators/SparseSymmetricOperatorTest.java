package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.io.SparseSymmetricSet;

/**
 * The sparse sensing operator against the dense packed operator holding the same matrices (an
 * independent storage and summation), on random sparse symmetric sets at awkward sizes, r = 1..4, 1 and
 * 2 threads; and what it stores.
 */
class SparseSymmetricOperatorTest {

    /** The bound for sparse vs dense on the same matrices: sums of a few dozen products reordered. */
    private static final double SPARSE_VS_DENSE = 1e-13;

    /** (seed, n, m, pool, max entries): n = 1, shared positions, all positions, above the threading threshold. */
    private static final int[][] SETS = {{1, 1, 4, 1, 1}, {2, 7, 19, 9, 5}, {3, 13, 31, 91, 9}, {4, 30, 5000, 200, 14}};

    @Test
    void equalsTheDenseOperatorOnTheSameMatrices() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SETS) {
            SparseSymmetricSet set = RandomSparseSets.create(s[0], s[1], s[2], s[3], s[4]);
            int n = set.n(), m = set.m();
            double[][] full = new double[m][];
            for (int i = 0; i < m; i++) full[i] = RandomSparseSets.full(set, i);
            for (int threads : new int[] {1, 2}) {
                try (SparseSymmetricOperator sparse = SparseSymmetricOperator.of(RandomSparseSets.copy(set), threads);
                     DenseSymmetricOperator dense = DenseSymmetricOperator.fromFull(n, full, Precision.FLOAT64, false, threads)) {
                    for (int r = 1; r <= 4; r++) {
                        String at = "n " + n + ", m " + m + ", threads " + threads + ", r " + r;
                        double[] x = gaussian(rnd, n * r), u = gaussian(rnd, n * r), b = gaussian(rnd, m), y = gaussian(rnd, m);
                        double[] resS = new double[m], resD = new double[m], gS = new double[n * r], gD = new double[n * r];
                        double hS = sparse.residualAndGradient(x, r, b, resS, gS), hD = dense.residualAndGradient(x, r, b, resD, gD);
                        assertClose(hD, hS, SPARSE_VS_DENSE, 0, "h, " + at);
                        assertClose(resD, resS, SPARSE_VS_DENSE, "residual, " + at);
                        assertClose(gD, gS, SPARSE_VS_DENSE, "gradient, " + at);
                        double fS = sparse.residualAndSubgradientL1(x, r, b, resS, gS), fD = dense.residualAndSubgradientL1(x, r, b, resD, gD);
                        assertClose(fD, fS, SPARSE_VS_DENSE, 0, "l1 loss, " + at);
                        assertClose(gD, gS, SPARSE_VS_DENSE, "l1 subgradient, " + at);
                        double[] mS = new double[m], mD = new double[m];
                        sparse.measure(x, u, r, mS);
                        dense.measure(x, u, r, mD);
                        assertClose(mD, mS, SPARSE_VS_DENSE, "measure(X, U), " + at);
                        double[] aS = new double[n * r], aD = new double[n * r];
                        sparse.adjointTimes(y, u, r, aS);
                        dense.adjointTimes(y, u, r, aD);
                        assertClose(aD, aS, SPARSE_VS_DENSE, "adjointTimes, " + at);
                        double[] mapS = new double[n * r];
                        sparse.adjointMap(y).times(u, r, mapS);
                        assertArrayEquals(aS, mapS, "adjointMap = adjointTimes bitwise, " + at);
                    }
                    double[] y = gaussian(rnd, m), gS = new double[n * n], gD = new double[n * n];
                    sparse.adjoint(y, gS);
                    dense.adjoint(y, gD);
                    assertClose(gD, gS, SPARSE_VS_DENSE, "adjoint, n " + n + ", threads " + threads);
                }
            }
        }
    }

    /** Two operators built from the same set give the same bits, pass after pass, on the gang. */
    @Test
    void repeatsBitwiseAcrossOperatorsAndRuns() {
        int[] s = SETS[3];
        SparseSymmetricSet set = RandomSparseSets.create(s[0], s[1], s[2], s[3], s[4]);
        SplittableRandom rnd = new SplittableRandom(12);
        int n = set.n(), m = set.m(), r = 3;
        double[] x = gaussian(rnd, n * r), b = gaussian(rnd, m);
        try (SparseSymmetricOperator one = SparseSymmetricOperator.of(RandomSparseSets.copy(set), 2);
             SparseSymmetricOperator two = SparseSymmetricOperator.of(RandomSparseSets.copy(set), 2)) {
            double[] res1 = new double[m], g1 = new double[n * r];
            double h1 = one.residualAndGradient(x, r, b, res1, g1);
            for (int rep = 0; rep < 3; rep++) {
                double[] res2 = new double[m], g2 = new double[n * r];
                assertEquals(h1, two.residualAndGradient(x, r, b, res2, g2), 0.0);
                assertArrayEquals(res1, res2);
                assertArrayEquals(g1, g2);
            }
        }
    }

    /** 12 bytes per stored entry (value and position) and positions shared between the A_i counted once. */
    @Test
    void storesEachEntryOnceAndSharedPositionsOnce() {
        // A_0 = [[1, 2], [2, 0]], A_1 = [[0, 5], [5, 3]], A_2 = 4 E_00: positions (0,0), (0,1), (1,1).
        SparseSymmetricSet set = new SparseSymmetricSet(2, 3, new long[] {0, 2, 4, 5}, new int[] {0, 0, 0, 1, 0},
                new int[] {0, 1, 1, 1, 0}, new double[] {1, 2, 5, 3, 4});
        try (SparseSymmetricOperator op = SparseSymmetricOperator.of(set, 1)) {
            assertEquals(5, op.nnz());
            assertEquals(3, op.positions());
            assertEquals(1, op.entryRow(3));
            assertEquals(1, op.entryCol(3));
            assertEquals(3.0, op.entryValue(3));
            // <A_i, x x^T> for x = (1, 2): 1 + 2*2*2 = 9, 2*5*2 + 3*4 = 32, 4.
            double[] out = new double[3];
            op.measure(new double[] {1, 2}, new double[] {1, 2}, 1, out);
            assertArrayEquals(new double[] {9, 32, 4}, out);
            assertTrue(op.storageBytes() >= 12L * op.nnz());
        }
    }

    @Test
    void refusesAnEmptySetAndBadThreadCounts() {
        SparseSymmetricSet none = new SparseSymmetricSet(3, 0, new long[] {0}, new int[0], new int[0], new double[0]);
        assertThrows(SodInputException.class, () -> SparseSymmetricOperator.of(none, 1));
        SparseSymmetricSet one = RandomSparseSets.create(1, 3, 2, 3, 2);
        assertThrows(SodInputException.class, () -> SparseSymmetricOperator.of(one, 0));
    }

    private static double[] gaussian(SplittableRandom rnd, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) a[i] = rnd.nextGaussian();
        return a;
    }
}
