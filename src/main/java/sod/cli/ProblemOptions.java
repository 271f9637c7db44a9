package sod.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sod.problems.BuiltInProblem;
import sod.problems.BuiltInProblems;
import sod.problems.Outliers;
import sod.problems.Problem;
import sod.problems.ProblemFiles;
import sod.problems.SolverDefaults;

/** The options that choose a problem: a built-in generator or files. */
final class ProblemOptions {
    @Option(names = "--problem", paramLabel = "NAME", defaultValue = "pmc",
            description = "Built-in problem: pmc, gaussian, rank-one, completion, counterexample, pmc-blocks (r PMC blocks, --n a multiple of --rank) (default: ${DEFAULT-VALUE}).")
    String problem;

    @Option(names = "--n", paramLabel = "N", description = "Dimension n (default: 40 for pmc, 20 otherwise).")
    Integer n;

    @Option(names = "--m", paramLabel = "M", description = "Measurements m for gaussian / rank-one (default: 5 n r).")
    Integer m;

    @Option(names = "--rank", paramLabel = "R", description = "Search rank r (default: the truth's rank, else 1).")
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

    @Option(names = "--operator", paramLabel = "A.npy", description = "Sensing matrices from a file, shape (m, n, n).")
    Path operator;

    @Option(names = "--measurements", paramLabel = "b.npy", description = "Measurements b, shape (m,); with --operator.")
    Path measurements;

    @Option(names = "--truth", paramLabel = "Z.npy", description = "Ground-truth factor Z, shape (n, r), for the distance and the target.")
    Path truth;

    // a String, not a Path: with --engine spark it may be a URI (hdfs://host/dir), which Path would mangle
    @Option(names = "--observed", paramLabel = "FILE.mtx",
            description = "Observed entries of M* (Matrix Market coordinate) for completion from a file; with --engine spark, Parquet/CSV (i, j, value), a path or URI.")
    String observed;

    @Option(names = "--symmetrise", description = "Replace non-symmetric sensing matrices in --operator by (A + A^T)/2 instead of rejecting them.")
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
        return operator != null || observed != null;
    }

    Problem build() {
        Outliers.Distribution distribution = Outliers.Distribution.parse(outlierDistribution);
        Problem clean = buildClean();
        if (outliers == 0) return clean;
        try {
            return Outliers.contaminate(clean, outliers, distribution, outlierScale, seed);
        } catch (RuntimeException e) {
            clean.close();
            throw e;
        }
    }

    private Problem buildClean() {
        int rankValue = rank == null ? 0 : checkedRank(rank);
        if (operator != null && observed != null) {
            throw new sod.SodInputException("--operator and --observed both given; use one of them");
        }
        if (operator != null) return ProblemFiles.fromNpy(operator, measurements, truth, rankValue, threadCount(), symmetrise);
        if (observed != null) return ProblemFiles.fromMatrixMarket(Path.of(observed), truth, rankValue, threadCount());
        if (measurements != null || truth != null) {
            throw new sod.SodInputException("--measurements / --truth need --operator A.npy (or --observed for --truth)");
        }
        BuiltInProblem builtIn = BuiltInProblems.named(problem);
        return builtIn.create(new BuiltInProblem.Parameters(orZero(n), orZero(m), rank == null ? 1 : rankValue, eps, seed,
                orZero(observations), threadCount()));
    }

    private static int checkedRank(int r) {
        if (r < 1) throw new sod.SodInputException("--rank must be >= 1, got " + r);
        return r;
    }

    private static int orZero(Integer v) {
        if (v != null && v <= 0) throw new sod.SodInputException("sizes must be >= 1, got " + v);
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
