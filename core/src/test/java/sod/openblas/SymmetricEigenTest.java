package sod.openblas;

import sod.testing.JacobiReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymmetricEigenTest {
    private static SymmetricEigen eigen;

    @BeforeAll
    static void open() {
        eigen = new SymmetricEigen(16); // deliberately small: exercises workspace growth
    }

    @AfterAll
    static void close() {
        eigen.close();
    }

    /** Q diag(values) Q^T with Q a seeded random orthogonal matrix ({@link ReferenceSolve#withSpectrum}). */
    static double[] withSpectrum(double[] values, long seed) {
        return ReferenceSolve.withSpectrum(values, seed);
    }

    static double frobenius(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    /** ||A v - lambda v|| for column j of the row-major n x k vectors. */
    static double residual(double[] a, int n, double lambda, double[] vectors, int j, int k) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double av = 0;
            for (int l = 0; l < n; l++) av += a[i * n + l] * vectors[l * k + j];
            double d = av - lambda * vectors[i * k + j];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static void assertSmallestPair(double[] a, int n, double expected) {
        double[] v = new double[n];
        double[] before = a.clone();
        double lambda = eigen.smallest(a, n, v);
        double scale = Math.max(frobenius(a), 1e-300);
        assertEquals(expected, lambda, 1e-10 * scale, "smallest eigenvalue");
        assertTrue(residual(a, n, lambda, v, 0, 1) <= 1e-10 * scale, "eigen residual");
        assertEquals(1.0, frobenius(v), 1e-12, "unit eigenvector");
        assertArrayEquals(before, a, "input must not be modified");
        int argMax = 0;
        for (int i = 1; i < n; i++) if (Math.abs(v[i]) > Math.abs(v[argMax]) * (1 + 1e-12)) argMax = i;
        assertTrue(v[argMax] > 0, "sign normalised: largest component positive");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 50, 500})
    void rotatedDiagonalWithKnownSpectrum(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = rnd.nextDouble(-5, 5);
        double[] a = withSpectrum(values, 7 + n);
        assertSmallestPair(a, n, Arrays.stream(values).min().orElseThrow());
    }

    @Test
    void diagonal() {
        double[] values = {3, -1.5, 2, 0, 7, -1.25};
        int n = values.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = values[i];
        double[] v = new double[n];
        assertEquals(-1.5, eigen.smallest(a, n, v), 1e-15);
        assertArrayEquals(new double[]{0, 1, 0, 0, 0, 0}, v, 1e-15);
    }

    @Test
    void repeatedSmallestEigenvalueGivesAVectorOfTheEigenspace() {
        double[] values = {-2, -2, -2, 1, 4, 4, 9, 0.5};
        int n = values.length;
        double[] a = withSpectrum(values, 3);
        assertSmallestPair(a, n, -2);
        double[] vals = new double[3], vecs = new double[n * 3];
        eigen.smallest(a, n, 3, vals, vecs);
        assertArrayEquals(new double[]{-2, -2, -2}, vals, 1e-12);
        for (int p = 0; p < 3; p++)
            for (int q = 0; q < 3; q++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += vecs[i * 3 + p] * vecs[i * 3 + q];
                assertEquals(p == q ? 1 : 0, dot, 1e-12, "orthonormal eigenvectors");
            }
    }

    @Test
    void clusteredEigenvalues() {
        int n = 60;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = 1 + 1e-9 * i; // a tight cluster
        values[17] = 1 - 1e-8;
        assertSmallestPair(withSpectrum(values, 11), n, 1 - 1e-8);
    }

    @Test
    void fullDecompositionAgreesWithJacobiAndIsOrthonormal() {
        int n = 50;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian();
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        double[] values = new double[n], vectors = new double[n * n];
        eigen.decompose(a, n, values, vectors);
        double[] reference = JacobiReference.eigenvalues(a, n);
        assertArrayEquals(reference, values, 1e-10 * frobenius(a));
        for (int j = 0; j < n; j++) assertTrue(residual(a, n, values[j], vectors, j, n) <= 1e-10 * frobenius(a));
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += vectors[i * n + p] * vectors[i * n + q];
                assertEquals(p == q ? 1 : 0, dot, 1e-12);
            }
    }

    @Test
    void kSmallestMatchTheFullDecomposition() {
        int n = 40;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = Math.sin(i) * 3;
        double[] a = withSpectrum(values, 9);
        double[] all = new double[n], allVectors = new double[n * n];
        eigen.decompose(a, n, all, allVectors);
        double[] few = new double[4], fewVectors = new double[n * 4];
        eigen.smallest(a, n, 4, few, fewVectors);
        for (int j = 0; j < 4; j++) {
            assertEquals(all[j], few[j], 1e-12);
            for (int i = 0; i < n; i++) assertEquals(allVectors[i * n + j], fewVectors[i * 4 + j], 1e-9);
        }
    }
}
