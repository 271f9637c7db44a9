package sod.kernels;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The vectorised r = 1 pass of {@link EntryWeightedRowKernels} against its scalar twin at awkward n
 * (below, at and between multiples of one and two vectors) and row sub-ranges: the residuals bitwise
 * (each lane does the twin's operations in the same order), h and the gradient within rounding (their
 * sums run per lane). Part of {@link KernelCheck}, so it also runs at forced widths.
 */
final class EntryWeightedRowChecks {

    static final int[] SIZES = {1, 2, 6, 8, 13, 17, 40, 83};
    /** The per-lane sums against the twin's single chain: a few ulps of the row sums. */
    static final double TOLERANCE = 1e-13;

    private EntryWeightedRowChecks() {
    }

    static void check(List<String> out, SplittableRandom random) {
        double[] lanes = new double[EntryWeightedRowKernels.laneScratchLength()];
        for (int n : SIZES) {
            double[] w = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) w[i * n + j] = w[j * n + i] = 0.1 + random.nextDouble();
            double[] b = gaussian(n * n, random), x = gaussian(n, random);
            for (int[] range : n > 2 ? new int[][] {{0, n}, {1, n - 2}} : new int[][] {{0, n}}) {
                String at = "entryWeightedRows n=" + n + " rows " + range[0] + ".." + range[1];
                double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n], g2 = new double[n];
                double h1 = EntryWeightedRowKernels.rows(n, w, range[0], range[1], x, 1, b, res1, g1, lanes);
                double h2 = ScalarKernels.entryWeightedRowsRankOne(n, w, range[0], range[1], x, b, res2, g2);
                if (!(Math.abs(h1 - h2) <= TOLERANCE * h2)) out.add(at + ": h " + h1 + " scalar " + h2);
                for (int e = 0; e < n * n; e++) {
                    if (Double.doubleToRawLongBits(res1[e]) != Double.doubleToRawLongBits(res2[e])) {
                        out.add(at + ": residual " + e + " not bitwise equal to the twin's");
                        break;
                    }
                }
                double scale = 0;
                for (double g : g2) scale = Math.max(scale, Math.abs(g));
                for (int e = 0; e < n; e++) {
                    if (!(Math.abs(g1[e] - g2[e]) <= TOLERANCE * Math.max(scale, 1e-300))) {
                        out.add(at + ": gradient " + e + " vector " + g1[e] + " scalar " + g2[e]);
                        break;
                    }
                }
            }
        }
    }

    /** The measure kernel at k > 1: bitwise its twin (same operations per element). */
    static void checkMeasure(List<String> out, SplittableRandom random) {
        for (int n : SIZES) {
            double[] w = gaussian(n * n, random);
            for (int k : new int[] {2, 3, 5}) {
                double[] u = gaussian(n * k, random), v = gaussian(n * k, random), ut = new double[n * k], vt = new double[n * k];
                for (int j = 0; j < n; j++)
                    for (int c = 0; c < k; c++) {
                        ut[c * n + j] = u[j * k + c];
                        vt[c * n + j] = v[j * k + c];
                    }
                double[] got = new double[n * n], want = new double[n * n];
                int lo = n > 2 ? 1 : 0, hi = n;
                EntryWeightedRowKernels.measure(n, w, lo, hi, u, v, ut, vt, k, got);
                ScalarKernels.entryWeightedMeasure(n, w, lo, hi, u, v, k, want);
                for (int e = 0; e < n * n; e++) {
                    if (Double.doubleToRawLongBits(got[e]) != Double.doubleToRawLongBits(want[e])) {
                        out.add("entryWeightedMeasure n=" + n + " k=" + k + " element " + e + ": " + got[e] + " vs twin " + want[e]);
                        break;
                    }
                }
            }
        }
    }

    private static double[] gaussian(int length, SplittableRandom random) {
        double[] a = new double[length];
        for (int e = 0; e < length; e++) a[e] = random.nextGaussian();
        return a;
    }
}
