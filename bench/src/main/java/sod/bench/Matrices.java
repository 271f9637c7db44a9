package sod.bench;

import java.util.SplittableRandom;

/** Test matrices for the eigensolver benchmarks. */
final class Matrices {
    private Matrices() {
    }

    /**
     * A stall-point-like symmetric n x n matrix: a GOE matrix scaled to spectrum [-2, 2] plus a planted
     * {@code -2.5 w w^T} (w a seeded unit vector), so the smallest eigenvalue (about -2.9) is isolated,
     * as lambda_min of G is at a spurious point. Row-major, both triangles.
     */
    static double[] planted(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = new double[n * n];
        double scale = 1 / Math.sqrt(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = random.nextGaussian() * scale * (i == j ? Math.sqrt(2) : 1);
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        double[] w = new double[n];
        double ww = 0;
        for (int i = 0; i < n; i++) {
            w[i] = random.nextGaussian();
            ww += w[i] * w[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] -= 2.5 * w[i] * w[j] / ww;
        return a;
    }
}
