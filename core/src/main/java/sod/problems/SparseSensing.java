package sod.problems;

import java.nio.file.Path;
import java.util.Locale;
import sod.SodInputException;
import sod.io.Npy;
import sod.io.NpyArray;
import sod.io.SparseSymmetricSet;
import sod.operators.Precision;
import sod.operators.SparseSymmetricOperator;

/**
 * Sensing problems with sparse symmetric {@code A_i} ({@link SparseSymmetricOperator}), from a
 * {@link SparseSymmetricSet} in the library or from the files SciPy users have: {@code A.npz}
 * ({@code scipy.sparse.save_npz} of the m x n^2 matrix whose row i is vec(A_i)) or the same matrix as
 * Matrix Market ({@code .mtx}), with b in a .npy.
 *
 * <pre>{@code
 * SparseSymmetricSet a = SparseSymmetricSet.read(Path.of("A.npz"), false);
 * double[] w = MeasurementWeights.normalizing(a);          // or 1/sigma_i^2, or null
 * try (Problem p = SparseSensing.problem("grid", a, b, w, GroundTruth.NONE, 1, 2)) { ... }
 * }</pre>
 */
public final class SparseSensing {
    private SparseSensing() {
    }

    /**
     * A problem of the set's matrices, taking the set over (see {@link SparseSymmetricOperator#of}); with
     * weights, A_i and b_i are multiplied by {@code sqrt(w_i)} first ({@link MeasurementWeights}), in
     * place in the set and in {@code b}.
     *
     * @param b       m measurements, finite
     * @param weights m weights >= 0, or null
     * @param truth   the known solution, or {@link GroundTruth#NONE}
     * @param rank    search rank, or 0 for the truth's (required without one)
     * @throws SodInputException on mismatched lengths, non-finite data, negative weights, a missing rank
     */
    public static Problem problem(String name, SparseSymmetricSet a, double[] b, double[] weights, GroundTruth truth, int rank,
                                  int threads) {
        int m = a.m(), n = a.n();
        if (b == null || b.length != m) {
            throw new SodInputException("sparse sensing: " + (b == null ? 0 : b.length) + " measurements b for m = " + m + " matrices");
        }
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(b[i])) throw new SodInputException("sparse sensing: b[" + i + "] is " + b[i] + "; data must be finite");
        }
        if (truth.known() && truth.z().length != (long) n * truth.rank()) {
            throw new SodInputException("sparse sensing: the truth has " + truth.z().length + " entries, not n * r = " + n + " * " + truth.rank());
        }
        int searchRank = truth.searchRank(rank, n);
        if (weights != null) MeasurementWeights.apply(a, b, weights);
        SparseSymmetricOperator op = SparseSymmetricOperator.of(a, threads);
        return new Problem(name, op, b, searchRank, truth.z(), truth.rank());
    }

    /**
     * The problem of a sensing file ({@code .npz} or {@code .mtx}), b (.npy, (m,) or (m, 1)) and an optional
     * truth; every bad file is one {@link SodInputException} naming it. The small files are checked first.
     */
    public static Problem fromFiles(Path sensing, Path measurements, Path truthFile, FileOptions options) {
        if (measurements == null) throw new SodInputException("--sensing needs --measurements b.npy (the m measurements)");
        if (options.precision() == Precision.FLOAT32) {
            throw new SodInputException("--precision f32: the sparse operator stores float64 only (12 bytes per entry); drop --precision");
        }
        double[] b = readMeasurements(measurements, -1, options);
        SparseSymmetricSet a = SparseSymmetricSet.read(sensing, options.symmetrise());
        if (a.m() != b.length) {
            throw new SodInputException(measurements + ": has " + b.length + " measurements but " + sensing + " has m = " + a.m()
                    + " rows (sensing matrices); give one measurement per row");
        }
        GroundTruth truth = GroundTruth.read(truthFile, a.n(), options.notes());
        double[] w = null;
        if (options.weights() != null) {
            w = MeasurementWeights.read(options.weights(), a.m(), options.notes());
            options.notes().accept("weights from " + options.weights() + " (" + MeasurementWeights.summary(w) + "): h = 1/2 sum w_i r_i^2");
        } else if (options.normalize()) {
            w = MeasurementWeights.normalizing(a);
            options.notes().accept("--normalize: each measurement divided by ||A_i||_F, i.e. weights w_i = 1/||A_i||_F^2 ("
                    + MeasurementWeights.summary(w) + ")");
        }
        String name = String.format(Locale.ROOT, "sparse(%s, n=%d, m=%d, nnz=%d%s)", sensing.getFileName(), a.n(), a.m(), a.nnz(),
                options.normalize() ? ", normalised" : w != null ? ", weighted" : "");
        return problem(name, a, b, w, truth, options.rank(), options.threads());
    }

    /** b from a .npy of shape (m,) or (m, 1); {@code m < 0} accepts any m. */
    static double[] readMeasurements(Path file, long m, FileOptions options) {
        try (NpyArray b = Npy.open(file)) {
            long[] shape = b.shape();
            boolean ok = (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) && shape[0] >= 1 && (m < 0 || shape[0] == m);
            if (!ok) {
                throw new SodInputException(file + ": has shape " + ProblemFiles.shapeText(shape)
                        + " but b must have shape (" + (m < 0 ? "m" : m) + ",) or (" + (m < 0 ? "m" : m) + ", 1), one measurement per sensing matrix");
            }
            b.wideningNote().ifPresent(options.notes());
            return b.toDoubleArray();
        }
    }
}
