package sod.kernels;

import java.util.Arrays;

/**
 * Scalar twins of {@link WeightedPairKernels}' batch kernels: each member taken out of its batch layout
 * and evaluated by the single-point twin {@link ScalarKernels#weightedPairsGeneral} (plain scalar loops
 * in column order), so the batch kernels are checked against a reference that shares neither their
 * blocking nor their layout arithmetic.
 */
public final class ScalarBatchKernels {

    private ScalarBatchKernels() {
    }

    /**
     * Twin of {@link WeightedPairKernels#batchRankOne} (r = 1) and {@link WeightedPairKernels#batchGeneral}:
     * {@code k} members interleaved, component c of row j of member m at {@code xb[(j * r + c) * k + m]};
     * members {@code [mLo, mHi)} get their gradient added to {@code gb} (same layout) and their share of h
     * stored in {@code h[m]}.
     */
    public static void weightedPairsInterleaved(int n, int r, double[] data, int[] start, int qLo, int qHi, int k,
                                                int mLo, int mHi, double[] xb, double[] gb, double[] h) {
        int npad = WeightedPairKernels.paddedDimension(n);
        double[] xt = new double[r * npad], gt = new double[r * npad];
        for (int m = mLo; m < mHi; m++) {
            for (int j = 0; j < npad; j++)
                for (int c = 0; c < r; c++) {
                    xt[c * npad + j] = xb[(j * r + c) * k + m];
                    gt[c * npad + j] = gb[(j * r + c) * k + m];
                }
            h[m] = ScalarKernels.weightedPairsGeneral(n, r, data, start, qLo, qHi, xt, gt);
            for (int j = 0; j < npad; j++)
                for (int c = 0; c < r; c++) gb[(j * r + c) * k + m] = gt[c * npad + j];
        }
    }

    /**
     * Twin of {@link WeightedPairKernels#batchRankOneColumns}: member m's padded x at {@code xb[m * npad]},
     * its gradient added to {@code gb} at the same place, its share of h stored in {@code h[m]}.
     */
    public static void weightedPairsMemberMajor(int n, double[] data, int[] start, int qLo, int qHi, int mLo, int mHi,
                                                double[] xb, double[] gb, double[] h) {
        int npad = WeightedPairKernels.paddedDimension(n);
        for (int m = mLo; m < mHi; m++) {
            double[] xt = Arrays.copyOfRange(xb, m * npad, (m + 1) * npad);
            double[] gt = Arrays.copyOfRange(gb, m * npad, (m + 1) * npad);
            h[m] = ScalarKernels.weightedPairsGeneral(n, 1, data, start, qLo, qHi, xt, gt);
            System.arraycopy(gt, 0, gb, m * npad, npad);
        }
    }
}
