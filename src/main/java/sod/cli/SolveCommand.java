package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.io.Npy;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/** {@code sod solve}: one run of GD / GD+SOD / a baseline on a built-in problem or on files. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recover M* = Z Z^T by gradient descent on h(X) = 1/2 ||A(X X^T) - b||^2, escaping spurious",
                "local minima with SOD. Progress goes to stderr, the result and throughput statistics to stdout."},
        footer = {"", "Exit codes: 0 target reached (or no target known), 1 target not reached, 2 bad input, 3 environment.",
                "", "Examples:",
                "  scripts/sod solve --problem pmc --n 40 --eps 0.10 --seed 3",
                "  scripts/sod solve --problem pmc --n 40 --method gd --plot gd.png --trace gd.csv --trace-every 10",
                "  scripts/sod solve --problem gaussian --n 50 --rank 2 --escape line-search --json run.json",
                "  scripts/sod solve --operator A.npy --measurements b.npy --truth Z.npy --save-x X.npy",
                "  scripts/sod solve --observed entries.mtx --rank 3 --step 0.5 --iters 20000"})
final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    SolverOptions solverOptions = new SolverOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Write config, result, escapes and stats as JSON.")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "Write iteration, h, gradient norm, distance, seconds as CSV.")
    Path trace;

    @Option(names = "--trace-every", paramLabel = "K", defaultValue = "1", description = "Trace every K-th iteration (default: ${DEFAULT-VALUE}).")
    int traceEvery;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot h and the distance against iteration (log scale), escapes marked.")
    Path plot;

    @Option(names = "--save-x", paramLabel = "X.npy", description = "Save the final factor X (n x r) as .npy.")
    Path saveX;

    @Option(names = "--stream-gbps", paramLabel = "GBPS",
            description = "The machine's streaming bandwidth for the efficiency figure (default: measured once, 256 MB; 0 skips).")
    Double streamGbps;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (traceEvery < 1) throw new SodInputException("--trace-every must be >= 1, got " + traceEvery);
        if (streamGbps != null && !(streamGbps >= 0)) throw new SodInputException("--stream-gbps must be >= 0, got " + streamGbps);
        SolverConfig config = solverOptions.config(problemOptions.seed);
        try (Problem problem = problemOptions.build();
             Solver solver = new Solver(config)) {
            double[] x0 = solverOptions.x0 == null ? null : Problems.readX0(solverOptions.x0, problem.n(), problem.rank());
            History history = plot == null ? null : new History();
            Result result;
            try (ProgressListener listener = new ProgressListener(err, common.quiet, history, trace, traceEvery)) {
                if (!common.quiet) {
                    err.printf("solving %s with %s%s, r = %d, %d threads%n", problem.name(),
                            SolverOptions.methodName(config.method()),
                            config.method() == SolverConfig.Method.SOD ? " (" + SolverOptions.escapeName(config.escapeMode()) + ")" : "",
                            problem.rank(), problem.operator().threads());
                }
                result = solver.solve(problem, x0, listener);
                listener.finish();
            }
            double stream = streamGbps != null ? streamGbps : StreamBandwidth.gbps(problem.operator().threads());
            Report.Stats stats = Report.Stats.of(problem, result, stream);
            Report.print(out, problem, result, stats);
            if (saveX != null) {
                Npy.write(saveX, result.x(), result.n(), result.r());
                out.println("saved X:     " + saveX);
            }
            if (json != null) {
                AtomicWrite.text(json, Report.json(config, problem, result, stats, saveX));
                out.println("json:        " + json);
            }
            if (plot != null) {
                Charts.convergence(plot, problem.name() + ", " + SolverOptions.methodName(config.method()), history);
                out.println("plot:        " + plot);
            }
            if (trace != null) out.println("trace:       " + trace);
            out.flush();
            return exitCode(problem, result);
        }
    }

    static int exitCode(Problem problem, Result result) {
        if (result.status() == Result.Status.DIVERGED) return Main.TARGET_MISSED;
        if (problem.hasTruth() && !result.success()) return Main.TARGET_MISSED;
        return Main.OK;
    }
}
