package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import java.util.Arrays;
import java.util.Locale;
import sod.io.MatrixMarket;
import sod.io.Npy;
import sod.io.ScipySparseNpzWriter;
import sod.io.SparseSymmetricSet;
import sod.operators.DenseSymmetricOperator;
import sod.operators.EntryWeightedSparse;
import sod.operators.SensingOperator;
import sod.operators.SparseSymmetricOperator;
import sod.problems.Problem;

/** {@code sod gen}: writes a built-in problem to files that NumPy (and {@code sod solve}) read. */
@Command(name = "gen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a built-in problem to files: A.npy (m x n x n sensing matrices) or, for completion,",
                "observed.mtx (Matrix Market entries of M*), plus b.npy (m) and Z.npy (n x r, the truth).",
                "With --format npz, A.npz instead: the m x n^2 matrix whose row i is vec(A_i), as scipy.sparse.save_npz writes it."},
        footer = {"", "Examples:",
                "  scripts/sod gen --problem gaussian --n 30 --rank 2 --out gauss",
                "  scripts/sod solve --operator gauss/A.npy --measurements gauss/b.npy --truth gauss/Z.npy",
                "  scripts/sod gen --problem completion --n 200 --rank 2 --format npz --out comp-npz",
                "  scripts/sod solve --sensing comp-npz/A.npz --measurements comp-npz/b.npy --truth comp-npz/Z.npy",
                "  scripts/sod gen --problem completion --n 1000 --rank 5 --observations 60000 --out comp",
                "  python -c \"import numpy as np; A = np.load('gauss/A.npy'); print(A.shape)\""})
final class GenCommand implements Callable<Integer> {
    /** Dense A.npy files beyond this are refused (they would not be useful to anyone). */
    static final long MAX_DENSE_BYTES = 2L << 30;

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write into (created if missing).")
    Path out;

