package sod.problems;

import java.util.SplittableRandom;
import sod.SodInputException;
import sod.operators.DenseSymmetricOperator;
import sod.operators.Precision;
import sod.operators.SensingOperator;

/**
 * Dense Gaussian sensing: symmetric {@code A_i} with {@code E ||A(M)||^2 = ||M||_F^2} (see
 * {@link DenseSymmetricOperator#gaussian}), a seeded Gaussian ground truth Z (n x r) scaled so that
 * {@code ||Z Z^T||_F = 1} exactly, and noiseless data {@code b = A(Z Z^T)}.
 */
public final class GaussianSensing {

    private GaussianSensing() {
    }

    public static Problem create(int n, int m, int r, long seed, int threads, boolean float32) {
        if (r < 1 || r > n) throw new SodInputException("rank r = " + r + " must be between 1 and n = " + n);
        DenseSymmetricOperator op = DenseSymmetricOperator.gaussian(n, m, seed,
                float32 ? Precision.FLOAT32 : Precision.FLOAT64, threads);
        double[] z = truth(n, r, seed);
        return new Problem("gaussian(n=" + n + ", m=" + m + ", r=" + r + ", seed=" + seed + (float32 ? ", f32" : "") + ")",
                op, data(op, z, r), r, z, r);
    }

    /**
     * Seeded n x r Gaussian factor scaled so that {@code ||Z Z^T||_F = ||Z^T Z||_F = 1}. Its stream is
     * separate from the operator's (which uses streams derived from (seed, i)).
     */
    static double[] truth(int n, int r, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] z = new double[n * r];
        for (int e = 0; e < z.length; e++) z[e] = random.nextGaussian();
        double frob2 = 0;
        for (int a = 0; a < r; a++) {
            for (int c = 0; c < r; c++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += z[p * r + a] * z[p * r + c];
                frob2 += s * s;
            }
        }
        double scale = 1 / Math.sqrt(Math.sqrt(frob2));
        for (int e = 0; e < z.length; e++) z[e] *= scale;
        return z;
    }

    static double[] data(SensingOperator op, double[] z, int r) {
        double[] b = new double[op.m()];
        op.measure(z, z, r, b);
        return b;
    }
}
