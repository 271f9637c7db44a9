package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import sod.io.SparseSymmetricSet;

/** Largest residuals and suspects on a problem whose residuals are known by construction. */
class LargestResidualsTest {
    @Test
    void ordersByMagnitudeAndFlagsWhatExceedsTenMedians() {
        // A_i = E_00 for every i, X = 1: r_i = 1 - b_i
        int m = 9;
        long[] start = new long[m + 1];
        int[] zeros = new int[m];
        double[] ones = new double[m];
        for (int i = 0; i <= m; i++) start[i] = i;
        java.util.Arrays.fill(ones, 1);
        double[] r = {0.01, -0.02, 0.015, 5.0, -0.012, 0.011, -0.3, 0.018, 0.013};
        double[] b = new double[m];
        for (int i = 0; i < m; i++) b[i] = 1 - r[i];
        SparseSymmetricSet set = new SparseSymmetricSet(1, m, start, zeros, zeros.clone(), ones);
        try (Problem p = SparseSensing.problem("e00", set, b, null, GroundTruth.NONE, 1, 1)) {
            LargestResiduals largest = LargestResiduals.of(p, new double[] {1}, 1, 3);
            assertArrayEquals(new int[] {3, 6, 1}, largest.rows());
            assertEquals(-0.3, largest.residuals()[1], 1e-15);
            assertEquals(0.015, largest.median(), 1e-15);
            assertArrayEquals(new int[] {3, 6}, largest.suspects(), "5.0 and 0.3 exceed 10 x 0.015; 0.02 does not");
        }
    }
}
