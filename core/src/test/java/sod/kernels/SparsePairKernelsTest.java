package sod.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static sod.testing.Assertions.assertClose;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.testing.Tolerances;

/**
 * {@link SparsePairKernels} against explicit pair-by-pair references (a plain dot, every pair's two
 * rows updated from a dense coefficient matrix), at a dimension that is no multiple of the vector width,
 * with empty rows, diagonal entries, rows that stop inside a column segment, and every rank path; the
 * register kernel bitwise against its scalar twin; and the promise the thread split rests on: running the
 * column segments one after another gives the bits of a single segment.
 */
class SparsePairKernelsTest {

    private static final int N = 37;
    /** Column segment boundaries inside rows (not at row or vector boundaries). */
    private static final int[] CUTS = {0, 11, 29, N};

    /** Upper CSR: rows 3, 17 and 30-32 empty, rows 5 and 36 diagonal only, the rest random with about 1 in 3 diagonals. */
    private static int[][] pattern(SplittableRandom random) {
        int[] start = new int[N + 1];
        int[] cols = new int[N * N];
        int m = 0;
        for (int i = 0; i < N; i++) {
            start[i] = m;
            if (i == 3 || i == 17 || (i >= 30 && i <= 32)) continue;
            if (i == 5 || i == 36) {
                cols[m++] = i;
                continue;
            }
            if (random.nextInt(3) == 0) cols[m++] = i;
            for (int j = i + 1; j < N; j++) if (random.nextInt(3) == 0) cols[m++] = j;
        }
        start[N] = m;
        return new int[][] {start, Arrays.copyOf(cols, m)};
    }

    /** {@code bound[s][i]}: row i's first entry with column >= CUTS[s]. */
    private static int[][] bounds(int[] start, int[] cols) {
        int[][] bound = new int[CUTS.length][N];
        for (int s = 0; s < CUTS.length; s++) {
            for (int i = 0; i < N; i++) {
                int e = start[i];
                while (e < start[i + 1] && cols[e] < CUTS[s]) e++;
                bound[s][i] = e;
            }
        }
        return bound;
    }

    private static double[] gaussian(SplittableRandom random, int length) {
        double[] v = new double[length];
        for (int q = 0; q < length; q++) v[q] = random.nextGaussian();
        return v;
    }

    private interface Pass {
        void run(int[] from, int[] to, double[] residual, double[] g, double[] hRow);
    }

    /** The pass over the segments one after another (what the pipeline's threads produce), or as one segment. */
    private static void bySegments(int[] start, int[][] bound, boolean split, int m, int r, Pass pass, double[] residual, double[] g, double[] hRow) {
        Arrays.fill(g, 0.0);
        Arrays.fill(hRow, 0.0);
        if (!split) {
            pass.run(start, bound[CUTS.length - 1], residual, g, hRow);
            return;
        }
        for (int s = 0; s + 1 < CUTS.length; s++) pass.run(bound[s], bound[s + 1], residual, g, hRow);
    }

