package sod.problems;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import sod.SodInputException;
import sod.io.MatrixMarket;
import sod.io.Npy;
import sod.io.NpyArray;
import sod.operators.DenseSymmetricOperator;
import sod.operators.EntryWeightedSparse;
import sod.operators.Precision;
import sod.operators.SensingOperator;

/**
 * Problems read from files: a dense operator from {@code .npy} files, matrix completion from a Matrix
 * Market file of observed entries, and the X0 of a run (sparse sensing files: {@link SparseSensing};
 * one {@code .npz} holding a whole problem: {@link ProblemArchive}). Every bad file is one {@link SodInputException}
 * naming the file, what is wrong and what to do.
 */
public final class ProblemFiles {
    private ProblemFiles() {
    }

    /** {@link #fromNpy(Path, Path, Path, FileOptions)} with no weights, the file's precision, notes dropped. */
    public static Problem fromNpy(Path operatorFile, Path measurementsFile, Path truthFile, int rank, int threads,
                                  boolean symmetrise) {
        return fromNpy(operatorFile, measurementsFile, truthFile, FileOptions.of(rank, threads).withSymmetrise(symmetrise));
    }

    /**
     * A dense problem from .npy files: A of shape (m, n, n) or (m, n*n), b (m,) or (m, 1), an optional truth
     * ({@link GroundTruth}: a factor or M*). Any dtype and order {@link Npy#open} reads (integers widened,
     * with a note); float32 A is stored as float32 unless {@code options.precision()} says otherwise. The
     * sensing matrices are packed straight from the (memory-mapped) file into the operator's storage, never
     * copied whole onto the heap. A non-symmetric matrix is rejected unless {@code symmetrise}, which stores
     * {@code (A + A^T)/2} (the same measurements of symmetric matrices). Weights scale A_i and b_i by
     * {@code sqrt(w_i)} ({@link MeasurementWeights}).
     */
    public static Problem fromNpy(Path operatorFile, Path measurementsFile, Path truthFile, FileOptions options) {
        if (measurementsFile == null) {
            throw new SodInputException("--operator needs --measurements b.npy (the m measurements)");
        }
        try (NpyArray a = Npy.open(operatorFile)) {
            DenseShape shape = DenseShape.of(a);
            // Cheap files first: b, Z and w are small, and their mismatches are found before A is packed.
            double[] b = SparseSensing.readMeasurements(measurementsFile, -1, options);
            if (b.length != shape.m) {
                throw new SodInputException(measurementsFile + ": has " + b.length + " measurements but the operator "
                        + operatorFile + " has m = " + shape.m + " matrices; b must have shape (" + shape.m + ",), one measurement per matrix");
            }
            a.wideningNote().ifPresent(options.notes());
            GroundTruth truth = GroundTruth.read(truthFile, shape.n, options.notes());
            double[] w = options.weights() == null ? null : MeasurementWeights.read(options.weights(), shape.m, options.notes());
            return dense(a, shape, b, truth, w, String.valueOf(options.weights()), options, "file(" + operatorFile.getFileName());
        }
    }

    /** The (m, n, n) or (m, n*n) shape of a dense operator array. */
    record DenseShape(int m, int n, boolean flat) {
        static DenseShape of(NpyArray a) {
            long[] shape = a.shape();
            boolean cube = shape.length == 3 && shape[1] == shape[2] && shape[1] >= 1;
            long side = shape.length == 2 ? Math.round(Math.sqrt((double) shape[1])) : 0;
            boolean flat = shape.length == 2 && side >= 1 && side * side == shape[1];
            if ((!cube && !flat) || shape[0] < 1) {
                throw new SodInputException(a.name() + ": has shape " + shapeText(shape)
                        + " but the operator must be (m, n, n) or (m, n*n): m >= 1 symmetric n x n sensing matrices");
            }
            long n = cube ? shape[1] : side;
            if (shape[0] > Integer.MAX_VALUE || n > 1 << 20) {
                throw new SodInputException(a.name() + ": shape " + shapeText(shape) + " is too large for a dense operator");
            }
            return new DenseShape((int) shape[0], (int) n, flat);
        }
    }

