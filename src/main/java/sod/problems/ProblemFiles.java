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
 * Market file of observed entries, and the X0 of a run. Every bad file is one {@link SodInputException}
 * naming the file, what is wrong and what to do.
 */
public final class ProblemFiles {
    private ProblemFiles() {
    }

    /**
     * A dense problem from .npy files: A (m x n x n), b (m), optional truth Z (n x r or n). The search
     * rank is {@code rank} when positive, else the truth's rank, else 1. The sensing matrices are packed
     * straight from the (memory-mapped) file into the operator's storage, never copied whole onto the
     * heap. A non-symmetric matrix is rejected unless {@code symmetrise}, which stores {@code (A + A^T)/2}
     * (the same measurements of symmetric matrices).
     */
    public static Problem fromNpy(Path operatorFile, Path measurementsFile, Path truthFile, int rank, int threads,
                                  boolean symmetrise) {
        if (measurementsFile == null) {
            throw new SodInputException("--operator needs --measurements b.npy (the m measurements)");
        }
        if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
        // Cheap files first: b and Z are small, and their mismatches are found before A is packed.
        double[] b;
        int n, m;
        try (NpyArray a = Npy.read(operatorFile)) {
            long[] shape = a.shape();
            if (shape.length != 3 || shape[1] != shape[2] || shape[0] < 1 || shape[1] < 1) {
                throw new SodInputException(operatorFile + ": has shape " + shapeText(shape)
                        + " but the operator must be (m, n, n): m >= 1 symmetric n x n sensing matrices");
            }
            if (shape[0] > Integer.MAX_VALUE || shape[1] > 1 << 20) {
                throw new SodInputException(operatorFile + ": shape " + shapeText(shape) + " is too large for a dense operator");
            }
            m = (int) shape[0];
            n = (int) shape[1];
            try (NpyArray bArray = Npy.read(measurementsFile)) {
                long[] bShape = bArray.shape();
                if (bShape.length != 1 || bShape[0] != m) {
                    throw new SodInputException(measurementsFile + ": has shape " + shapeText(bShape) + " but the operator "
                            + operatorFile + " has m = " + m + " matrices; b must have shape (" + m + ",), one measurement per matrix");
                }
                b = bArray.toDoubleArray();
            }
            Truth truth = readTruth(truthFile, n);
            int searchRank = searchRank(rank, truth, n);
            long packedBytes = (long) m * (((long) n * (n + 1) / 2 + 15) / 16 * 16) * 8;
            MemoryCheck.require(operatorFile + ": the packed operator of " + m + " matrices " + n + " x " + n,
                    MemoryCheck.solverHeap(n, searchRank, m), packedBytes, "fewer or smaller matrices");
            final long nn = (long) n * n;
            final int size = n;
            SensingOperator op;
            double[] largest = new double[1];
            try {
                op = DenseSymmetricOperator.fromEntries(n, m, (i, p, q) -> {
                    double v = a.get(i * nn + (long) p * size + q);
                    largest[0] = Math.max(largest[0], Math.abs(v));
                    return v;
                }, Precision.FLOAT64, symmetrise, threads);
            } catch (SodInputException e) {
                throw new SodInputException(operatorFile + ": " + e.getMessage().replace(
                        "fix the input or allow symmetrising it", "fix the input or pass --symmetrise to use (A + A^T)/2"), e);
            } catch (OutOfMemoryError e) {
                throw new SodInputException(operatorFile + ": not enough memory for the packed operator ("
                        + (packedBytes >> 20) + " MB); use fewer or smaller matrices", e);
            }
            checkScale(operatorFile, largest[0], op);
            return new Problem("file(" + operatorFile.getFileName() + ", n=" + n + ", m=" + m + ")", op, b, searchRank,
                    truth.z, truth.r);
        }
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
        Truth truth = readTruth(truthFile, n);
        int searchRank = searchRank(rank, truth, n);
        // the sort's and the pattern's row starts are n-long int arrays, whatever the number of entries
        MemoryCheck.require(observedFile + ": a " + n + " x " + n + " matrix with " + entries.nnz() + " entries",
                BuiltInProblems.completionHeap(n, searchRank, entries.nnz()) + 12.0 * n, 0,
                "a file with a smaller n (the size line), or a smaller --rank");
        if ((long) n * searchRank > Integer.MAX_VALUE - 8) {
            throw new SodInputException(observedFile + ": n * r = " + ((long) n * searchRank)
                    + " is too large for one array; lower the rank");
        }
        int[] rows = entries.row(), cols = entries.col();
        double[] values = entries.value();
        int m;
        try {
            m = EntryWeightedSparse.sortEntriesMergingRepeats(n, rows, cols, null, values, 1e-12);
        } catch (SodInputException e) {
            throw new SodInputException(observedFile + ": " + e.getMessage(), e);
        }
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < m; k++) rowStart[rows[k] + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        int[] upperCols = m == cols.length ? cols : Arrays.copyOf(cols, m);
        double[] b = m == values.length ? values : Arrays.copyOf(values, m);
        EntryWeightedSparse op = EntryWeightedSparse.fromUpperCsr(n, rowStart, upperCols, null, threads);
        String name = String.format(Locale.ROOT, "completion(file=%s, n=%d, r=%d, m=%d)", observedFile.getFileName(), n,
                searchRank, m);
        return new Problem(name, op, b, searchRank, truth.z, truth.r);
    }

    /**
     * Sensing matrices must be on a scale double precision can work with: the solver squares them
     * (curvature, the RIP estimate, the SOD check), and entries below 1e-100 underflow there to zero
     * (the eigensolver then fails), entries above 1e100 overflow. Bad input, with the rescaling to do.
     */
    private static void checkScale(Path operatorFile, double largest, SensingOperator op) {
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
        try (NpyArray x = Npy.read(file)) {
            long[] shape = x.shape();
            boolean ok = (shape.length == 2 && shape[0] == n && shape[1] == r) || (r == 1 && shape.length == 1 && shape[0] == n);
            if (!ok) {
                throw new SodInputException(file + ": has shape " + shapeText(shape) + " but X0 must be (" + n + ", " + r
                        + ") for n = " + n + " and rank " + r);
            }
            return x.toDoubleArray();
        }
    }

    private record Truth(double[] z, int r) {
    }

    private static Truth readTruth(Path file, int n) {
        if (file == null) return new Truth(null, 0);
        try (NpyArray z = Npy.read(file)) {
            long[] shape = z.shape();
            boolean ok = (shape.length == 1 && shape[0] == n) || (shape.length == 2 && shape[0] == n && shape[1] >= 1);
            if (!ok) {
                throw new SodInputException(file + ": has shape " + shapeText(shape) + " but the truth Z must be (" + n
                        + ", r) or (" + n + ",) to match n = " + n);
            }
            return new Truth(z.toDoubleArray(), shape.length == 1 ? 1 : Math.toIntExact(shape[1]));
        }
    }

    private static int searchRank(int rank, Truth truth, int n) {
        if (rank < 0) throw new SodInputException("--rank must be >= 1, got " + rank);
        int r = rank > 0 ? rank : truth.z != null ? truth.r : 1;
        if (r > n) {
            throw new SodInputException("rank " + r + (rank > 0 ? " (--rank)" : " (from the truth's columns)")
                    + " exceeds n = " + n + "; use --rank between 1 and " + n);
        }
        return r;
    }

    static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
