package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.experiment.Names;
import sod.io.Npy;
import sod.problems.LargestResiduals;
import sod.problems.Problem;
import sod.problems.ProblemFiles;
import sod.solver.Listener;
import sod.solver.RankSearch;
import sod.solver.Result;
import sod.solver.RobustConfig;
import sod.solver.RobustSubgradientSolver;
import sod.solver.SpectralInit;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/** {@code sod solve}: one run of GD / GD+SOD / a baseline on a built-in problem or on files. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recover M* = Z Z^T by gradient descent on h(X) = 1/2 ||A(X X^T) - b||^2, escaping spurious",
                "local minima with SOD. Progress goes to stderr, the result to stdout (--stats: and the statistics)."},
        footer = {"", "Exit codes: 0 target reached (or no target known), 1 target not reached, 2 bad input (nothing written), 3 environment (a failed write, OpenBLAS, memory), 4 internal error, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.",
                "", "Examples:",
                "  scripts/sod solve --problem pmc --n 40 --eps 0.10 --seed 3",
                "  scripts/sod solve --problem pmc --n 40 --method gd --plot gd.png --trace gd.csv --trace-every 10",
                "  scripts/sod solve --problem gaussian --n 50 --rank 2 --escape line-search --json run.json",
                "  scripts/sod solve --operator A.npy --measurements b.npy --truth Z.npy --save-x X.npy",
                "  scripts/sod solve --observed entries.mtx --rank 3 --step 0.5 --iters 20000",
                "  scripts/sod solve --engine spark --master local[2] --observed obs.parquet --rank 10 --engine-opt delta=0.5",
                "  scripts/sod solve --problem gaussian --n 50 --rank 3 --loss l1 --outliers 0.2 --rank-search 10 --init spectral",
                "  scripts/sod solve --problem pmc --n 80 --eps 0.10 --local lm            (Levenberg-Marquardt + SOD escapes)",
                "  scripts/sod solve --problem pmc --n 80 --eps 0.10 --local trust-region --method gd --rank-search 2",
                "", "With --loss l1, --step is the subgradient method's initial step eta (default 0.05) and --method,",
                "--escape, --init-scale do not apply."})
final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    SolverOptions solverOptions = new SolverOptions();

    @Mixin
    EngineOptions engine = new EngineOptions();

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

    @Option(names = "--stats", description = "Print the full statistics: throughput, bandwidth, latency, time split, stalls.")
    boolean fullStats;

    @Option(names = "--stream-gbps", paramLabel = "GBPS",
            description = "The machine's streaming bandwidth for the efficiency figures (default: measured once, 256 MB, with --stats or --json; 0 skips).")
    Double streamGbps;

    @Option(names = "--checkpoint", paramLabel = "X.npy",
            description = "Save the current X here every --checkpoint-every seconds, at the end and on SIGINT/SIGTERM; resume with --x0.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
    double checkpointEvery;

    @Mixin
    RobustOptions robust = new RobustOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (traceEvery < 1) throw new SodInputException("--trace-every must be >= 1, got " + traceEvery);
        if (streamGbps != null && !(streamGbps >= 0)) throw new SodInputException("--stream-gbps must be >= 0, got " + streamGbps);
        if (!(checkpointEvery > 0)) throw new SodInputException("--checkpoint-every must be > 0 seconds, got " + checkpointEvery);
        if (robust.l1() && checkpoint != null) throw new SodInputException("--checkpoint: applies to the l2 loss only; drop it with --loss l1");
        Preflight.refuseIgnoredOptions(spec);
        Preflight outputs = new Preflight(spec).file("--json", json, true).file("--trace", trace, true).file("--plot", plot, false)
                .file("--save-x", saveX, false).file("--checkpoint", checkpoint, false)
                .mayOverwrite("--checkpoint", "--x0") // X0 is read whole before the first checkpoint: the resume loop
                .check();
        // with --json - or --trace -, standard output carries the data alone and the report goes to stderr
        PrintWriter report = outputs.usesStandardOutput() ? err : out;
        if (robust.l1()) return solveL1(outputs, out, report, err);
        robust.checkL2();
        if (solverOptions.x0 != null && robust.init != null) throw new SodInputException("--x0 and --init both given; use one");
        SolverConfig config = solverOptions.config(problemOptions.seed, problemOptions.solverDefaults());
        try (Problem problem = engine.local() ? problemOptions.build() : engine.build(problemOptions, config);
             Solver solver = new Solver(config)) {
            engine.prime(solver, problem);
            int searchRank = robust.searchRank(problem.rank());
            // --rank-search r': search at r', then the rank-r truncation and a polish (RankSearch)
            RankSearch rankSearch = searchRank == problem.rank() ? null : rankSearch(config, problem, searchRank);
            double[] x0 = solverOptions.x0 != null ? ProblemFiles.readX0(solverOptions.x0, problem.n(), searchRank)
                    : problemOptions.fileX0(searchRank) != null ? problemOptions.fileX0(searchRank) // X0 of a --problem-file
                    : robust.spectral() ? SpectralInit.plain(problem.operator(), problem.b(), searchRank) : null;
            if (solverOptions.lifted()) LiftedMethod.checkFits(problem, solverOptions.liftedOrder());
            History history = plot == null ? null : new History();
            Result result;
            // one registration for the whole run: a signal during the solve stops it (STOPPED, with its
            // result), one after it only marks the stop, and the result is still printed and written
            try (RankSearch search = rankSearch;
                 Stop.Registration stop = Stop.onStop(search == null ? solver::requestStop : search::requestStop)) {
                try (ProgressListener listener = new ProgressListener(err, common.quiet, history, traceOutput(outputs, out), traceEvery,
                        new ProgressListener.Budget(config.stopping().maxIterations(), config.stopping().timeBudgetSeconds()))) {
                    if (!common.quiet) {
                        err.printf("solving %s with %s%s%s, r = %d%s, %d threads%n", problem.name(),
                                solverOptions.lifted() ? "lifted (l = " + solverOptions.liftedOrder() + ")"
                                        : Names.of(config.method()),
                                config.method() == SolverConfig.Method.SOD ? " (" + Names.of(config.sod().escapeMode()) + ")" : "",
                                solverOptions.lifted() ? "" : ", local method " + Names.of(config.descent().local()),
                                problem.rank(), search == null ? "" : " (searched at r' = " + searchRank + ")",
                                problem.operator().threads());
                    }
                    Checkpointer checkpoints = checkpoint == null ? null
                            : new Checkpointer(listener, solver, checkpoint, checkpointEvery, problem.n(), problem.rank());
                    Listener l = checkpoints == null ? listener : checkpoints;
                    result = solverOptions.lifted()
                            ? LiftedMethod.solve(problem, config, solverOptions.liftedOrder(), x0, l)
                            : search != null ? search.solve(problem, x0, l) : solver.solve(problem, x0, l);
                    listener.finish();
                    if (checkpoints != null) checkpoints.save(result.x());
                }
                double stream = streamGbps != null ? streamGbps
                        : fullStats || json != null ? StreamBandwidth.gbps(problem.operator().threads()) : 0;
                Throughput stats = Throughput.of(problem, result, config.sod().chargeProbeSteps(), stream);
                Report.print(report, problem, result, stats, fullStats);
                report.flush();
                if (saveX != null) {
                    Npy.write(saveX, result.x(), result.n(), result.r());
                    report.println("saved X:     " + saveX);
                }
                if (json != null) {
                    writeJson(outputs, out, ResultJson.l2(config, problem, result, stats, saveX));
                    report.println("json:        " + json);
                }
                if (plot != null) {
                    Charts.convergence(plot, problem.name() + ", " + Names.of(config.method()), history,
                            ConvergencePlot.Guides.l2(config.stopping(), problem));
                    report.println("plot:        " + plot);
                }
                if (trace != null) report.println("trace:       " + trace);
                if (checkpoint != null) report.println("checkpoint:  " + checkpoint + "  (resume with --x0 " + checkpoint + ")");
                report.flush();
                return exitCode(problem, result);
            }
        }
    }

    /** The trace's destination: a file, or standard output for {@code --trace -}. */
    private TextOutput traceOutput(Preflight outputs, PrintWriter out) {
        if (trace == null) return null;
        return outputs.toStandardOutput("--trace") ? TextOutput.standardOutput(out) : TextOutput.file(trace);
    }

    /** The JSON document to its file, or to standard output for {@code --json -}. */
    private void writeJson(Preflight outputs, PrintWriter out, String document) {
        if (outputs.toStandardOutput("--json")) {
            out.print(document);
            if (!document.endsWith("\n")) out.println();
            TextOutput.standardOutput(out).commit();
        } else {
            AtomicWrite.text(json, document);
        }
    }

    /** The over-parameterised search of {@code --rank-search r'} on the l2 loss, checked against the other options. */
    private RankSearch rankSearch(SolverConfig config, Problem problem, int searchRank) {
        if (searchRank < problem.rank()) {
            throw new SodInputException("--rank-search: r' = " + searchRank + " is below the rank " + problem.rank()
                    + " of M*; give r' >= " + problem.rank() + " (the search is then truncated to rank " + problem.rank() + ")");
        }
        if (solverOptions.lifted()) throw new SodInputException("--rank-search: not with --method lifted; drop one of them");
        if (checkpoint != null) {
            throw new SodInputException("--checkpoint: not with --rank-search (the search and the polish have different ranks);"
                    + " drop one of them");
        }
        return new RankSearch(config, searchRank);
    }

    /** {@code --loss l1}: the robust subgradient method. */
    private int solveL1(Preflight outputs, PrintWriter out, PrintWriter report, PrintWriter err) {
        if (solverOptions.x0 != null && robust.init != null) throw new SodInputException("--x0 and --init both given; use one");
        RobustConfig config = robust.config(solverOptions.step, solverOptions.iterations, problemOptions.seed);
        if (!engine.local()) throw new SodInputException("--loss l1: not with --engine " + engine.engine + " yet; use the l2 loss there");
        try (Problem problem = problemOptions.build()) {
            RobustSubgradientSolver solver = new RobustSubgradientSolver(config);
            int searchRank = solver.searchRank(problem);
            double[] x0 = solverOptions.x0 == null ? problemOptions.fileX0(searchRank) : ProblemFiles.readX0(solverOptions.x0, problem.n(), searchRank);
            History history = plot == null ? null : new History();
            RobustSubgradientSolver.Result result;
            // the subgradient method has no stop request: a signal interrupts its thread, which it honours
            Thread solving = Thread.currentThread();
            try (Stop.Registration stop = Stop.onStop(solving::interrupt)) {
                try (ProgressListener listener = new ProgressListener(err, common.quiet, history, traceOutput(outputs, out), traceEvery,
                        new ProgressListener.Budget(config.iterations(), Double.POSITIVE_INFINITY))) {
                    if (!common.quiet) {
                        err.printf(Locale.ROOT, "solving %s with the l1 subgradient method, r' = %d, %s init (alpha %.3g),"
                                        + " eta %.3g, rho %.4g, %d threads%n", problem.name(), searchRank,
                                x0 != null ? "given" : config.init().name().toLowerCase(Locale.ROOT), config.alpha(), config.eta(),
                                config.rho(), problem.operator().threads());
                    }
                    result = solver.solve(problem, x0, listener);
                    listener.finish();
                }
                Thread.interrupted(); // a stop after the last iteration: the output below must not be interrupted
                report.printf(Locale.ROOT, "problem:     %s  (n %d, m %d, r' %d)%n", problem.name(), problem.n(), problem.m(), result.r());
                report.printf(Locale.ROOT, "result:      %s  f %s  distance %s  relative error %s  iterations %d  time %.3f s%n",
                        result.status(), Report.number("%.4e", result.f()), unknownOr(result.distance()),
                        unknownOr(result.relativeError()), result.iterations(), result.seconds());
                if (result.seconds() >= Throughput.MIN_SECONDS) {
                    report.printf("throughput:  %s it/s%n", Units.si(result.iterations() / result.seconds()));
                }
                if (result.status() == RobustSubgradientSolver.Status.DIVERGED) {
                    report.println("note:        diverged; try a smaller --step (the initial step eta, now " + config.eta() + ")");
                }
                // a diverged fit has no residuals worth naming
                LargestResiduals largest = result.status() == RobustSubgradientSolver.Status.DIVERGED ? null
                        : largestResiduals(report, problem, result);
                report.flush();
                if (saveX != null) {
                    Npy.write(saveX, result.x(), result.n(), result.r());
                    report.println("saved X:     " + saveX);
                }
                if (json != null) {
                    writeJson(outputs, out, ResultJson.l1(config, problem, result, saveX, largest));
                    report.println("json:        " + json);
                }
                if (plot != null) {
                    Charts.convergence(plot, problem.name() + ", l1 subgradient", history, ConvergencePlot.Guides.l1());
                    report.println("plot:        " + plot);
                }
                if (trace != null) report.println("trace:       " + trace);
                report.flush();
                if (Stop.requested()) return Stop.exitCode();
                if (result.status() == RobustSubgradientSolver.Status.DIVERGED) return Main.TARGET_MISSED;
                return problem.hasTruth() && !(result.distance() < SolverConfig.PAPER_TARGET_DISTANCE)
                        ? Main.TARGET_MISSED : Main.OK;
            }
        }
    }

    /** A figure, "unknown" when it cannot be computed (no truth), "inf" past overflow; never NaN. */
    private static String unknownOr(double value) {
        return Double.isNaN(value) ? "unknown" : Report.number("%.4e", value);
    }

    /**
     * The measurements the l1 fit explains worst (issue 15: name the corrupted ones), printed on one line;
     * kept apart from the solve so that the l1 output proper is unchanged.
     */
    private static LargestResiduals largestResiduals(PrintWriter out, Problem problem, RobustSubgradientSolver.Result result) {
        LargestResiduals largest = LargestResiduals.of(problem, result.x(), result.r(), 10);
        out.println("residuals:   largest |r_i| " + largest.summary());
        return largest;
    }

    static int exitCode(Problem problem, Result result) {
        if (result.status() == Result.Status.STOPPED) return Stop.exitCode();
        return result.success() ? Main.OK : Main.TARGET_MISSED;
    }
}
