package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.operators.Precision;
import sod.problems.BuiltInProblem;
import sod.problems.BuiltInProblems;
import sod.problems.FileOptions;
import sod.problems.Outliers;
import sod.problems.Problem;
import sod.problems.ProblemArchive;
import sod.problems.ProblemFiles;
import sod.problems.SolverDefaults;
import sod.problems.SparseSensing;

/**
 * The options that choose a problem: a built-in generator or files (a dense operator, sparse sensing
 * matrices as SciPy saves them, one .npz problem archive, or completion entries). Notes about the files
 * (widened dtypes, implied weights, how a truth was read) go to stderr as {@code note: ...} lines once the
 * problem is built, so that a bad file still gives its single error line.
 */
final class ProblemOptions {
    /** The command this mixin belongs to: its stderr and its --quiet. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--problem", paramLabel = "NAME", defaultValue = "pmc",
            description = "Built-in problem: pmc, gaussian, rank-one, completion, counterexample, pmc-blocks (r PMC blocks, --n a multiple of --rank) (default: ${DEFAULT-VALUE}).")
    String problem;

    @Option(names = "--n", paramLabel = "N", description = "Dimension n (default: 40 for pmc, 20 otherwise).")
    Integer n;

    @Option(names = "--m", paramLabel = "M", description = "Measurements m for gaussian / rank-one (default: 5 n r).")
    Integer m;

    @Option(names = "--rank", paramLabel = "R",
            description = "Search rank r (default: the truth's rank; required for files without a truth).")
    Integer rank;

    @Option(names = "--eps", paramLabel = "EPS", defaultValue = "0.10",
            description = "PMC weight off the observed set, > 0 (default: ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the problem draw and of X0 (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--observations", paramLabel = "K",
            description = "Observed pairs for completion (default: min(n(n+1)/2, 3 n r ln n)).")
    Integer observations;

    @Option(names = "--operator", paramLabel = "A.npy", description = "Dense sensing matrices from a file, shape (m, n, n) or (m, n*n).")
    Path operator;

    @Option(names = "--sensing", paramLabel = "A.npz",
            description = "Sparse sensing matrices: scipy.sparse.save_npz of the m x n^2 matrix whose row i is vec(A_i)"
                    + " (csr, csc or coo), or the same matrix as Matrix Market (.mtx).")
    Path sensing;

    @Option(names = "--measurements", paramLabel = "b.npy", description = "Measurements b, shape (m,) or (m, 1); with --operator or --sensing.")
    Path measurements;

    @Option(names = "--problem-file", paramLabel = "FILE.npz",
            description = "A whole dense problem saved by numpy.savez: A (m, n, n) or (m, n*n), b, and optionally Z (factor) or M (M*), X0, w.")
    Path problemFile;

    @Option(names = "--truth", paramLabel = "Z.npy",
            description = "Ground truth for the distance and the target: the factor Z (n, r), or M* (n, n) symmetric PSD.")
    Path truth;

    @Option(names = "--weights", paramLabel = "w.npy",
            description = "Weighted least squares h = 1/2 sum w_i r_i^2 (w_i = 1/sigma_i^2, >= 0): A_i and b_i are scaled by sqrt(w_i).")
    Path weights;

    @Option(names = "--normalize", description = "Divide each measurement by ||A_i||_F (the weights 1/||A_i||_F^2; printed).")
    boolean normalize;

    @Option(names = "--precision", paramLabel = "P", description = "Storage of a dense file operator: f32 or f64 (default: the file's).")
    String precision;

    // a String, not a Path: with --engine spark it may be a URI (hdfs://host/dir), which Path would mangle
    @Option(names = "--observed", paramLabel = "FILE.mtx",
            description = "Observed entries of M* (Matrix Market coordinate) for completion from a file; with --engine spark, Parquet/CSV (i, j, value), a path or URI.")
    String observed;

    @Option(names = "--symmetrise",
            description = "Replace non-symmetric sensing matrices (--operator, --sensing, --problem-file) by (A + A^T)/2 instead of rejecting them.")
    boolean symmetrise;

    @Option(names = "--threads", paramLabel = "T", description = "Threads of the operator (default: all cores).")
    Integer threads;

    @Option(names = "--outliers", paramLabel = "P", defaultValue = "0",
            description = "Corrupt a fraction P in [0, 1) of the measurements (seeded by --seed; default: none).")
    double outliers;

    @Option(names = "--outlier-dist", paramLabel = "DIST", defaultValue = "gaussian",
            description = "Outlier values: gaussian N(0, S^2), uniform in [-S, S], constant S (default: ${DEFAULT-VALUE}).")
    String outlierDistribution;

    @Option(names = "--outlier-scale", paramLabel = "S", defaultValue = "10",
            description = "Outlier size S in units of rms(b) of the clean measurements (default: ${DEFAULT-VALUE}).")
    double outlierScale;

    int threadCount() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    boolean fromFiles() {
        return operator != null || observed != null || sensing != null || problemFile != null;
    }

    /** X0 of a --problem-file, read by {@link #build}; null when there is none. */
    private ProblemArchive.Loaded archive;

