package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse .npz writer: read back by sod's SciPy reader to the same set, and read by SciPy itself
 * ({@code scipy.sparse.load_npz} in the system python3; skipped with a message when python3 or SciPy
 * is missing), where every row must equal vec(A_i) with both triangles.
 */
class ScipySparseNpzWriterTest {
    @TempDir
    Path dir;

    /** n = 7, 9 measurements: diagonal and off-diagonal entries, an empty A_i, one explicit zero (dropped on write). */
    static SparseSymmetricSet sample() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 7, m = 9;
        long[] start = new long[m + 1];
        int[] row = new int[64], col = new int[64];
        double[] value = new double[64];
        int e = 0;
        for (int i = 0; i < m; i++) {
            start[i] = e;
            if (i == 4) continue;
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++)
                    if (rnd.nextDouble() < 0.12) {
                        row[e] = p;
                        col[e] = q;
                        value[e++] = i == 2 && e % 3 == 0 ? 0.0 : rnd.nextGaussian();
                    }
        }
        start[m] = e;
        return new SparseSymmetricSet(n, m, start, java.util.Arrays.copyOf(row, e), java.util.Arrays.copyOf(col, e),
                java.util.Arrays.copyOf(value, e));
    }

    /** The set without its explicit zeros, as it must read back. */
    static SparseSymmetricSet withoutZeros(SparseSymmetricSet s) {
        int kept = 0;
        for (double v : s.value()) if (v != 0) kept++;
        long[] start = new long[s.m() + 1];
        int[] row = new int[kept], col = new int[kept];
        double[] value = new double[kept];
        int e = 0;
        for (int i = 0; i < s.m(); i++) {
            start[i] = e;
            for (long k = s.start()[i]; k < s.start()[i + 1]; k++) {
                int f = (int) k;
                if (s.value()[f] == 0) continue;
                row[e] = s.row()[f];
                col[e] = s.col()[f];
                value[e++] = s.value()[f];
            }
        }
        start[s.m()] = e;
        return new SparseSymmetricSet(s.n(), s.m(), start, row, col, value);
    }

    @Test
    void readsBackToTheSameSet() {
        SparseSymmetricSet set = sample(), want = withoutZeros(set);
        assertTrue(want.nnz() < set.nnz(), "the sample has an explicit zero");
        Path file = dir.resolve("A.npz");
        ScipySparseNpzWriter.write(file, set);
        SparseSymmetricSet got = ScipySparseNpz.read(file, false);
        assertEquals(want.n(), got.n());
        assertEquals(want.m(), got.m());
        assertArrayEquals(want.start(), got.start());
        assertArrayEquals(want.row(), got.row());
        assertArrayEquals(want.col(), got.col());
        assertArrayEquals(want.value(), got.value());
    }

    @Test
    void scipyLoadsItAsTheMatrixOfVecAi() throws IOException, InterruptedException {
        Assumptions.assumeTrue(python("import scipy.sparse") == 0, "skipped: python3 with SciPy is not available");
        SparseSymmetricSet set = sample();
        Path file = dir.resolve("A.npz"), dense = dir.resolve("dense.npy");
        ScipySparseNpzWriter.write(file, set);
        String script = String.join("; ",
                "import numpy as np, scipy.sparse as sp",
                "A = sp.load_npz(r'" + file + "')",
                "assert A.format == 'csr' and A.has_sorted_indices, A.format",
                "assert A.indices.dtype == np.int32 and A.indptr.dtype == np.int32, A.indices.dtype",
                "assert (A.data != 0).all()",
                "np.save(r'" + dense + "', A.toarray())");
        assertEquals(0, python(script), "SciPy could not load the file");
        int n = set.n(), m = set.m();
        double[] got = Npy.readDoubles(dense, m, (long) n * n);
        double[] want = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            for (long k = set.start()[i]; k < set.start()[i + 1]; k++) {
                int e = (int) k, p = set.row()[e], q = set.col()[e];
                want[i * n * n + p * n + q] = set.value()[e];
                want[i * n * n + q * n + p] = set.value()[e];
            }
        }
        assertArrayEquals(want, got);
    }

    /** Exit status of {@code python3 -c script}, or -1 when python3 cannot be started. */
    private static int python(String script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of("python3", "-c", script)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return -1;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && !script.startsWith("import scipy.sparse")) System.err.println(output);
        return p.exitValue();
    }
}
