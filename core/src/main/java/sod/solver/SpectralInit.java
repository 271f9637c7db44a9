package sod.solver;

import java.util.Arrays;
import sod.SodInputException;
import sod.openblas.SymmetricEigen;
import sod.operators.SensingOperator;

/**
 * Spectral initialisation: {@code X0 = V_k diag(sqrt(max(lambda_j, 0)))} from the top-k eigenpairs
 * {@code (lambda_j, v_j)} of {@code A*(y)}, so that {@code X0 X0^T} is the best rank-k PSD
 * approximation of {@code A*(y)}. For the dense Gaussian ensemble ({@code E sum_i <A_i, M> A_i = M})
 * {@code A*(b)} is an unbiased estimate of M*.
 *
 * <ul>
 *   <li>{@link #plain}: {@code y = b} (the l2 initialisation).</li>
 *   <li>{@link #trimmed}: {@code y_i = b_i} when {@code |b_i| <= tau median_j |b_j|}, else 0. An outlier
 *       of any size is either dropped or bounded by {@code tau median |b|}; as long as fewer than half
 *       the entries are corrupted the median is set by clean entries, so the estimate stays close to a
 *       (shrunk) copy of M*. The shrinkage only scales the result, which the robust solver rescales by
 *       its small alpha anyway. Unlike a sign-based estimate ({@code A*(sign b)}), trimming also works
 *       for rank-one sensing, whose clean measurements of a PSD M* are all positive.</li>
 * </ul>
 * The eigensolve is dense (LAPACK {@code dsyevr} on the n x n matrix {@code -A*(y)}), O(n^3): meant for
 * n up to a few thousand.
 */
public final class SpectralInit {

    /** Default trimming threshold in units of median |b|. */
    public static final double DEFAULT_TRIM = 3;

    private SpectralInit() {
    }

    /** Top-k spectral factor of {@code A*(b)} (n x k row-major). */
    public static double[] plain(SensingOperator op, double[] b, int k) {
        return fromAdjoint(op, b, k);
    }

    /** Top-k spectral factor of {@code A*(trim(b))}, entries above {@code tau median |b|} dropped. */
    public static double[] trimmed(SensingOperator op, double[] b, int k, double tau) {
        return fromAdjoint(op, trim(b, tau), k);
    }

    /** {@code b} with the entries {@code |b_i| > tau median |b|} set to 0. */
    public static double[] trim(double[] b, double tau) {
        if (!(tau > 0)) throw new SodInputException("spectral trimming threshold must be > 0, got " + tau);
        double[] abs = new double[b.length];
        for (int i = 0; i < b.length; i++) abs[i] = Math.abs(b[i]);
        Arrays.sort(abs);
        int m = abs.length;
        double median = m == 0 ? 0 : (m % 2 == 1 ? abs[m / 2] : 0.5 * (abs[m / 2 - 1] + abs[m / 2]));
        double limit = tau * median;
        double[] y = b.clone();
        for (int i = 0; i < m; i++) if (Math.abs(y[i]) > limit) y[i] = 0;
        return y;
    }

    /** {@code V_k diag(sqrt(max(lambda, 0)))} for the k largest eigenpairs of {@code A*(y)}. */
    public static double[] fromAdjoint(SensingOperator op, double[] y, int k) {
        int n = op.n();
        if (k < 1 || k > n) throw new SodInputException("spectral initialisation rank " + k + " must be in [1, n = " + n + "]");
        if (y.length != op.m()) throw new SodInputException("spectral initialisation: y has " + y.length + " entries, expected m = " + op.m());
        double[] g = new double[n * n];
        op.adjoint(y, g);
        for (int i = 0; i < g.length; i++) g[i] = -g[i];
        double[] values = new double[k], vectors = new double[n * k];
        try (SymmetricEigen eigen = new SymmetricEigen(n)) {
            eigen.smallest(g, n, k, values, vectors);
        }
        double[] x = new double[n * k];
        for (int j = 0; j < k; j++) {
            double scale = Math.sqrt(Math.max(-values[j], 0));
            for (int i = 0; i < n; i++) x[i * k + j] = scale * vectors[i * k + j];
        }
        return x;
    }
}
