package sod.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import sod.SodInputException;
import sod.experiment.Names;
import sod.problems.Problem;
import sod.problems.ProblemEngine;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/** Where {@code sod solve} runs the operator: on this machine (the default) or on an engine such as Spark. */
final class EngineOptions {
    static final String LOCAL = "local";

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = LOCAL,
            description = "Where the operator runs: local (this machine) or spark (the sod-spark module; needs --observed PATH of Parquet/CSV i, j, value) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "--engine spark: the Spark master, e.g. local[2], spark://host:7077, yarn (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--engine-opt", paramLabel = "KEY=VALUE",
            description = "An engine setting, repeatable; spark: partitions=P, format=parquet|csv, header=true, delta=D (SOD's RIP constant), residuals=eager.")
    Map<String, String> settings = new LinkedHashMap<>();

    private ProblemEngine resolved;

    boolean local() {
        return LOCAL.equals(engine);
    }

    /** The problem of {@code --observed} on the engine; the solver's method goes along as a hint. */
    Problem build(ProblemOptions problem, SolverConfig config) {
        if (problem.observed == null)
            throw new SodInputException("--engine " + engine + " needs --observed PATH (Parquet or CSV of i, j, value; a local path or a Hadoop URI)");
        if (problem.operator != null || problem.truth != null || problem.measurements != null || problem.outliers != 0)
            throw new SodInputException("--engine " + engine + ": --operator, --measurements, --truth and --outliers are single-machine options; drop them");
        resolved = ProblemEngine.named(engine);
        Map<String, String> options = new LinkedHashMap<>(settings);
        if (master != null) options.put("master", master);
        options.put("method", Names.of(config.method()).toLowerCase(Locale.ROOT));
        options.put("local", Names.of(config.descent().local()).toLowerCase(Locale.ROOT));
        int n = problem.n == null ? 0 : problem.n;
        int rank = problem.rank == null ? 1 : problem.rank;
        return resolved.observed(new ProblemEngine.Request(problem.observed, n, rank, options));
    }

    /** Gives the solver the engine's RIP constant, if it has one. */
    void prime(Solver solver, Problem problem) {
        if (resolved == null) return;
        double delta = resolved.ripConstant(problem);
        if (Double.isFinite(delta)) solver.primeDelta(problem, delta);
    }
}
