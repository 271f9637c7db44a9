package sod.solver.spectral;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.openblas.SymmetricEigen;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanczosTest {

    private static double[] randomSymmetric(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian() / Math.sqrt(n);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        return a;
    }

    private static Lanczos.SymmetricMap dense(double[] a, int n) {
        return (x, y) -> {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
                y[i] = s;
            }
        };
    }

    private static void assertMatchesDense(double[] a, int n, int basis) {
        double[] expectedVector = new double[n];
        double expected;
        try (SymmetricEigen eigen = new SymmetricEigen(n)) {
            expected = eigen.smallest(a, n, expectedVector);
        }
        double[] v = new double[n];
        try (Lanczos lanczos = new Lanczos(n, basis)) {
            var out = lanczos.smallest(dense(a, n), v, false, 1e-10, 20 * n + 1000, 1);
            assertTrue(out.converged(), "converged: " + out);
            assertEquals(expected, out.value(), 1e-8 * Math.max(1, Math.abs(expected)), "smallest eigenvalue");
            assertTrue(out.residual() < 1e-7, "explicit residual " + out.residual());
            double dot = 0;
            for (int i = 0; i < n; i++) dot += v[i] * expectedVector[i];
            assertEquals(1.0, Math.abs(dot), 1e-6, "same eigenvector");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 40, 300})
    void agreesWithLapackOnRandomMatrices(int n) {
        assertMatchesDense(randomSymmetric(n, n), n, 24);
    }

    @Test
    void restartsWithATinyBasisStillConverge() {
        int n = 150;
        assertMatchesDense(randomSymmetric(n, 3), n, 6);
    }

    @Test
    void repeatedAndClusteredSmallestEigenvalues() {
        int n = 200;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1 + i * 0.01;
        a[5 * n + 5] = -1;
        a[9 * n + 9] = -1;          // repeated
        a[13 * n + 13] = -1 + 1e-6; // clustered
        double[] v = new double[n];
        try (Lanczos lanczos = new Lanczos(n, 30)) {
            var out = lanczos.smallest(dense(a, n), v, false, 1e-10, 5000, 7);
            assertEquals(-1, out.value(), 1e-9);
            assertEquals(1.0, v[5] * v[5] + v[9] * v[9], 1e-6, "vector lies in the eigenspace of -1");
        }
    }

    @Test
    void largeSparseOperatorWithoutFormingIt() {
        // Tridiagonal 1D Laplacian minus a spike: smallest eigenvalue checked by a second, independent run
        // with a much larger basis.
        int n = 100_000;
        Lanczos.SymmetricMap laplacianWithWell = (x, y) -> {
            for (int i = 0; i < n; i++) {
                double s = 2 * x[i];
                if (i > 0) s -= x[i - 1];
                if (i + 1 < n) s -= x[i + 1];
                if (i == n / 2) s -= 3 * x[i];
                y[i] = s;
            }
        };
        double[] v = new double[n];
        double small, large;
        try (Lanczos lanczos = new Lanczos(n, 20)) {
            var out = lanczos.smallest(laplacianWithWell, v, false, 1e-10, 4000, 3);
            assertTrue(out.converged(), out.toString());
            small = out.value();
        }
        try (Lanczos lanczos = new Lanczos(n, 60)) {
            large = lanczos.smallest(laplacianWithWell, v, false, 1e-12, 4000, 4).value();
        }
        // A well of depth 3 in the discrete Laplacian binds a state at 2 - sqrt(4 + 9) = 2 - sqrt(13).
        assertEquals(2 - Math.sqrt(13), small, 1e-8);
        assertEquals(large, small, 1e-8);
    }
}
