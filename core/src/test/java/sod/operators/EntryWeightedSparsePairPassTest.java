package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.testing.Tolerances;

/**
 * The one-pass completion operator ({@link EntryWeightedSparse} over {@code SparsePairKernels} and
 * {@link ColumnSegments}) at sizes that cross its chunk and segment boundaries: the objective and the
 * fused residual pass against an explicit dense reference (n x n coefficient matrix), with rows left
 * empty, diagonal entries, and observations drawn repeatedly (and mirrored) before normalisation; the
 * same bits on 1, 2 and 3 threads; and storage without the transposed lists.
 */
class EntryWeightedSparsePairPassTest {

    /** n: no multiple of the vector width; enough pairs for several row chunks and the parallel path. */
    private static final int N = 1237, DRAWS = 60_000;

    private record Observations(int[] rows, int[] cols, double[] b, int m) {
    }

    /**
     * Pairs drawn with repeats (some mirrored as (j, i)), rows 400-499 never drawn, every tenth row also
     * observed on its diagonal, then merged by {@link EntryWeightedSparse#sortEntriesMergingRepeats}.
     */
    private static Observations draw(SplittableRandom random) {
        int[] rows = new int[DRAWS], cols = new int[DRAWS];
        double[] values = new double[DRAWS];
        int k = 0;
        while (k < DRAWS) {
            int i = random.nextInt(N), j = random.nextInt(N);
            if ((i >= 400 && i < 500) || (j >= 400 && j < 500)) continue;
            if (k % 17 == 0 && i % 10 == 0) j = i;
            rows[k] = i;
            cols[k] = j;
            values[k] = valueOf(Math.min(i, j), Math.max(i, j));
            k++;
            if (k < DRAWS && k % 13 == 0) { // the same pair again, mirrored
                rows[k] = j;
                cols[k] = i;
                values[k] = values[k - 1];
                k++;
            }
        }
        int m = EntryWeightedSparse.sortEntriesMergingRepeats(N, rows, cols, null, values, 0.0);
        assertTrue(m < DRAWS, "the draw must contain repeats");
        return new Observations(Arrays.copyOf(rows, m), Arrays.copyOf(cols, m), Arrays.copyOf(values, m), m);
    }

    /** A smooth symmetric value per pair, so that repeated draws agree. */
    private static double valueOf(int i, int j) {
        return Math.sin(0.37 * i + 0.11 * j) * Math.cos(0.05 * (i - j));
    }

    private static double[] gaussian(SplittableRandom random, int length, double scale) {
        double[] v = new double[length];
        for (int q = 0; q < length; q++) v[q] = scale * random.nextGaussian();
        return v;
    }

