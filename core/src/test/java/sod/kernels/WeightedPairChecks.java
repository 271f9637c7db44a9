package sod.kernels;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link WeightedPairKernels} on random pair layouts at awkward n (odd, below and between multiples of
 * the lane count) and row-pair sub-ranges: the vector kernels within rounding of their scalar twins,
 * and bitwise among themselves: {@code general} at r = 1 against {@code rankOne}, and every member of
 * a batch (placed anywhere in the batch, among others) against the single-point kernel. Part of
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
                    batch(out, at + " r=" + r, n, r, data, start, range, xt, h1, g1, random);
                }
            }
        }
    }

    /** Three batch sizes with the point in a random slot, the other members random: its bits must be the single kernel's. */
    private static void batch(List<String> out, String at, int n, int r, double[] data, int[] start, int[] range,
                              double[] xt, double h, double[] g, SplittableRandom random) {
        int lanes = WeightedPairKernels.LANES, npad = WeightedPairKernels.paddedDimension(n);
        for (int count : new int[] {1, lanes + 1, 3 * lanes - 1}) {
            int k = (count + lanes - 1) / lanes * lanes;
            int slot = random.nextInt(count);
            double[] xb = new double[npad * r * k], gb = new double[npad * r * k], hb = new double[k];
            for (int member = 0; member < count; member++)
                for (int i = 0; i < n; i++)
                    for (int c = 0; c < r; c++)
                        xb[(i * r + c) * k + member] = member == slot ? xt[c * npad + i] : random.nextGaussian();
            double[] scratch = new double[WeightedPairKernels.batchScratchLength(r)];
            if (r == 1) WeightedPairKernels.batchRankOne(n, data, start, range[0], range[1], k, 0, k, xb, gb, hb, scratch);
            else WeightedPairKernels.batchGeneral(n, r, data, start, range[0], range[1], k, 0, k, xb, gb, hb, scratch);
            double[] mine = new double[r * npad];
            for (int i = 0; i < npad; i++)
                for (int c = 0; c < r; c++) mine[c * npad + i] = i < n ? gb[(i * r + c) * k + slot] : 0;
            double[] single = g.clone();
            for (int c = 0; c < r; c++)
                for (int i = n; i < npad; i++) single[c * npad + i] = 0; // padding the batch does not keep
            String what = at + " batch of " + count + " slot " + slot;
            bitwise(out, what + " h", new double[] {hb[slot]}, new double[] {h});
            bitwise(out, what + " gradient", mine, single);
            if (r == 1 && lanes != 4) continue;
            if (r == 1) {
                // the four-lane kernel against the any-width one
                double[] gb2 = new double[gb.length], hb2 = new double[k];
                WeightedPairKernels.batchGeneral(n, 1, data, start, range[0], range[1], k, 0, k, xb, gb2, hb2, scratch);
                bitwise(out, what + " four-lane vs any-width gradient", gb, gb2);
                bitwise(out, what + " four-lane vs any-width h", hb, hb2);
            }
        }
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
