package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.SodInputException;
import sod.io.MatrixMarket;
import sod.io.Npy;
import sod.testing.Assertions;
import sod.testing.Tolerances;

class ProblemFilesTest {
    @TempDir
    Path dir;

    /** The measurements of a problem read from .npy are <A_i, X X^T> summed over the explicit matrices. */
    @Test
    void npyOperatorMeasuresLikeTheExplicitMatrices() {
        int n = 4, m = 7, r = 2;
        SplittableRandom random = new SplittableRandom(5);
        double[] a = new double[m * n * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++) a[(i * n + p) * n + q] = a[(i * n + q) * n + p] = random.nextGaussian();
        double[] z = new double[n * r], x = new double[n * r];
        for (int e = 0; e < z.length; e++) {
            z[e] = random.nextGaussian();
            x[e] = random.nextGaussian();
        }
        double[] expected = new double[m];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < n; p++)
                for (int q = 0; q < n; q++) {
                    double xx = 0;
                    for (int c = 0; c < r; c++) xx += x[p * r + c] * x[q * r + c];
                    expected[i] += a[(i * n + p) * n + q] * xx;
                }
        Npy.write(dir.resolve("A.npy"), a, m, n, n);
        Npy.write(dir.resolve("b.npy"), new double[m], m);
        Npy.write(dir.resolve("Z.npy"), z, n, r);
        try (Problem p = ProblemFiles.fromNpy(dir.resolve("A.npy"), dir.resolve("b.npy"), dir.resolve("Z.npy"), 0, 1, false)) {
            assertEquals(r, p.rank(), "the search rank is the truth's");
            assertEquals(r, p.truthRank());
            double[] measured = new double[m];
            p.operator().measure(x, x, r, measured);
            Assertions.assertClose(expected, measured, Tolerances.SAME_OPERATOR, "A(X X^T)");
        }
        Npy.write(dir.resolve("Z3.npy"), new double[3], 3);
        SodInputException e = assertThrows(SodInputException.class,
                () -> ProblemFiles.fromNpy(dir.resolve("A.npy"), dir.resolve("b.npy"), dir.resolve("Z3.npy"), 0, 1, false));
        assertTrue(e.getMessage().startsWith(dir.resolve("Z3.npy") + ": has shape (3,)"), e.getMessage());
    }

    /** One loader: mirrored entries that agree are one observation, with or without a truth. */
    @Test
    void matrixMarketMergesAgreeingMirroredEntries() {
        // M* = z z^T for z = (1, 2, 3); observed (0,0), (0,1) and (1,0), (2,1) and (1,2), (2,2)
        double[] z = {1, 2, 3};
        int[] rows = {0, 0, 1, 2, 1, 2}, cols = {0, 1, 0, 1, 2, 2};
        double[] values = new double[rows.length];
        for (int k = 0; k < rows.length; k++) values[k] = z[rows[k]] * z[cols[k]];
        Path file = dir.resolve("both.mtx");
        MatrixMarket.write(file, new MatrixMarket.Coordinates(3, 3, rows, cols, values, false));
        Npy.write(dir.resolve("z.npy"), z, 3);
        try (Problem withTruth = ProblemFiles.fromMatrixMarket(file, dir.resolve("z.npy"), 0, 1);
             Problem library = Completion.fromMatrixMarket(file, 1, 1)) {
            assertEquals(4, withTruth.m());
            assertArrayEquals(new double[] {1, 2, 6, 9}, withTruth.b());
            assertArrayEquals(withTruth.b(), library.b());
            assertEquals(1, withTruth.rank());
            double h = withTruth.operator().residualAndGradient(z, 1, withTruth.b(), new double[4], new double[3]);
            assertEquals(0.0, h, "the truth fits every merged observation");
        }
    }

    @Test
    void x0MustMatchTheProblem() {
        Npy.write(dir.resolve("x.npy"), new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4}, ProblemFiles.readX0(dir.resolve("x.npy"), 2, 2));
        SodInputException e = assertThrows(SodInputException.class, () -> ProblemFiles.readX0(dir.resolve("x.npy"), 4, 1));
        assertTrue(e.getMessage().contains("X0 must be (4, 1)"), e.getMessage());
    }
}
