package sod.problems;

import java.util.Locale;
import sod.SodInputException;
import sod.operators.EntryWeightedDense;

/**
 * Perturbed matrix completion PMC(n, eps) (spec section 6; Yalcin, Zhang, Lavaei, Sojoudi 2022):
 * {@code z = (1,0,1,0,...)} (ones at odd 1-based positions), {@code M* = z z^T}, the observed set
 * Omega is the diagonal plus every entry of the even 1-based rows and columns, {@code W_ij = 1} on
 * Omega and {@code eps} off it, {@code b_ij = W_ij M*_ij}, so
 * {@code h(X) = 1/2 sum_ij W_ij^2 ((X X^T)_ij - M*_ij)^2}. It has exponentially many spurious local
 * minima.
 */
public final class Pmc {

    private Pmc() {
    }

    /** True when (i, j) (0-based) is in Omega: diagonal, or an even 1-based row or column. */
    public static boolean observed(int i, int j) {
        return i == j || i % 2 == 1 || j % 2 == 1;
    }

    /** The PMC weight matrix W (n x n, row-major). */
    public static double[] weights(int n, double eps) {
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) w[i * n + j] = observed(i, j) ? 1.0 : eps;
        return w;
    }

    /** The ground truth z (length n): ones at odd 1-based (even 0-based) positions. */
    public static double[] truth(int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i += 2) z[i] = 1.0;
        return z;
    }

    /**
     * @param n       dimension (>= 2)
     * @param eps     weight off Omega, finite and >= 0 (the paper uses 0.10 and 0.15)
     * @param threads operator threads (it only uses them when n is large)
     */
    public static Problem create(int n, double eps, int threads) {
        if (n < 2) throw new SodInputException("pmc: n must be >= 2, got " + n);
        if (n > 46340) throw new SodInputException("pmc: n = " + n + " is too large (n^2 measurements must fit an array)");
        if (!Double.isFinite(eps) || eps < 0)
            throw new SodInputException("pmc: eps must be finite and >= 0, got " + eps);
        double[] w = weights(n, eps);
        double[] z = truth(n);
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i * n + j] = w[i * n + j] * z[i] * z[j];
        EntryWeightedDense op = new EntryWeightedDense(n, w, threads);
        String name = String.format(Locale.ROOT, "pmc(n=%d, eps=%s)", n, eps);
        return new Problem(name, op, b, 1, z, 1);
    }
}