    /**
     * The dense problem of a checked operator array: weights (given, from {@code weightsSource}, or
     * normalising) applied, packed in the chosen precision.
     */
    static Problem dense(NpyArray a, DenseShape shape, double[] b, GroundTruth truth, double[] weights, String weightsSource,
                         FileOptions options, String namePrefix) {
        int m = shape.m, n = shape.n;
        int searchRank = truth.searchRank(options.rank(), n);
        DenseSymmetricOperator.EntrySource raw = shape.flat
                ? (i, p, q) -> a.get(i, (long) p * n + q)
                : (i, p, q) -> a.get(i, p, q);
        double[] w = weights;
        if (w != null) {
            options.notes().accept("weights from " + weightsSource + " (" + MeasurementWeights.summary(w) + "): h = 1/2 sum w_i r_i^2");
        } else if (options.normalize()) {
            w = new double[m];
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < n; p++)
                    for (int q = 0; q < n; q++) {
                        double v = raw.get(i, p, q);
                        s += v * v;
                    }
                w[i] = MeasurementWeights.inverseSquare(i, s);
            }
            options.notes().accept("--normalize: each measurement divided by ||A_i||_F, i.e. weights w_i = 1/||A_i||_F^2 ("
                    + MeasurementWeights.summary(w) + ")");
        }
        Precision precision = options.precision() != null ? options.precision() : a.isFloat32() ? Precision.FLOAT32 : Precision.FLOAT64;
        if (options.precision() == null && precision == Precision.FLOAT32) {
            options.notes().accept(a.name() + " holds float32: the operator is stored as float32 (--precision f64 stores float64)");
        }
        long packedBytes = (long) m * (((long) n * (n + 1) / 2 + 15) / 16 * 16) * precision.bytes();
        MemoryCheck.require(a.name() + ": the packed operator of " + m + " matrices " + n + " x " + n,
                MemoryCheck.solverHeap(n, searchRank, m), packedBytes, "fewer or smaller matrices");
        double[] scale = null;
        if (w != null) {
            scale = new double[m];
            for (int i = 0; i < m; i++) scale[i] = Math.sqrt(w[i]);
            MeasurementWeights.scaleData(b, w);
        }
        final double[] rowScale = scale;
        double[] largest = new double[1];
        DenseSymmetricOperator.EntrySource source = (i, p, q) -> {
            double v = rowScale == null ? raw.get(i, p, q) : rowScale[i] * raw.get(i, p, q);
            largest[0] = Math.max(largest[0], Math.abs(v));
            return v;
        };
        SensingOperator op;
        try {
            op = DenseSymmetricOperator.fromEntries(n, m, source, precision, options.symmetrise(), options.threads());
        } catch (SodInputException e) {
            throw new SodInputException(a.name() + ": " + e.getMessage().replace(
                    "fix the input or allow symmetrising it", "fix the input or pass --symmetrise to use (A + A^T)/2"), e);
        } catch (OutOfMemoryError e) {
            throw new SodInputException(a.name() + ": not enough memory for the packed operator ("
                    + (packedBytes >> 20) + " MB); use fewer or smaller matrices", e);
        }
        checkScale(a.name(), largest[0], op);
        String name = namePrefix + ", n=" + n + ", m=" + m + (options.normalize() ? ", normalised" : w != null ? ", weighted" : "")
                + (precision == Precision.FLOAT32 ? ", f32" : "") + ")";
        return new Problem(name, op, b, searchRank, truth.z(), truth.rank());
    }

    /**
     * Symmetric matrix completion from a Matrix Market coordinate file of observed entries of M*, with
     * an optional truth Z (.npy, n x r or n). Every stored entry (i, j) is one observation of the
     * unordered pair, with unit weight and {@code b} its value. A {@code symmetric} file lists one
     * triangle; a {@code general} file may list either triangle or both, and a pair given as both (i, j)
     * and (j, i) counts once if the two values agree to 1e-12 relative. A {@code pattern} file observes
     * the value 1 everywhere. The search rank is {@code rank} when positive, else the truth's, else 1.
     *
     * @throws SodInputException if a file is unreadable or malformed, the matrix is not square or has no
     *                           entries, a pair is listed twice with different values, or the truth
     *                           does not match n
     */
    public static Problem fromMatrixMarket(Path observedFile, Path truthFile, int rank, int threads) {
        if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
        MatrixMarket.Coordinates entries = MatrixMarket.read(observedFile);
        int n = entries.rows();
        if (n != entries.cols()) {
            throw new SodInputException(observedFile + ": is " + n + " x " + entries.cols()
                    + " but observations of a symmetric matrix must be square; give an n x n matrix");
        }
        if (entries.nnz() == 0) throw new SodInputException(observedFile + ": has no entries; give at least one observation");
        GroundTruth truth = GroundTruth.read(truthFile, n, note -> { });
        // the sort's and the pattern's row starts are n-long int arrays, whatever the number of entries
        MemoryCheck.require(observedFile + ": a " + n + " x " + n + " matrix with " + entries.nnz() + " entries",
                BuiltInProblems.completionHeap(n, truth.searchRank(rank, n), entries.nnz()) + 12.0 * n, 0,
                "a file with a smaller n (the size line), or a smaller --rank");
        int[] rows = entries.row(), cols = entries.col();
        double[] values = entries.value();
        int m;
        try {
            m = EntryWeightedSparse.sortEntriesMergingRepeats(n, rows, cols, null, values, 1e-12);
        } catch (SodInputException e) {
            throw new SodInputException(observedFile + ": " + e.getMessage(), e);
        }
        int searchRank = truth.searchRank(rank, n); // after every check of the files
        if ((long) n * searchRank > Integer.MAX_VALUE - 8) {
            throw new SodInputException(observedFile + ": n * r = " + ((long) n * searchRank)
                    + " is too large for one array; lower the rank");
        }
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < m; k++) rowStart[rows[k] + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        int[] upperCols = m == cols.length ? cols : Arrays.copyOf(cols, m);
        double[] b = m == values.length ? values : Arrays.copyOf(values, m);
        EntryWeightedSparse op = EntryWeightedSparse.fromUpperCsr(n, rowStart, upperCols, null, threads);
        String name = String.format(Locale.ROOT, "completion(file=%s, n=%d, r=%d, m=%d)", observedFile.getFileName(), n,
                searchRank, m);
        return new Problem(name, op, b, searchRank, truth.z(), truth.rank());
    }

    /**
     * Sensing matrices must be on a scale double precision can work with: the solver squares them
     * (curvature, the RIP estimate, the SOD check), and entries below 1e-100 underflow there to zero
     * (the eigensolver then fails), entries above 1e100 overflow. Bad input, with the rescaling to do.
     */
    private static void checkScale(String operatorFile, double largest, SensingOperator op) {
        if (largest == 0) return; // all-zero matrices: the solve reports that nothing can be recovered
        if (largest < 1e-100 || largest > 1e100) {
            op.close();
            throw new SodInputException(operatorFile + ": the sensing matrices' entries are at most " + largest + " in size,"
                    + " outside the 1e-100..1e100 that double precision squares safely; rescale them, e.g. A / max|A|,"
                    + " and b by the same factor");
        }
    }

    /** Reads X0 (n x r, or n when r = 1) for a problem. */
    public static double[] readX0(Path file, int n, int r) {
        try (NpyArray x = Npy.open(file)) {
            return x0Of(x, n, r);
        }
    }

    /** X0 (n x r, or n when r = 1) from an array, checked. */
    static double[] x0Of(NpyArray x, int n, int r) {
        long[] shape = x.shape();
        boolean ok = (shape.length == 2 && shape[0] == n && shape[1] == r) || (r == 1 && shape.length == 1 && shape[0] == n);
        if (!ok) {
            throw new SodInputException(x.name() + ": has shape " + shapeText(shape) + " but X0 must be (" + n + ", " + r
                    + ") for n = " + n + " and rank " + r);
        }
        return x.toDoubleArray();
    }

    static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
