package sod.kernels;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import sod.testing.Tolerances;

/**
 * The sparse row kernels ({@link SparseUpperKernels}, {@link SparseLowerKernels}, the Gram of
 * {@link SparseSensingKernels}) against their scalar
 * twins on random patterns with empty rows, diagonal entries and awkward ranks, for whole row ranges
 * and sub-ranges; and the bitwise promises between them (register-held sums = L1-scratch sums, the
 * one-pass rank-1 product = the two passes). Part of {@link KernelCheck}, so it also runs at forced widths
 * (the sparse kernels keep four lanes whatever the width; the check shows that they still agree).
 */
final class SparseRowChecks {

    static final int[] SIZES = {1, 5, 23, 41};
    /** 1, the scalar kernels (2, 3), register-held sums (4..15: 1-3 vectors and a 0-3 tail), L1 scratch (16+). */
    static final int[] RANKS = {1, 2, 3, 4, 6, 7, 8, 9, 14, 15, 16, 19};

    private SparseRowChecks() {
    }

    /** An upper CSR pattern (about 40% of the pairs, every fifth row empty) with its lower lists. */
    private record Pattern(int n, int[] upperStart, int[] upperCols, int[] lowerStart, int[] lowerCols, int[] lowerEntry) {
        int size() {
            return upperCols.length;
        }

        static Pattern random(int n, SplittableRandom random) {
            int[] start = new int[n + 1], cols = new int[n * (n + 1) / 2];
            int m = 0;
            for (int i = 0; i < n; i++) {
                start[i] = m;
                if (i % 5 == 3) continue;
                for (int j = i; j < n; j++) if (random.nextDouble() < 0.4 || (n == 1)) cols[m++] = j;
            }
            start[n] = m;
            cols = Arrays.copyOf(cols, m);
            int[] lowerStart = new int[n + 1];
            for (int e = 0; e < m; e++) if (cols[e] > rowOf(start, e)) lowerStart[cols[e] + 1]++;
            for (int i = 0; i < n; i++) lowerStart[i + 1] += lowerStart[i];
            int[] fill = Arrays.copyOf(lowerStart, n), lowerCols = new int[lowerStart[n]], lowerEntry = new int[lowerStart[n]];
            for (int e = 0; e < m; e++) {
                int i = rowOf(start, e), j = cols[e];
                if (j > i) {
                    lowerCols[fill[j]] = i;
                    lowerEntry[fill[j]++] = e;
                }
            }
            return new Pattern(n, start, cols, lowerStart, lowerCols, lowerEntry);
        }

        private static int rowOf(int[] start, int e) {
            int i = 0;
            while (start[i + 1] <= e) i++;
            return i;
        }
    }

    static void check(List<String> out, SplittableRandom random) {
        for (int n : SIZES) {
            Pattern p = Pattern.random(n, random);
            int m = p.size();
            double[] weights = uniform(m, 0.2, 1.2, random);
            // An awkward sub-range where there is one (rows outside it must stay untouched).
            int[][] ranges = n > 2 ? new int[][] {{1, n - 1}} : new int[][] {{0, n}};
            for (double[] w : new double[][] {null, weights}) {
                String tag = "n=" + n + (w == null ? " unweighted" : " weighted");
                for (int r : RANKS) {
                    for (int[] range : ranges) {
                        String at = tag + " r=" + r + " rows " + range[0] + ".." + range[1];
                        upper(out, at, p, w, r, range[0], range[1], random);
                        lower(out, at, p, r, range[0], range[1], random);
                        if (w == null) sensingGram(out, at, p, r, range[0], range[1], random);
                    }
                }
                mapProduct(out, tag, p, w, random);
            }
        }
    }

    private static void upper(List<String> out, String at, Pattern p, double[] w, int r, int lo, int hi, SplittableRandom random) {
        int n = p.n(), m = p.size();
        double[] x = uniform(n * r, -1, 1, random), y = uniform(m, -1, 1, random);
        double[] acc = new double[r];
        double[] c1 = new double[m], c2 = new double[m];
        double[] o1 = uniform(n * r, -1, 1, random), o2 = o1.clone();
        SparseUpperKernels.adjoint(lo, hi, p.upperStart(), p.upperCols(), w, c1, y, x, r, o1, acc);
        ScalarKernels.sparseUpperAdjoint(lo, hi, p.upperStart(), p.upperCols(), w, c2, y, x, r, o2, acc);
        close(out, "adjoint " + at, o2, o1);
        close(out, "adjoint coefficients " + at, c2, c1);
    }

