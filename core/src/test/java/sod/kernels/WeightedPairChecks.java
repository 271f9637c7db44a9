package sod.kernels;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link WeightedPairKernels} on random pair layouts at awkward n (odd, below and between multiples of
 * the lane count) and row-pair sub-ranges: the vector kernels within rounding of their scalar twins,
 * and bitwise among themselves: {@code general} at r = 1 against {@code rankOne}, and every member of
 * a batch against the single-point kernel ({@link #checkBatches}). Part of
 * {@link KernelCheck}, so it also runs at forced widths.
 */
final class WeightedPairChecks {

    static final int[] SIZES = {1, 2, 3, 5, 8, 13, 17, 40, 83};
    static final double TOLERANCE = 1e-13;

    private WeightedPairChecks() {
    }

    /** A layout of n rows with random u > 0 and nt on j >= i, j < n, and zero elsewhere. */
    static double[] randomLayout(int n, int[] start, SplittableRandom random) {
        double[] data = new double[start[start.length - 1]];
        int lanes = WeightedPairKernels.LANES;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                int e = WeightedPairKernels.index(start, i, j);
                data[e] = 0.1 + random.nextDouble();
                data[e + lanes] = random.nextGaussian();
            }
        return data;
    }

    static void check(List<String> out, SplittableRandom random) {
        for (int n : SIZES) {
            int[] start = WeightedPairKernels.blockStarts(n);
            double[] data = randomLayout(n, start, random);
            int npad = WeightedPairKernels.paddedDimension(n), pairs = WeightedPairKernels.rowPairs(n);
            int[][] ranges = pairs > 2 ? new int[][] {{0, pairs}, {1, pairs - 1}} : new int[][] {{0, pairs}};
            for (int[] range : ranges) {
                String at = "weightedPairs n=" + n + " pairs " + range[0] + ".." + range[1];
                for (int r : new int[] {1, 2, 3}) {
                    double[] xt = new double[r * npad];
                    for (int c = 0; c < r; c++)
                        for (int i = 0; i < n; i++) xt[c * npad + i] = random.nextGaussian();
                    double[] g1 = new double[r * npad], g2 = new double[r * npad];
                    double h1 = WeightedPairKernels.general(n, r, data, start, range[0], range[1], xt, g1,
                            new double[r * WeightedPairKernels.LANES]);
                    double h2 = ScalarKernels.weightedPairsGeneral(n, r, data, start, range[0], range[1], xt, g2);
                    close(out, at + " r=" + r + " general h", h1, h2, Math.abs(h2));
                    closeAll(out, at + " r=" + r + " general gradient", g1, g2);
                    if (r == 1) {
                        double[] g3 = new double[npad], g4 = new double[npad];
                        double h3 = WeightedPairKernels.rankOne(n, data, start, range[0], range[1], xt, g3,
                                new double[WeightedPairKernels.rankOneScratchLength(n)]);
                        double h4 = ScalarKernels.weightedPairsRankOne(n, data, start, range[0], range[1], xt, g4);
                        close(out, at + " rankOne h", h3, h4, Math.abs(h4));
                        closeAll(out, at + " rankOne gradient", g3, g4);
                        bitwise(out, at + " general vs rankOne h", new double[] {h1}, new double[] {h3});
                        bitwise(out, at + " general vs rankOne gradient", g1, g3);
                    }
                }
            }
        }
        checkBatches(out, random);
    }

    /** Awkward n (odd, around the lane counts and the member block) for the batch kernels. */
    static final int[] BATCH_SIZES = {1, 2, 3, 5, 7, 9, 41, 81};
    /** Member counts: below, at and around the member block, and the paper's batch of 50. */
    static final int[] BATCH_COUNTS = {1, 3, 4, 5, 9, 50};

    /**
     * The batch kernels, every member random: on the interleaved layout ({@code batchRankOne},
     * {@code batchGeneral}, r = 1-3) and the member-major one ({@code batchRankOneColumns}, r = 1), each
     * member bitwise equal to the single-point kernel at its point (rankOne at r = 1, general otherwise)
     * and within rounding of the scalar twin; {@code batchGeneral} at r = 1 bitwise {@code batchRankOne};
     * a call on the second block of members alone gives that block the same bits and leaves the other
     * members' gradients and losses alone. Counts of 50 (the batches the sweep runs) at r = 1, on all
     * row pairs and n = 1-3 and 41 only, and n = 81 on all row pairs with 1 and 5 members only, to keep
     * the 40 rounds of the forced-width runs short (512 bits on AVX2 run the Java fallback).
     */
    static void checkBatches(List<String> out, SplittableRandom random) {
        int lanes = WeightedPairKernels.LANES;
        for (int n : BATCH_SIZES) {
            int[] start = WeightedPairKernels.blockStarts(n);
            double[] data = randomLayout(n, start, random);
            int npad = WeightedPairKernels.paddedDimension(n), pairs = WeightedPairKernels.rowPairs(n);
            int[][] ranges = pairs > 2 ? new int[][] {{0, pairs}, {1, pairs - 1}} : new int[][] {{0, pairs}};
            for (int[] range : ranges) {
                for (int r : new int[] {1, 2, 3}) {
                    for (boolean columns : r == 1 ? new boolean[] {false, true} : new boolean[] {false}) {
                        for (int count : BATCH_COUNTS) {
                            if (count > 9 && (r > 1 || range[0] > 0 || (n > 3 && n != 41))) continue;
                            if (n > 41 && (range[0] > 0 || count == 3 || count == 4 || count == 9)) continue;
                            String at = "weightedPairs batch n=" + n + " pairs " + range[0] + ".." + range[1] + " r=" + r
                                    + (columns ? " member-major" : " interleaved") + " count=" + count;
                            int k = (count + lanes - 1) / lanes * lanes, stride = r * npad;
                            // element (j, c) of member m
                            java.util.function.IntBinaryOperator at2 = columns ? (m, e) -> m * npad + e : (m, e) -> e * k + m;
                            double[] xb = new double[k * stride];
                            for (int m = 0; m < count; m++)
                                for (int e = 0; e < n * r; e++) xb[at2.applyAsInt(m, e)] = random.nextGaussian();
                            double[] gb = new double[xb.length], hb = new double[k];
                            run(n, r, columns, data, start, range, k, 0, k, xb, gb, hb);
                            double[] gTwin = new double[xb.length], hTwin = new double[k];
                            if (columns) ScalarBatchKernels.weightedPairsMemberMajor(n, data, start, range[0], range[1], 0, k, xb, gTwin, hTwin);
                            else ScalarBatchKernels.weightedPairsInterleaved(n, r, data, start, range[0], range[1], k, 0, k, xb, gTwin, hTwin);
                            for (int m = 0; m < count; m++) {
                                double[] xt = new double[stride];
                                for (int i = 0; i < n; i++)
                                    for (int c = 0; c < r; c++) xt[c * npad + i] = xb[at2.applyAsInt(m, i * r + c)];
                                double[] g = new double[stride];
                                double h = r == 1
                                        ? WeightedPairKernels.rankOne(n, data, start, range[0], range[1], xt, g,
                                                new double[WeightedPairKernels.rankOneScratchLength(n)])
                                        : WeightedPairKernels.general(n, r, data, start, range[0], range[1], xt, g,
                                                new double[r * lanes]);
                                double[] mine = new double[stride], twin = new double[stride];
                                for (int i = 0; i < n; i++)
                                    for (int c = 0; c < r; c++) {
                                        mine[c * npad + i] = gb[at2.applyAsInt(m, i * r + c)];
                                        twin[c * npad + i] = gTwin[at2.applyAsInt(m, i * r + c)];
                                    }
                                for (int c = 0; c < r; c++)
                                    for (int i = n; i < npad; i++) g[c * npad + i] = 0; // padding is not compared
                                bitwise(out, at + " member " + m + " h vs single", new double[] {hb[m]}, new double[] {h});
                                bitwise(out, at + " member " + m + " gradient vs single", mine, g);
                                close(out, at + " member " + m + " h vs twin", hb[m], hTwin[m], hScale(n, r, data, start, range, xt, npad));
                                closeAll(out, at + " member " + m + " gradient vs twin", mine, twin);
                            }
                            if (r == 1 && !columns) {
                                double[] gb2 = new double[xb.length], hb2 = new double[k];
                                WeightedPairKernels.batchGeneral(n, 1, data, start, range[0], range[1], k, 0, k, xb, gb2, hb2,
                                        new double[WeightedPairKernels.batchScratchLength(1)]);
                                bitwise(out, at + " batchGeneral vs batchRankOne gradient", gb2, gb);
                                bitwise(out, at + " batchGeneral vs batchRankOne h", hb2, hb);
                            }
                            if (k > lanes) {
                                double[] gb3 = new double[xb.length], hb3 = new double[k];
                                run(n, r, columns, data, start, range, k, lanes, 2 * lanes, xb, gb3, hb3);
                                double[] want = new double[xb.length], wantH = new double[k];
                                for (int m = lanes; m < 2 * lanes; m++) {
                                    for (int e = 0; e < npad * r; e++) want[at2.applyAsInt(m, e)] = gb[at2.applyAsInt(m, e)];
                                    wantH[m] = hb[m];
                                }
                                bitwise(out, at + " second block alone gradient", gb3, want);
                                bitwise(out, at + " second block alone h", hb3, wantH);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void run(int n, int r, boolean columns, double[] data, int[] start, int[] range, int k, int mLo, int mHi,
                            double[] xb, double[] gb, double[] hb) {
        if (columns) {
            WeightedPairKernels.batchRankOneColumns(n, data, start, range[0], range[1], mLo, mHi, xb, gb, hb,
                    new double[WeightedPairKernels.batchColumnsScratchLength(n)]);
        } else {
            double[] scratch = new double[WeightedPairKernels.batchScratchLength(r)];
            if (r == 1) WeightedPairKernels.batchRankOne(n, data, start, range[0], range[1], k, mLo, mHi, xb, gb, hb, scratch);
            else WeightedPairKernels.batchGeneral(n, r, data, start, range[0], range[1], k, mLo, mHi, xb, gb, hb, scratch);
        }
    }

    /**
     * The size of h's terms before they cancel, {@code sum u (|x_i . x_j| + |t|)^2} over the range's
     * pairs: the rounding of h is relative to it, not to h (a point near t makes h tiny and its last
     * digits rounding).
     */
    private static double hScale(int n, int r, double[] data, int[] start, int[] range, double[] xt, int npad) {
        double s = 0;
        for (int i = 2 * range[0]; i < Math.min(n, 2 * range[1]); i++)
            for (int j = i; j < n; j++) {
                int at = WeightedPairKernels.index(start, i, j);
                double p = 0;
                for (int c = 0; c < r; c++) p += Math.abs(xt[c * npad + i] * xt[c * npad + j]);
                double term = p + Math.abs(data[at + WeightedPairKernels.LANES]);
                s += Math.abs(data[at]) * term * term;
            }
        return s;
    }

    private static void close(List<String> out, String what, double got, double want, double scale) {
        if (!(Math.abs(got - want) <= TOLERANCE * Math.max(scale, 1e-300))) out.add(what + ": vector " + got + " scalar " + want);
    }

    private static void closeAll(List<String> out, String what, double[] got, double[] want) {
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        for (int e = 0; e < want.length; e++) {
            if (!(Math.abs(got[e] - want[e]) <= TOLERANCE * Math.max(scale, 1e-300))) {
                out.add(what + " element " + e + ": vector " + got[e] + " scalar " + want[e]);
                return;
            }
        }
    }

    private static void bitwise(List<String> out, String what, double[] got, double[] want) {
        for (int e = 0; e < want.length; e++) {
            if (Double.doubleToRawLongBits(got[e]) != Double.doubleToRawLongBits(want[e])) {
                out.add(what + " element " + e + ": " + got[e] + " vs " + want[e] + " (not bitwise equal)");
                return;
            }
        }
    }
}