    @Test
    void residualMatchesExplicitPairsAndTwinAndSegmentSplit() {
        SplittableRandom random = new SplittableRandom(2026);
        int[][] p = pattern(random);
        int[] start = p[0], cols = p[1];
        int m = cols.length;
        int[] rowOf = new int[m];
        for (int i = 0; i < N; i++) for (int e = start[i]; e < start[i + 1]; e++) rowOf[e] = i;
        int[][] bound = bounds(start, cols);
        for (boolean weighted : new boolean[] {false, true}) {
            double[] w = weighted ? gaussian(random, m) : null;
            for (int r : new int[] {1, 2, 3, 4, 5, 7, 8, 10, 13, 15, 16, 19}) {
                String at = (weighted ? "weighted" : "unweighted") + ", r " + r;
                double[] x = gaussian(random, N * r), b = gaussian(random, m);

                // reference: every pair from its definition, the coefficient matrix dense
                double[] wantRes = new double[m];
                double[] coefficient = new double[N * N];
                double wantH = 0;
                for (int e = 0; e < m; e++) {
                    int i = rowOf[e], j = cols[e];
                    double dot = 0;
                    for (int q = 0; q < r; q++) dot += x[i * r + q] * x[j * r + q];
                    double we = weighted ? w[e] : 1.0;
                    wantRes[e] = we * dot - b[e];
                    wantH += wantRes[e] * wantRes[e];
                    double c = we * wantRes[e];
                    if (i == j) coefficient[i * N + i] = 2 * c;
                    else coefficient[i * N + j] = coefficient[j * N + i] = c;
                }
                double[] wantG = new double[N * r];
                for (int i = 0; i < N; i++)
                    for (int j = 0; j < N; j++)
                        for (int q = 0; q < r; q++) wantG[i * r + q] += coefficient[i * N + j] * x[j * r + q];

                double[][] res = new double[3][m], g = new double[3][N * r], hRow = new double[3][N];
                Pass dispatch = (from, to, out, grad, h) -> SparsePairKernels.residual(0, N, from, to, cols, w, x, r, b, out, grad, h);
                Pass twin = (from, to, out, grad, h) -> SparsePairKernels.residualScalar(0, N, from, to, cols, w, x, r, b, out, grad, h);
                bySegments(start, bound, false, m, r, dispatch, res[0], g[0], hRow[0]);
                bySegments(start, bound, true, m, r, dispatch, res[1], g[1], hRow[1]);
                bySegments(start, bound, true, m, r, twin, res[2], g[2], hRow[2]);

                double h = 0;
                for (double part : hRow[0]) h += part;
                assertClose(wantH, h, Tolerances.REORDERED_SUM, 0, "h, " + at);
                assertClose(wantRes, res[0], Tolerances.REORDERED_SUM, "residuals, " + at);
                assertClose(wantG, g[0], Tolerances.REORDERED_SUM, "gradient, " + at);
                for (int v = 1; v < 3; v++) {
                    String how = (v == 1 ? "three segments" : "scalar twin, three segments") + ", " + at;
                    assertArrayEquals(res[0], res[v], "residuals, " + how);
                    assertArrayEquals(g[0], g[v], "gradient, " + how);
                    assertArrayEquals(hRow[0], hRow[v], "row h, " + how);
                }
                // a pass without residuals writes the same gradient
                double[] gNoRes = new double[N * r], hNoRes = new double[N];
                bySegments(start, bound, true, m, r, (from, to, out, grad, hh) -> SparsePairKernels.residual(0, N, from, to, cols, w, x, r, b, null, grad, hh),
                        null, gNoRes, hNoRes);
                assertArrayEquals(g[0], gNoRes, "gradient without residuals, " + at);
            }
        }
    }