    private static void lower(List<String> out, String at, Pattern p, int k, int lo, int hi, SplittableRandom random) {
        int n = p.n(), m = p.size();
        double[] v = uniform(n * k, -1, 1, random), source = uniform(m, -1, 1, random), acc = new double[k];
        for (double scale : new double[] {0.5, 1.0}) {
            double[] o1 = uniform(n * k, -1, 1, random), o2 = o1.clone();
            SparseLowerKernels.gather(lo, hi, p.lowerStart(), p.lowerCols(), p.lowerEntry(), source, scale, v, k, o1, acc);
            ScalarKernels.sparseLowerGather(lo, hi, p.lowerStart(), p.lowerCols(), p.lowerEntry(), source, scale, v, k, o2, acc);
            close(out, "gather scale " + scale + " " + at, o2, o1);
            if (k >= 4 && k <= SparseUpperKernels.MAX_REGISTER_RANK) {
                double[] viaRegisters = o1.clone(), viaScratch = o1.clone();
                SparseLowerKernels.gatherRegisters(lo, hi, p.lowerStart(), p.lowerCols(), p.lowerEntry(), source, scale, v, k, viaRegisters);
                SparseLowerKernels.gatherVector(lo, hi, p.lowerStart(), p.lowerCols(), p.lowerEntry(), source, scale, v, k, viaScratch, acc);
                if (!Arrays.equals(viaRegisters, viaScratch)) out.add("gatherRegisters " + at + ": not bitwise equal to gatherVector");
            }
        }
    }

    /** {@link SparseSensingKernels#gram} of U, V and of X with itself against the twin (rows outside the range untouched). */
    private static void sensingGram(List<String> out, String at, Pattern p, int k, int lo, int hi, SplittableRandom random) {
        int n = p.n(), m = p.size();
        double[] u = uniform(n * k, -1, 1, random), v = uniform(n * k, -1, 1, random);
        for (boolean self : new boolean[] {false, true}) {
            double[] second = self ? u : v;
            double[] o1 = uniform(m, -1, 1, random), o2 = o1.clone();
            SparseSensingKernels.gram(lo, hi, p.upperStart(), p.upperCols(), u, second, k, o1);
            ScalarKernels.sparseSensingGram(lo, hi, p.upperStart(), p.upperCols(), u, second, k, o2);
            close(out, "sensing gram" + (self ? " (X, X) " : " (U, V) ") + at, o2, o1);
        }
    }

    /** The prepared rank-1 product: one pass over rows, bitwise equal to the two passes. */
    private static void mapProduct(List<String> out, String tag, Pattern p, double[] w, SplittableRandom random) {
        int n = p.n(), m = p.size();
        double[] y = uniform(m, -1, 1, random), v = uniform(n, -1, 1, random), acc = new double[1];
        double[] coef = new double[m], twoPass = new double[n];
        SparseUpperKernels.adjoint(0, n, p.upperStart(), p.upperCols(), w, coef, y, v, 1, twoPass, acc);
        SparseLowerKernels.gather(0, n, p.lowerStart(), p.lowerCols(), p.lowerEntry(), w == null ? y : coef, w == null ? 0.5 : 1.0,
                v, 1, twoPass, acc);
        double[] lowerCoef = new double[p.lowerCols().length], onePass = new double[n];
        SparseLowerKernels.gatherCoefficients(0, n, p.lowerStart(), p.lowerEntry(), w, y, lowerCoef);
        SparseLowerKernels.adjointRank1(0, n, p.upperStart(), p.upperCols(), w, y, p.lowerStart(), p.lowerCols(), lowerCoef, v, onePass);
        if (!Arrays.equals(onePass, twoPass)) out.add("adjointRank1 " + tag + ": not bitwise equal to the two passes");
    }

    private static double[] uniform(int length, double lo, double hi, SplittableRandom random) {
        double[] a = new double[length];
        for (int e = 0; e < length; e++) a[e] = random.nextDouble(lo, hi);
        return a;
    }

    /** Every entry within {@link Tolerances#REORDERED_SUM} of the largest expected magnitude. */
    private static void close(List<String> out, String what, double[] want, double[] got) {
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        double allowed = Tolerances.REORDERED_SUM * Math.max(scale, 1e-300);
        for (int e = 0; e < want.length; e++) {
            if (!(Math.abs(want[e] - got[e]) <= allowed)) {
                out.add(what + " entry " + e + ": vector " + got[e] + " scalar " + want[e]);
                return;
            }
        }
    }
}
