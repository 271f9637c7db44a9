package sod.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.SodInputException;
import sod.io.Npy;

/** A truth file as a factor or as M* (issue 13, item 4). */
class GroundTruthTest {
    @TempDir
    Path dir;

    private static double[] product(double[] z, int n, int r) {
        double[] m = new double[n * n];
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
                for (int c = 0; c < r; c++) m[p * n + q] += z[p * r + c] * z[q * r + c];
        return m;
    }

    /** M* = Z Z^T of rank 2 plus symmetric rounding-sized noise (eigenvalues of +-1e-15): rank 2, Z' Z'^T = M*. */
    @Test
    void symmetricSquareTruthIsMStarAndItsRankIsFound() {
        int n = 6;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] z = new double[n * 2];
        for (int e = 0; e < z.length; e++) z[e] = rnd.nextGaussian();
        double[] m = product(z, n, 2);
        for (int p = 0; p < n; p++)
            for (int q = p; q < n; q++) {
                double noise = 1e-15 * rnd.nextGaussian();
                m[p * n + q] += noise;
                if (q != p) m[q * n + p] += noise;
            }
        Path file = dir.resolve("M.npy");
        Npy.write(file, m, n, n);
        List<String> notes = new ArrayList<>();
        GroundTruth truth = GroundTruth.read(file, n, notes::add);
        assertEquals(2, truth.rank());
        assertClose(m, product(truth.z(), n, 2), 1e-12, "Z' Z'^T");
        assertTrue(notes.get(0).contains("read as M*") && notes.get(0).contains("rank 2"), notes.toString());
        assertEquals(2, truth.searchRank(0, n), "the rank of M* is the search rank");
        assertEquals(3, truth.searchRank(3, n), "--rank wins");
    }

    @Test
    void indefiniteMStarIsRefusedAndAsymmetricSquareIsAFactor() {
        int n = 3;
        double[] indefinite = {2, 0, 0, 0, 1, 0, 0, 0, -0.5};
        Path file = dir.resolve("bad.npy");
        Npy.write(file, indefinite, n, n);
        SodInputException e = assertThrows(SodInputException.class, () -> GroundTruth.read(file, n, note -> { }));
        assertTrue(e.getMessage().contains("not positive semidefinite") && e.getMessage().startsWith(file.toString()), e.getMessage());
        double[] factor = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Path square = dir.resolve("Z.npy");
        Npy.write(square, factor, n, n);
        GroundTruth z = GroundTruth.read(square, n, note -> { });
        assertEquals(3, z.rank());
        assertEquals(factor[1], z.z()[1]);
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, new double[8], 4, 2);
        SodInputException shape = assertThrows(SodInputException.class, () -> GroundTruth.read(wrong, n, note -> { }));
        assertTrue(shape.getMessage().contains("(4, 2)"), shape.getMessage());
    }
}