    @Test
    void objectiveAndFusedPassMatchDenseReferenceAndAgreeOverThreads() {
        SplittableRandom random = new SplittableRandom(1616);
        Observations obs = draw(random);
        int m = obs.m();
        double[] weights = new double[m];
        for (int e = 0; e < m; e++) weights[e] = 0.3 + random.nextDouble();
        for (double[] w : new double[][] {null, weights}) {
            EntryWeightedSparse[] ops = new EntryWeightedSparse[3];
            for (int t = 0; t < 3; t++) ops[t] = new EntryWeightedSparse(N, obs.rows().clone(), obs.cols().clone(), w, t + 1);
            try {
                assertTrue(ops[2].parallel(), "the test must reach the parallel path");
                for (int r : new int[] {1, 3, 6, 10, 17}) {
                    String at = (w == null ? "unweighted" : "weighted") + ", r " + r;
                    double[] x = gaussian(random, N * r, 0.2);
                    double[] b = obs.b();

                    // reference: residual per pair, S_ij = S_ji = w res (2 w res on the diagonal), G = S X
                    double[] wantRes = new double[m];
                    double[] s = new double[N * N];
                    double wantH = 0;
                    for (int e = 0; e < m; e++) {
                        int i = obs.rows()[e], j = obs.cols()[e];
                        double dot = 0;
                        for (int q = 0; q < r; q++) dot += x[i * r + q] * x[j * r + q];
                        double we = w == null ? 1.0 : w[e];
                        wantRes[e] = we * dot - b[e];
                        wantH += wantRes[e] * wantRes[e];
                        double c = we * wantRes[e];
                        if (i == j) s[i * N + i] = 2 * c;
                        else s[i * N + j] = s[j * N + i] = c;
                    }
                    wantH *= 0.5;
                    double[] wantG = new double[N * r];
                    for (int i = 0; i < N; i++) {
                        for (int j = 0; j < N; j++) {
                            double sij = s[i * N + j];
                            if (sij != 0) for (int q = 0; q < r; q++) wantG[i * r + q] += sij * x[j * r + q];
                        }
                    }

                    double[][] res = new double[3][m], gFused = new double[3][N * r], gObjective = new double[3][N * r];
                    double[] hFused = new double[3], hObjective = new double[3];
                    for (int t = 0; t < 3; t++) {
                        Arrays.fill(gFused[t], Double.NaN); // the pass must overwrite every row, empty ones too
                        Arrays.fill(gObjective[t], Double.NaN);
                        hFused[t] = ops[t].residualAndGradient(x, r, b, res[t], gFused[t]);
                        hObjective[t] = ops[t].objective(b).lossAndGradient(x, r, gObjective[t]);
                    }
                    assertClose(wantH, hFused[0], Tolerances.REORDERED_SUM, 0, "h, " + at);
                    assertClose(wantRes, res[0], Tolerances.REORDERED_SUM, "residuals, " + at);
                    assertClose(wantG, gFused[0], Tolerances.REORDERED_SUM, "gradient, " + at);
                    for (int i = 400; i < 500; i++) assertEquals(0.0, gFused[0][i * r], "gradient of empty row " + i + ", " + at);
                    for (int t = 0; t < 3; t++) {
                        String how = (t + 1) + " threads, " + at;
                        assertEquals(hFused[0], hFused[t], 0.0, "h, " + how);
                        assertEquals(hFused[0], hObjective[t], 0.0, "objective h, " + how);
                        assertArrayEquals(res[0], res[t], "residuals, " + how);
                        assertArrayEquals(gFused[0], gFused[t], "gradient, " + how);
                        assertArrayEquals(gFused[0], gObjective[t], "objective gradient, " + how);
                    }
                }
            } finally {
                for (EntryWeightedSparse op : ops) op.close();
            }
        }
    }

    /** The adjoint products of an escape: A*(y) V against the dense matrix, the same bits on 1-3 threads. */
    @Test
    void adjointTimesMatchesDenseMatrixOverThreads() {
        SplittableRandom random = new SplittableRandom(77);
        Observations obs = draw(random);
        int m = obs.m();
        double[] y = gaussian(random, m, 1);
        double[] dense = new double[N * N];
        for (int e = 0; e < m; e++) {
            int i = obs.rows()[e], j = obs.cols()[e];
            dense[i * N + j] += 0.5 * y[e];
            dense[j * N + i] += 0.5 * y[e];
        }
        for (int k : new int[] {1, 4}) {
            double[] v = gaussian(random, N * k, 1), want = new double[N * k];
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++)
                    for (int q = 0; q < k; q++) want[i * k + q] += dense[i * N + j] * v[j * k + q];
            double[][] got = new double[3][N * k];
            for (int t = 0; t < 3; t++) {
                try (EntryWeightedSparse op = new EntryWeightedSparse(N, obs.rows().clone(), obs.cols().clone(), null, t + 1)) {
                    Arrays.fill(got[t], Double.NaN);
                    op.adjointTimes(y, v, k, got[t]);
                }
            }
            assertClose(want, got[0], Tolerances.REORDERED_SUM, "A*(y) V, k " + k);
            for (int t = 1; t < 3; t++) assertArrayEquals(got[0], got[t], "A*(y) V, k " + k + ", " + (t + 1) + " threads");
        }
    }

    /** One pattern, the upper triangle: 4 bytes per observation plus a few ints per row and thread. */
    @Test
    void storageHoldsNoTransposedLists() {
        Observations obs = draw(new SplittableRandom(5));
        int m = obs.m();
        for (int threads = 1; threads <= 3; threads++) {
            try (EntryWeightedSparse op = new EntryWeightedSparse(N, obs.rows().clone(), obs.cols().clone(), null, threads)) {
                long perRow = 4L * 2 + 8 + 4L * (threads + 1) + 4; // two row-start arrays, row h, segment bounds, chunks
                assertTrue(op.storageBytes() <= 4L * m + perRow * (N + 1) + 1024,
                        "storage " + op.storageBytes() + " B for m = " + m + ", n = " + N + ", " + threads + " threads");
            }
        }
    }
}
