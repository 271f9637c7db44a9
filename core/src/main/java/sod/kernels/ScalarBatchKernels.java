package sod.kernels;

import java.util.Arrays;

/**
 * Scalar twins of {@link WeightedPairKernels}' batch kernels: each member of the member-major batch
 * layout taken out and evaluated by the single-point twin {@link ScalarKernels#weightedPairsGeneral}
 * (plain scalar loops in column order), so the batch kernels are checked against a reference that
 * shares neither their blocking nor their layout arithmetic.
 */
public final class ScalarBatchKernels {

    private ScalarBatchKernels() {
    }

    /**
     * Twin of {@link WeightedPairKernels#batchRankOne} (r = 1) and {@link WeightedPairKernels#batchGeneral}:
     * members {@code [mLo, mHi)}, member m's transposed padded X at {@code xb[m * r * npad]}, its gradient
     * added to {@code gb} at the same place, its share of h stored in {@code h[m]}.
     */
    public static void weightedPairsBatch(int n, int r, double[] data, int[] start, int qLo, int qHi, int mLo, int mHi,
                                          double[] xb, double[] gb, double[] h) {
        int stride = r * WeightedPairKernels.paddedDimension(n);
        for (int m = mLo; m < mHi; m++) {
            double[] xt = Arrays.copyOfRange(xb, m * stride, (m + 1) * stride);
            double[] gt = Arrays.copyOfRange(gb, m * stride, (m + 1) * stride);
            h[m] = ScalarKernels.weightedPairsGeneral(n, r, data, start, qLo, qHi, xt, gt);
            System.arraycopy(gt, 0, gb, m * stride, stride);
        }
    }
}