    @Test
    void registerKernelIsBitwiseItsTwinOnSubRanges() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] p = pattern(random);
        int[] start = p[0], cols = p[1];
        int m = cols.length;
        int[][] bound = bounds(start, cols);
        for (int r = 4; r <= SparseUpperKernels.MAX_REGISTER_RANK; r++) {
            double[] x = gaussian(random, N * r), b = gaussian(random, m), w = gaussian(random, m);
            double[] g1 = gaussian(random, N * r), g2 = g1.clone(), h1 = gaussian(random, N), h2 = h1.clone();
            double[] res1 = new double[m], res2 = new double[m];
            // rows 6..27 of the middle segment, onto nonzero running sums
            SparsePairKernels.residualRegisters(6, 28, bound[1], bound[2], cols, w, x, r, b, res1, g1, h1);
            SparsePairKernels.residualScalar(6, 28, bound[1], bound[2], cols, w, x, r, b, res2, g2, h2);
            assertArrayEquals(g2, g1, "gradient, r " + r);
            assertArrayEquals(h2, h1, "row h, r " + r);
            assertArrayEquals(res2, res1, "residuals, r " + r);
        }
    }

    /** Touching rows ahead only reads: every distance (none, the next row, further) gives the same bits, at every register rank. */
    @Test
    void touchingAheadChangesNoBit() {
        SplittableRandom random = new SplittableRandom(31);
        int[][] p = pattern(random);
        int[] start = p[0], cols = p[1];
        int m = cols.length;
        int[][] bound = bounds(start, cols);
        try {
            for (int r = 4; r <= SparseUpperKernels.MAX_REGISTER_RANK; r++) {
                double[] x = gaussian(random, N * r), b = gaussian(random, m), g0 = gaussian(random, N * r), h0 = gaussian(random, N);
                double[] wantG = null, wantH = null, wantRes = null;
                for (int ahead : new int[] {0, 1, 2, 5, N + 3}) {
                    SparsePairKernels.touchAhead(ahead);
                    double[] g = g0.clone(), h = h0.clone(), res = new double[m];
                    SparsePairKernels.residualRegisters(2, 35, bound[1], bound[3], cols, null, x, r, b, res, g, h);
                    if (wantG == null) {
                        wantG = g;
                        wantH = h;
                        wantRes = res;
                        continue;
                    }
                    assertArrayEquals(wantG, g, "gradient, r " + r + ", " + ahead + " rows ahead");
                    assertArrayEquals(wantH, h, "row h, r " + r + ", " + ahead + " rows ahead");
                    assertArrayEquals(wantRes, res, "residuals, r " + r + ", " + ahead + " rows ahead");
                }
            }
        } finally {
            SparsePairKernels.touchAhead(1);
        }
    }

    /** The touch loads the first and last double of every gathered x_j and g_j of the entries given. */
    @Test
    void touchRowsReadsTheEndsOfEachNeighbourRow() {
        SplittableRandom random = new SplittableRandom(5);
        int r = 10;
        int[] cols = {4, 0, 9, 4, 2};
        double[] x = gaussian(random, 10 * r), g = gaussian(random, 10 * r);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int e = 1; e < 4; e++) {
            s0 += x[cols[e] * r];
            s1 += x[cols[e] * r + r - 1];
            s2 += g[cols[e] * r];
            s3 += g[cols[e] * r + r - 1];
        }
        assertEquals((s0 + s1) + (s2 + s3), SparsePairKernels.touchRows(1, 4, cols, x, g, r));
        assertEquals(0.0, SparsePairKernels.touchRows(2, 2, cols, x, g, r));
    }

    @Test
    void adjointMatchesDenseMatrixAndSegmentSplit() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] p = pattern(random);
        int[] start = p[0], cols = p[1];
        int m = cols.length;
        int[][] bound = bounds(start, cols);
        for (boolean weighted : new boolean[] {false, true}) {
            double[] w = weighted ? gaussian(random, m) : null;
            for (int k : new int[] {1, 3, 4, 6}) {
                double[] y = gaussian(random, m), v = gaussian(random, N * k);
                double[] dense = new double[N * N]; // A*(y) = sum_e y_e w_e (E_ij + E_ji) / 2
                for (int i = 0; i < N; i++) {
                    for (int e = start[i]; e < start[i + 1]; e++) {
                        int j = cols[e];
                        double half = 0.5 * y[e] * (weighted ? w[e] : 1.0);
                        dense[i * N + j] += half;
                        dense[j * N + i] += half;
                    }
                }
                double[] want = new double[N * k];
                for (int i = 0; i < N; i++)
                    for (int j = 0; j < N; j++)
                        for (int q = 0; q < k; q++) want[i * k + q] += dense[i * N + j] * v[j * k + q];
                double[] one = new double[N * k], three = new double[N * k];
                SparsePairKernels.adjoint(0, N, start, bound[CUTS.length - 1], cols, w, y, v, k, one);
                for (int s = 0; s + 1 < CUTS.length; s++) SparsePairKernels.adjoint(0, N, bound[s], bound[s + 1], cols, w, y, v, k, three);
                String at = (weighted ? "weighted" : "unweighted") + ", k " + k;
                assertClose(want, one, Tolerances.REORDERED_SUM, "A*(y) V, " + at);
                assertArrayEquals(one, three, "three segments, " + at);
            }
        }
    }

    @Test
    void dotHasTheLaneOrderOfTheVectorKernels() {
        // values whose sum depends on the grouping: (1e16 + 1) + (-1e16 + 1) lane by lane
        double[] x = {1e16, 1, -1e16, 1, 1, 1, 1, 1, 3};
        double[] one = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] both = new double[18];
        System.arraycopy(x, 0, both, 0, 9);
        System.arraycopy(one, 0, both, 9, 9);
        // lanes: (1e16 + 1) (1 + 1) (-1e16 + 1) (1 + 1), reduced (l0 + l1) + (l2 + l3), then + 3
        double lane0 = 1e16 + 1, lane1 = 2, lane2 = -1e16 + 1, lane3 = 2;
        double want = Math.fma(3, 1, (lane0 + lane1) + (lane2 + lane3));
        assertEquals(want, SparsePairKernels.dot(both, 0, 9, 9), 0.0);
    }
}
