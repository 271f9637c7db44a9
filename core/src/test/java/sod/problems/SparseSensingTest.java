package sod.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.SodInputException;
import sod.io.Npy;
import sod.io.ScipySparseNpzWriter;
import sod.io.SparseSymmetricSet;
import sod.testing.Tolerances;

/**
 * Sparse sensing problems: weights equal the weighted least-squares objective computed from explicit
 * matrices, normalising weights are 1/||A_i||_F^2, and the loaders' checks.
 */
class SparseSensingTest {
    @TempDir
    Path dir;

    /** n = 6, m = 25: every A_i a few random upper entries (the diagonal among them). */
    static SparseSymmetricSet randomSet(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 6, m = 25;
        long[] start = new long[m + 1];
        int[] row = new int[m * 21], col = new int[m * 21];
        double[] value = new double[m * 21];
        int e = 0;
        for (int i = 0; i < m; i++) {
            start[i] = e;
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++)
                    if (rnd.nextDouble() < 0.25 || (p == q && p == i % n)) {
                        row[e] = p;
                        col[e] = q;
                        value[e++] = rnd.nextGaussian() * (1 + i);
                    }
        }
        start[m] = e;
        return new SparseSymmetricSet(n, m, start, java.util.Arrays.copyOf(row, e), java.util.Arrays.copyOf(col, e),
                java.util.Arrays.copyOf(value, e));
    }

    static double[] full(SparseSymmetricSet s, int i) {
        int n = s.n();
        double[] a = new double[n * n];
        for (long k = s.start()[i]; k < s.start()[i + 1]; k++) {
            int e = (int) k;
            a[s.row()[e] * n + s.col()[e]] = s.value()[e];
            a[s.col()[e] * n + s.row()[e]] = s.value()[e];
        }
        return a;
    }

    static SparseSymmetricSet copy(SparseSymmetricSet s) {
        return new SparseSymmetricSet(s.n(), s.m(), s.start().clone(), s.row().clone(), s.col().clone(), s.value().clone());
    }

    /** h = 1/2 sum w_i r_i^2 and its gradient 2 sum w_i r_i A_i X, from the explicit A_i of the unweighted set. */
    @Test
    void weightsGiveTheWeightedLeastSquaresObjective() {
        SparseSymmetricSet set = randomSet(1);
        int n = set.n(), m = set.m(), r = 2;
        SplittableRandom rnd = new SplittableRandom(2);
        double[] b = new double[m], w = new double[m], x = new double[n * r];
        for (int i = 0; i < m; i++) {
            b[i] = rnd.nextGaussian();
            w[i] = i % 5 == 0 ? 0 : rnd.nextDouble() * 3;
        }
        for (int e = 0; e < x.length; e++) x[e] = rnd.nextGaussian();
        double h = 0;
        double[] grad = new double[n * r];
        for (int i = 0; i < m; i++) {
            double[] a = full(set, i);
            double ax = 0;
            for (int p = 0; p < n; p++)
                for (int q = 0; q < n; q++)
                    for (int c = 0; c < r; c++) ax += a[p * n + q] * x[p * r + c] * x[q * r + c];
            double ri = ax - b[i];
            h += 0.5 * w[i] * ri * ri;
            for (int p = 0; p < n; p++)
                for (int q = 0; q < n; q++)
                    for (int c = 0; c < r; c++) grad[p * r + c] += 2 * w[i] * ri * a[p * n + q] * x[q * r + c];
        }
        try (Problem p = SparseSensing.problem("weighted", copy(set), b.clone(), w, GroundTruth.NONE, r, 1)) {
            double[] residual = new double[m], g = new double[n * r];
            double got = p.operator().residualAndGradient(x, r, p.b(), residual, g);
            assertClose(h, got, Tolerances.SAME_OPERATOR, 0, "h");
            assertClose(grad, g, Tolerances.SAME_OPERATOR, "gradient");
            assertEquals(r, p.rank());
        }
    }

    @Test
    void normalisingWeightsAreInverseSquaredFrobeniusNorms() {
        SparseSymmetricSet set = randomSet(3);
        double[] w = MeasurementWeights.normalizing(set);
        for (int i = 0; i < set.m(); i++) {
            double s = 0;
            for (double v : full(set, i)) s += v * v;
            assertClose(1 / s, w[i], 1e-14, 0, "w_" + i);
        }
        // after weighting, every A_i has unit norm
        MeasurementWeights.apply(set, new double[set.m()], w);
        for (int i = 0; i < set.m(); i++) {
            double s = 0;
            for (double v : full(set, i)) s += v * v;
            assertClose(1.0, s, 1e-14, 0, "||A_" + i + "||^2 after normalising");
        }
    }

    @Test
    void badWeightsAndMissingRankAreRefused() {
        SparseSymmetricSet set = randomSet(4);
        double[] b = new double[set.m()], w = new double[set.m()];
        java.util.Arrays.fill(w, 1);
        w[7] = -0.5;
        SodInputException negative = assertThrows(SodInputException.class,
                () -> SparseSensing.problem("x", copy(set), b.clone(), w, GroundTruth.NONE, 1, 1));
        assertTrue(negative.getMessage().contains("weight 7 is -0.5"), negative.getMessage());
        w[7] = Double.NaN;
        assertThrows(SodInputException.class, () -> SparseSensing.problem("x", copy(set), b.clone(), w, GroundTruth.NONE, 1, 1));
        SodInputException rank = assertThrows(SodInputException.class,
                () -> SparseSensing.problem("x", copy(set), b.clone(), null, GroundTruth.NONE, 0, 1));
        assertTrue(rank.getMessage().startsWith("--rank") && rank.getMessage().contains("pass --rank R"), rank.getMessage());
        SparseSymmetricSet zero = new SparseSymmetricSet(2, 2, new long[] {0, 1, 1}, new int[] {0}, new int[] {1}, new double[] {1});
        SodInputException empty = assertThrows(SodInputException.class, () -> MeasurementWeights.normalizing(zero));
        assertTrue(empty.getMessage().contains("sensing matrix 1 is zero"), empty.getMessage());
    }

    /** The file loader: b of shape (m, 1) accepted, its length checked against A, weights from a file applied. */
    @Test
    void filesLoadWithWeightsAndTheirMismatchesNameTheFile() {
        SparseSymmetricSet set = randomSet(5);
        int m = set.m();
        Path a = dir.resolve("A.npz"), b = dir.resolve("b.npy"), shortB = dir.resolve("short.npy"), w = dir.resolve("w.npy");
        ScipySparseNpzWriter.write(a, set);
        double[] data = new double[m], weights = new double[m];
        for (int i = 0; i < m; i++) {
            data[i] = i;
            weights[i] = 4;
        }
        Npy.write(b, data, m, 1);
        Npy.write(shortB, new double[m - 1], m - 1);
        Npy.write(w, weights, m);
        java.util.List<String> notes = new java.util.ArrayList<>();
        FileOptions options = FileOptions.of(1, 1).withWeights(w).withNotes(notes::add);
        try (Problem p = SparseSensing.fromFiles(a, b, null, options)) {
            for (int i = 0; i < m; i++) assertEquals(2.0 * i, p.b()[i], "b scaled by sqrt(w) = 2");
            assertTrue(notes.get(0).startsWith("weights from " + w), notes.toString());
        }
        SodInputException e = assertThrows(SodInputException.class, () -> SparseSensing.fromFiles(a, shortB, null, FileOptions.of(1, 1)));
        assertTrue(e.getMessage().startsWith(shortB.toString()) && e.getMessage().contains("m = " + m), e.getMessage());
        SodInputException both = assertThrows(SodInputException.class,
                () -> FileOptions.of(1, 1).withWeights(w).withNormalize(true));
        assertTrue(both.getMessage().contains("--weights and --normalize"), both.getMessage());
    }
}
