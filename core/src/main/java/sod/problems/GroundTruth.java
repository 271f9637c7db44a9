package sod.problems;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import sod.SodInputException;
import sod.io.Npy;
import sod.io.NpyArray;
import sod.openblas.SymmetricEigen;

/**
 * The known solution of a problem read from a file, as the n x r factor Z of {@code M* = Z Z^T}.
 *
 * <p>An array of shape (n, r) or (n,) is a factor. An n x n array that is symmetric (to
 * {@value #SYMMETRY_TOLERANCE} of its largest entry) is M* itself: its factor is
 * {@code Z = V_+ sqrt(Lambda_+)} from the eigendecomposition, keeping the eigenvalues above
 * {@value #EIGENVALUE_TOLERANCE} x the largest one; eigenvalues within that band of zero are zero
 * (rounding), so the rank of M* is the number kept. An eigenvalue below {@code -}{@value #EIGENVALUE_TOLERANCE}
 * x the largest means M* is not positive semidefinite and is refused: no Z Z^T equals it. (An n x n
 * factor that is not symmetric stays a factor with r = n.)
 *
 * @param z    n x r row-major, or null when there is no truth
 * @param rank r (0 without a truth)
 */
public record GroundTruth(double[] z, int rank) {

    /** Relative asymmetry below which an n x n truth is read as M*. */
    public static final double SYMMETRY_TOLERANCE = 1e-12;
    /** Eigenvalues of M* within this fraction of the largest are zero. */
    public static final double EIGENVALUE_TOLERANCE = 1e-8;

    /** No truth. */
    public static final GroundTruth NONE = new GroundTruth(null, 0);

    public boolean known() {
        return z != null;
    }

    /** Reads a truth file (any dtype {@link Npy#open} reads), or {@link #NONE} when {@code file} is null. */
    public static GroundTruth read(Path file, int n, Consumer<String> notes) {
        if (file == null) return NONE;
        try (NpyArray a = Npy.open(file)) {
            a.wideningNote().ifPresent(notes);
            return of(a, n, notes);
        }
    }

    /**
     * The truth in an array: a factor (n, r) or (n,), or M* (n, n) symmetric, as the class comment says.
     * Says in {@code notes} how an M* was read.
     */
    public static GroundTruth of(NpyArray a, int n, Consumer<String> notes) {
        long[] shape = a.shape();
        boolean vector = shape.length == 1 && shape[0] == n;
        boolean matrix = shape.length == 2 && shape[0] == n && shape[1] >= 1;
        if (!vector && !matrix) {
            throw new SodInputException(a.name() + ": has shape " + ProblemFiles.shapeText(shape) + " but the truth must be a factor Z ("
                    + n + ", r) or (" + n + ",), or M* (" + n + ", " + n + "), to match n = " + n);
        }
        double[] values = a.toDoubleArray();
        if (vector) return new GroundTruth(values, 1);
        int cols = Math.toIntExact(shape[1]);
        if (cols == n && symmetric(values, n)) return fromMatrix(a.name(), values, n, notes);
        return new GroundTruth(values, cols);
    }

    /**
     * The factor of a symmetric positive semidefinite n x n M* (row-major) by its eigendecomposition.
     *
     * @param name how messages name M*
     * @throws SodInputException if M* has an eigenvalue below -{@value #EIGENVALUE_TOLERANCE} x the
     *                           largest, or is zero
     */
    public static GroundTruth fromMatrix(String name, double[] m, int n, Consumer<String> notes) {
        double[] values = new double[n], vectors = new double[n * n];
        try (SymmetricEigen eigen = new SymmetricEigen(n)) {
            eigen.decompose(m, n, values, vectors);
        }
        double largest = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
        if (!(largest > 0)) throw new SodInputException(name + ": M* is zero; give a nonzero truth or none");
        double cut = EIGENVALUE_TOLERANCE * largest;
        if (values[0] < -cut) {
            throw new SodInputException(name + ": is read as M* (n x n symmetric) but has eigenvalue " + fmt(values[0])
                    + " (largest " + fmt(values[n - 1]) + "), so it is not positive semidefinite: no Z Z^T equals it;"
                    + " give M* = Z Z^T or the factor Z");
        }
        int rank = 0;
        for (int j = n - 1; j >= 0 && values[j] > cut; j--) rank++;
        double[] z = new double[n * rank];
        for (int c = 0; c < rank; c++) {
            int j = n - 1 - c; // largest first
            double s = Math.sqrt(values[j]);
            for (int i = 0; i < n; i++) z[i * rank + c] = s * vectors[i * n + j];
        }
        notes.accept(String.format(Locale.ROOT, "%s is read as M* (%d x %d symmetric): rank %d (eigenvalues above %.0e x the"
                + " largest, %s), factor from its eigendecomposition", name, n, n, rank, EIGENVALUE_TOLERANCE, fmt(values[n - 1])));
        return new GroundTruth(z, rank);
    }

    private static boolean symmetric(double[] a, int n) {
        double max = 0;
        for (double v : a) max = Math.max(max, Math.abs(v));
        double allowed = SYMMETRY_TOLERANCE * max;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++)
                if (Math.abs(a[p * n + q] - a[q * n + p]) > allowed) return false;
        return true;
    }

    /**
     * The search rank: {@code rank} when given (> 0), else the truth's.
     *
     * @throws SodInputException without either (the rank of M* cannot be guessed), or beyond n
     */
    public int searchRank(int rank, int n) {
        if (rank < 0) throw new SodInputException("--rank must be >= 1, got " + rank);
        if (rank == 0 && !known()) {
            throw new SodInputException("--rank: the search rank is required when no truth is given; pass --rank R"
                    + " (the rank of M*, e.g. --rank 1), or --truth Z.npy");
        }
        int r = rank > 0 ? rank : this.rank;
        if (r > n) {
            throw new SodInputException("rank " + r + (rank > 0 ? " (--rank)" : " (from the truth)")
                    + " exceeds n = " + n + "; use --rank between 1 and " + n);
        }
        return r;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
