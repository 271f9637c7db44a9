package sod.problems;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import sod.SodInputException;
import sod.io.Npy;
import sod.io.NpyArray;
import sod.io.SparseSymmetricSet;

/**
 * Weighted least squares, {@code h = 1/2 sum_i w_i r_i^2} (w_i = 1/sigma_i^2 for an estimator), as an
 * ordinary problem: measurement i and its datum are both multiplied by {@code sqrt(w_i)}, so
 * {@code sqrt(w_i) <A_i, M> - sqrt(w_i) b_i = sqrt(w_i) r_i}. The solver, the SOD check and every
 * reported figure (h, residual, gradient) then see the weighted problem; M* is unchanged. A weight 0
 * drops its measurement.
 *
 * <p>{@link #normalizing} gives the weights {@code 1/||A_i||_F^2}, which divide every measurement by the
 * Frobenius norm of its matrix: what makes badly scaled problems (power grids: ||A_i||_F from 1 to 10^4)
 * solvable by gradient descent.
 */
public final class MeasurementWeights {
    private MeasurementWeights() {
    }

    /** Reads weights of shape (m,) or (m, 1), each finite and >= 0. */
    public static double[] read(Path file, int m, Consumer<String> notes) {
        try (NpyArray a = Npy.open(file)) {
            a.wideningNote().ifPresent(notes);
            return checked(a, m);
        }
    }

    /** The weights in an array of shape (m,) or (m, 1), checked. */
    public static double[] checked(NpyArray a, int m) {
        long[] shape = a.shape();
        boolean ok = (shape.length == 1 && shape[0] == m) || (shape.length == 2 && shape[0] == m && shape[1] == 1);
        if (!ok) {
            throw new SodInputException(a.name() + ": has shape " + ProblemFiles.shapeText(shape) + " but the weights must be ("
                    + m + ",), one per measurement");
        }
        double[] w = a.toDoubleArray();
        check(a.name(), w);
        return w;
    }

    /** @throws SodInputException naming {@code what} at the first weight that is negative (NaN is refused by the readers) */
    public static void check(String what, double[] w) {
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
                throw new SodInputException(what + ": weight " + i + " is " + w[i]
                        + "; weights must be finite and >= 0 (1/sigma_i^2 of a measurement's standard deviation)");
            }
        }
    }

    /**
     * {@code 1/||A_i||_F^2} for every A_i of the set ({@code ||A_i||_F^2} counts an off-diagonal entry twice).
     *
     * @throws SodInputException if some A_i is zero (nothing to divide by)
     */
    public static double[] normalizing(SparseSymmetricSet a) {
        double[] w = new double[a.m()];
        long[] start = a.start();
        int[] row = a.row(), col = a.col();
        double[] value = a.value();
        for (int i = 0; i < a.m(); i++) {
            double s = 0;
            for (long k = start[i]; k < start[i + 1]; k++) {
                int e = (int) k;
                s += (row[e] == col[e] ? 1 : 2) * value[e] * value[e];
            }
            w[i] = inverseSquare(i, s);
        }
        return w;
    }

    /** {@code 1/s} for {@code s = ||A_i||_F^2}, refusing a zero matrix. */
    static double inverseSquare(int i, double s) {
        if (!(s > 0)) {
            throw new SodInputException("--normalize: sensing matrix " + i + " is zero, so it cannot be divided by its norm;"
                    + " remove the measurement or do not normalise");
        }
        return 1 / s;
    }

    /** Multiplies each A_i of the set (in place) and b_i by {@code sqrt(w_i)}. */
    public static void apply(SparseSymmetricSet a, double[] b, double[] w) {
        if (w.length != a.m() || b.length != a.m()) {
            throw new SodInputException("weights: " + w.length + " weights and " + b.length + " measurements for m = " + a.m());
        }
        check("weights", w);
        long[] start = a.start();
        double[] value = a.value();
        for (int i = 0; i < a.m(); i++) {
            double s = Math.sqrt(w[i]);
            for (long k = start[i]; k < start[i + 1]; k++) value[(int) k] *= s;
            b[i] *= s;
        }
    }

    /** Multiplies b_i (in place) by {@code sqrt(w_i)}; the other half of weighting a dense operator. */
    static void scaleData(double[] b, double[] w) {
        for (int i = 0; i < b.length; i++) b[i] *= Math.sqrt(w[i]);
    }

    /** "min .., median .., max .." of the weights, for the note that reports them. */
    public static String summary(double[] w) {
        double[] sorted = w.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "min %.3g, median %.3g, max %.3g", sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }
}
