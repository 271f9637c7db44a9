package sod.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import sod.SodInputException;
import sod.io.MatrixMarket;
import sod.io.Npy;
import sod.io.NpyArray;
import sod.operators.DenseSymmetricOperator;
import sod.operators.EntryWeightedSparse;
import sod.operators.Precision;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.Counterexample;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.problems.RankOneSensing;

/** Builds the problems the commands run: the built-in generators and problems read from files. */
final class Problems {
    static final List<String> BUILT_IN = List.of("pmc", "gaussian", "rank-one", "completion", "counterexample");

    private Problems() {
    }

    /**
     * A built-in problem. Unset sizes (0) get defaults that suit the problem: n = 40 for PMC, 20
     * otherwise; m = 5 n r for the Gaussian ensembles; observations = min(all pairs, 3 n r ln n).
     */
    static Problem builtIn(String name, int n, int m, int rank, double eps, long seed, int observations, int threads) {
        String problem = name.toLowerCase(Locale.ROOT);
        if (!BUILT_IN.contains(problem)) {
            throw new SodInputException("unknown problem '" + name + "'; choose one of " + String.join(", ", BUILT_IN)
                    + " (or give files with --operator/--measurements or --observed)");
        }
        if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank + "; the rank of M* is usually 1 to 10");
        if (n < 0 || m < 0 || observations < 0) {
            throw new SodInputException("sizes must be positive: --n " + n + ", --m " + m + ", --observations " + observations);
        }
        if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new SodInputException("--eps must be a finite value > 0, got " + eps + "; the paper uses 0.10 and 0.15");
        }
        switch (problem) {
            case "pmc" -> {
                requireRankOne(problem, rank);
                return Pmc.create(n == 0 ? 40 : n, eps, threads);
            }
            case "counterexample" -> {
                requireRankOne(problem, rank);
                if (n != 0 && n != 2) throw new SodInputException("the counterexample has n = 2; drop --n " + n);
                return Counterexample.create();
            }
            case "gaussian", "rank-one" -> {
                int size = n == 0 ? 20 : n;
                if (rank > size) throw new SodInputException("--rank " + rank + " exceeds --n " + size + "; use a rank <= n");
                long measurements = m == 0 ? 5L * size * rank : m;
                if (measurements > Integer.MAX_VALUE) throw new SodInputException("--m " + measurements + " is too large");
                return problem.equals("gaussian")
                        ? GaussianSensing.create(size, (int) measurements, rank, seed, threads, false)
                        : RankOneSensing.create(size, (int) measurements, rank, seed, threads);
            }
            default -> {
                int size = n == 0 ? 20 : n;
                long pairs = (long) size * (size + 1) / 2;
                long count = observations == 0
                        ? Math.min(pairs, (long) Math.ceil(3 * size * rank * Math.log(Math.max(size, 2))))
                        : observations;
                if (count > pairs) {
                    throw new SodInputException("--observations " + count + " exceeds the " + pairs
                            + " distinct pairs i <= j of n = " + size + "; use at most " + pairs);
                }
                return Completion.create(size, rank, (int) count, Completion.Sampling.uniform(), 0.0, seed, threads);
            }
        }
    }

    private static void requireRankOne(String problem, int rank) {
        if (rank != 1) throw new SodInputException(problem + " has a rank-1 ground truth; use --rank 1");
    }

    /**
     * A dense problem from .npy files: A (m x n x n), b (m), optional truth Z (n x r or n). The search
     * rank is {@code rank} when positive, else the truth's rank, else 1. The sensing matrices are packed straight from the (memory-mapped) file into the
     * operator's storage, never copied whole onto the heap. A non-symmetric matrix is rejected unless
     * {@code symmetrise}, which stores {@code (A + A^T)/2} (the same measurements of symmetric matrices).
     */
    static Problem fromNpy(Path operatorFile, Path measurementsFile, Path truthFile, int rank, int threads,
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
            long physical = physicalMemoryBytes();
            if (physical > 0 && packedBytes > physical) {
                throw new SodInputException(operatorFile + ": the packed operator needs " + (packedBytes >> 20)
                        + " MB but the machine has " + (physical >> 20) + " MB of memory; use fewer or smaller matrices");
            }
            final long nn = (long) n * n;
            final int size = n;
            SensingOperator op;
            try {
                op = DenseSymmetricOperator.fromEntries(n, m, (i, p, q) -> a.get(i * nn + (long) p * size + q),
                        Precision.FLOAT64, symmetrise, threads);
            } catch (SodInputException e) {
                throw new SodInputException(operatorFile + ": " + e.getMessage().replace(
                        "fix the input or allow symmetrising it", "fix the input or pass --symmetrise to use (A + A^T)/2"), e);
            } catch (OutOfMemoryError e) {
                throw new SodInputException(operatorFile + ": not enough memory for the packed operator ("
                        + (packedBytes >> 20) + " MB); use fewer or smaller matrices", e);
            }
            return new Problem("file(" + operatorFile.getFileName() + ", n=" + n + ", m=" + m + ")", op, b, searchRank,
                    truth.z, truth.r);
        }
    }

    /**
     * Symmetric matrix completion from a Matrix Market file of observed entries of M* (general or
     * symmetric; (i, j) and (j, i) are the same observation). Unit weights.
     */
    static Problem fromMatrixMarket(Path observedFile, Path truthFile, int rank, int threads) {
        if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
        MatrixMarket.Coordinates c = MatrixMarket.read(observedFile);
        if (c.rows() != c.cols()) {
            throw new SodInputException(observedFile + ": is " + c.rows() + " x " + c.cols()
                    + " but observations of a symmetric matrix must be square");
        }
        if (c.nnz() == 0) throw new SodInputException(observedFile + ": has no entries; give at least one observation");
        int n = c.rows();
        int[] rows = c.row().clone(), cols = c.col().clone();
        double[] values = c.value().clone();
        try {
            EntryWeightedSparse.sortEntries(n, rows, cols, null, values);
        } catch (SodInputException e) {
            throw new SodInputException(observedFile + ": " + e.getMessage()
                    + "; list each unordered pair (i, j) once");
        }
        Truth truth = readTruth(truthFile, n);
        int searchRank = searchRank(rank, truth, n);
        SensingOperator op = new EntryWeightedSparse(n, rows, cols, null, threads);
        return new Problem("completion(" + observedFile.getFileName() + ", n=" + n + ", m=" + rows.length + ")", op,
                values, searchRank, truth.z, truth.r);
    }

    /** Physical memory of the machine, or 0 when unknown. */
    static long physicalMemoryBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
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

    /** Reads X0 (n x r, or n when r = 1) for a problem. */
    static double[] readX0(Path file, int n, int r) {
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

    static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