    /**
     * The X0 saved in the --problem-file for search rank r, or null (then the solver's own start applies).
     *
     * @throws SodInputException if the archive's X0 does not have r columns
     */
    double[] fileX0(int r) {
        return archive == null ? null : archive.x0For(r);
    }

    Problem build() {
        Outliers.Distribution distribution = Outliers.Distribution.parse(outlierDistribution);
        List<String> notes = new ArrayList<>();
        Problem clean = buildClean(notes);
        printNotes(notes);
        if (outliers == 0) return clean;
        try {
            return Outliers.contaminate(clean, outliers, distribution, outlierScale, seed);
        } catch (RuntimeException e) {
            clean.close();
            throw e;
        }
    }

    private void printNotes(List<String> notes) {
        if (mixee == null || notes.isEmpty()) return;
        var quiet = mixee.findOption("--quiet");
        if (quiet != null && Boolean.TRUE.equals(quiet.getValue())) return;
        PrintWriter err = mixee.commandLine().getErr();
        for (String note : notes) err.println("note: " + note);
        err.flush();
    }

    private Problem buildClean(List<String> notes) {
        int rankValue = rank == null ? 0 : checkedRank(rank);
        int sources = (operator != null ? 1 : 0) + (observed != null ? 1 : 0) + (sensing != null ? 1 : 0) + (problemFile != null ? 1 : 0);
        if (sources > 1) {
            throw new SodInputException("--operator, --sensing, --problem-file and --observed choose the problem: give one of them");
        }
        if ((weights != null || normalize) && (observed != null || sources == 0)) {
            throw new SodInputException((weights != null ? "--weights" : "--normalize")
                    + " applies to --operator, --sensing and --problem-file only");
        }
        if (precision != null && operator == null && problemFile == null && sensing == null) {
            throw new SodInputException("--precision applies to file operators (--operator, --problem-file; --sensing is float64) only");
        }
        if (symmetrise && operator == null && sensing == null && problemFile == null) {
            throw new SodInputException("--symmetrise applies to --operator, --sensing and --problem-file only");
        }
        FileOptions options = new FileOptions(rankValue, threadCount(), symmetrise, weights, normalize, precision(), notes::add);
        if (operator != null) return ProblemFiles.fromNpy(operator, measurements, truth, options);
        if (sensing != null) return SparseSensing.fromFiles(sensing, measurements, truth, options);
        if (problemFile != null) {
            if (measurements != null || truth != null) {
                throw new SodInputException("--problem-file holds b and the truth (b, Z or M); drop --measurements / --truth");
            }
            archive = ProblemArchive.read(problemFile, options);
            return archive.problem();
        }
        if (observed != null) return ProblemFiles.fromMatrixMarket(Path.of(observed), truth, rankValue, threadCount());
        if (measurements != null || truth != null) {
            throw new SodInputException("--measurements / --truth need --operator A.npy or --sensing A.npz (or --observed for --truth)");
        }
        BuiltInProblem builtIn = BuiltInProblems.named(problem);
        return builtIn.create(new BuiltInProblem.Parameters(orZero(n), orZero(m), rank == null ? 1 : rankValue, eps, seed,
                orZero(observations), threadCount()));
    }

    private Precision precision() {
        if (precision == null) return null;
        return switch (precision.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> Precision.FLOAT32;
            case "f64", "float64" -> Precision.FLOAT64;
            default -> throw new SodInputException("unknown --precision '" + precision + "'; choose f32 or f64");
        };
    }

    private static int checkedRank(int r) {
        if (r < 1) throw new SodInputException("--rank must be >= 1, got " + r);
        return r;
    }

    private static int orZero(Integer v) {
        if (v != null && v <= 0) throw new SodInputException("sizes must be >= 1, got " + v);
        return v == null ? 0 : v;
    }

    /**
     * The solver settings of the chosen problem when the user gives none: the built-in problem's
     * (the paper's fixed step for PMC and the counterexample), the adaptive ones for files, whose
     * scale is not known.
     */
    SolverDefaults solverDefaults() {
        return fromFiles() ? SolverDefaults.ADAPTIVE : BuiltInProblems.named(problem).solverDefaults();
    }
}