    @Option(names = "--format", paramLabel = "F", defaultValue = "auto",
            description = "auto: A.npy (observed.mtx for completion); npz: A.npz for any problem, read by"
                    + " scipy.sparse.load_npz and sod solve --sensing (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        if (problemOptions.fromFiles()) {
            throw new SodInputException("gen writes built-in problems; drop --operator/--sensing/--problem-file/--observed");
        }
        boolean npz = switch (format.toLowerCase(Locale.ROOT)) {
            case "auto" -> false;
            case "npz" -> true;
            default -> throw new SodInputException("unknown --format '" + format + "'; choose auto or npz");
        };
        PrintWriter printer = spec.commandLine().getOut();
        new Preflight(spec).folder("--out", out, "A.npy", "b.npy", "Z.npy", "observed.mtx").check();
        try (Problem problem = problemOptions.build()) {
            Files.createDirectories(out); // after the problem is built: a refused problem leaves no folder
            SensingOperator op = problem.operator();
            int n = problem.n(), m = problem.m();
            if (npz) {
                SparseSymmetricSet set = sensingSet(op);
                ScipySparseNpzWriter.write(out.resolve("A.npz"), set);
                printer.println("wrote " + out.resolve("A.npz") + "  (" + m + " x " + (long) n * n + " CSR, "
                        + set.nnz() + " stored upper-triangle entries)");
            } else if (op instanceof EntryWeightedSparse sparse) {
                writeObservations(sparse, problem.b(), out.resolve("observed.mtx"));
                printer.println("wrote " + out.resolve("observed.mtx") + "  (" + m + " observed entries of M*, n = " + n + ")");
            } else {
                long bytes = (long) m * n * n * 8;
                if (bytes > MAX_DENSE_BYTES || (long) m * n * n > Integer.MAX_VALUE - 8) {
                    throw new SodInputException("A.npy would take " + (bytes >> 20) + " MB (m = " + m + ", n = " + n
                            + "); choose a smaller --n or --m");
                }
                Npy.write(out.resolve("A.npy"), denseMatrices(op), m, n, n);
                printer.println("wrote " + out.resolve("A.npy") + "  (" + m + " x " + n + " x " + n + ")");
            }
            Npy.write(out.resolve("b.npy"), problem.b(), m);
            printer.println("wrote " + out.resolve("b.npy") + "  (" + m + ")");
            if (problem.hasTruth()) {
                Npy.write(out.resolve("Z.npy"), problem.truth(), n, problem.truthRank());
                printer.println("wrote " + out.resolve("Z.npy") + "  (" + n + " x " + problem.truthRank() + ")");
            }
            printer.flush();
        }
        return Main.OK;
    }

    /** All A_i as one m x n x n array; the dense operator is read entry-wise, others through A*(e_i). */
    static double[] denseMatrices(SensingOperator op) {
        int n = op.n(), m = op.m();
        double[] all = new double[m * n * n];
        if (op instanceof DenseSymmetricOperator dense) {
            for (int i = 0; i < m; i++)
                for (int p = 0; p < n; p++)
                    for (int q = 0; q < n; q++) all[(i * n + p) * n + q] = dense.entry(i, p, q);
            return all;
        }
        double[] unit = new double[m];
        double[] g = new double[n * n];
        for (int i = 0; i < m; i++) {
            unit[i] = 1;
            op.adjoint(unit, g);
            unit[i] = 0;
            System.arraycopy(g, 0, all, i * n * n, n * n);
        }
        return all;
    }

    /**
     * The A_i of any operator as sparse upper triangles: read from the storage of the sparse, dense and
     * completion operators, through {@code A*(e_i)} for the others (then n^2 per measurement, so bounded by
     * {@link #MAX_DENSE_BYTES}). Exact zeros are left out.
     */
    static SparseSymmetricSet sensingSet(SensingOperator op) {
        int n = op.n(), m = op.m();
        Entries entries = new Entries(m);
        if (op instanceof SparseSymmetricOperator sparse) {
            for (int i = 0; i < m; i++) {
                for (long e = sparse.entryStart(i); e < sparse.entryStart(i + 1); e++)
                    entries.add(sparse.entryRow(e), sparse.entryCol(e), sparse.entryValue(e));
                entries.endMeasurement();
            }
        } else if (op instanceof EntryWeightedSparse completion) {
            // A_k = w_k (E_ij + E_ji) / 2: w/2 at (i, j) off the diagonal, w at (i, i)
            for (int k = 0; k < m; k++) {
                int i = completion.row(k), j = completion.col(k);
                entries.add(i, j, i == j ? completion.weight(k) : 0.5 * completion.weight(k));
                entries.endMeasurement();
            }
        } else if (op instanceof DenseSymmetricOperator dense) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < n; p++) for (int q = p; q < n; q++) entries.add(p, q, dense.entry(i, p, q));
                entries.endMeasurement();
            }
        } else {
            if ((long) m * n * n * 8 > MAX_DENSE_BYTES) {
                throw new SodInputException("A.npz of this operator is built from m dense n x n matrices: " + (((long) m * n * n * 8) >> 20)
                        + " MB (m = " + m + ", n = " + n + "); choose a smaller --n or --m");
            }
            double[] unit = new double[m], g = new double[n * n];
            for (int i = 0; i < m; i++) {
                unit[i] = 1;
                op.adjoint(unit, g);
                unit[i] = 0;
                for (int p = 0; p < n; p++) for (int q = p; q < n; q++) entries.add(p, q, g[p * n + q]);
                entries.endMeasurement();
            }
        }
        return entries.set(n);
    }

    /** Upper-triangle entries measurement by measurement, in (row, column) order, zeros dropped. */
    private static final class Entries {
        private final long[] start;
        private int[] row = new int[64], col = new int[64];
        private double[] value = new double[64];
        private int size, measurement;

        Entries(int m) {
            start = new long[m + 1];
        }

        void add(int p, int q, double v) {
            if (v == 0) return;
            if (size == row.length) {
                row = Arrays.copyOf(row, 2 * size);
                col = Arrays.copyOf(col, 2 * size);
                value = Arrays.copyOf(value, 2 * size);
            }
            row[size] = p;
            col[size] = q;
            value[size++] = v;
        }

        void endMeasurement() {
            start[++measurement] = size;
        }

        SparseSymmetricSet set(int n) {
            return new SparseSymmetricSet(n, measurement, start, Arrays.copyOf(row, size), Arrays.copyOf(col, size), Arrays.copyOf(value, size));
        }
    }

    /** Completion data as a symmetric Matrix Market file of observed M* entries (lower triangle). */
    static void writeObservations(EntryWeightedSparse op, double[] b, Path file) {
        int m = op.m();
        int[] rows = new int[m], cols = new int[m];
        double[] values = new double[m];
        for (int k = 0; k < m; k++) {
            double w = op.weight(k);
            if (w != 1.0) throw new SodInputException("gen: weighted observations cannot be written as plain entries");
            rows[k] = op.col(k); // (i <= j) stored as the lower-triangle entry (j, i)
            cols[k] = op.row(k);
            values[k] = b[k];
        }
        MatrixMarket.write(file, new MatrixMarket.Coordinates(op.n(), op.n(), rows, cols, values, true));
    }
}
