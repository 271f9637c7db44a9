package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.experiment.Cell;
import sod.experiment.IndependentTrials;
import sod.experiment.Names;
import sod.experiment.Outcome;
import sod.experiment.RecordedSettings;
import sod.experiment.SharedPrefixTrials;
import sod.experiment.SolverSettings;
import sod.experiment.Stalls;
import sod.experiment.SweepEngine;
import sod.experiment.SweepSpec;
import sod.experiment.Table;
import sod.experiment.TableFormat;
import sod.experiment.TableJson;
import sod.experiment.Trial;
import sod.experiment.TrialLog;
import sod.experiment.Variant;
import sod.io.WriteFailedException;
import sod.problems.BuiltInProblems;
import sod.solver.SolverConfig;

/**
 * {@code sod sweep}: success rates over a grid of problems, methods and escape modes, with one trial per
 * seed; the options and the printing of {@link SweepSpec}, {@link SweepEngine}, {@link TrialLog} and
 * {@link Table}. Each finished trial is appended and flushed to {@code trials.csv}, so a killed sweep
 * resumes where it stopped and the final table depends only on the recorded trials.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Success-rate experiments: every (n, eps, method, escape) cell solved from --seeds random starts,",
                "in parallel; prints and writes the table (table.csv, table.json) and optionally grouped bars."},
        footer = {"", "A trial succeeds when ||X X^T - M*||_F < 0.05. A trial is the solve 'sod solve' runs with the same",
                "problem, --seed and flags (the same per-problem defaults of the step rule, step and X0 scale).",
                "Escape modes only apply to --method sod; other methods form one cell per (n, eps) with escape '-'.",
                "eps only applies to pmc; other problems form one cell per n (eps '-').",
                "The defaults reproduce the paper's table (spec section 7): PMC, n = 40..80, eps 0.15 and 0.10,",
                "50 seeds, GD vs GD+SOD, step 0.005, X0 = 0.7 N(0,1), 3000 iterations.",
                "", "Examples:",
                "  scripts/sod sweep --out paper                      (the paper's ten-cell table, ~1000 runs)",
                "  scripts/sod sweep --escape tpgd,line-search --plot bars.png",
                "  scripts/sod sweep --n 40 --eps 0.10 --seeds 20 --method sod --escape tpgd,line-search --plot bars.png",
                "  scripts/sod sweep --problem gaussian --n 20,40 --rank 2 --seeds 20 --json gaussian.json",
                "  scripts/sod sweep --out paper --resume ...   (after an interruption: same arguments plus --resume)"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--problem", paramLabel = "NAME", defaultValue = "pmc",
            description = "Built-in problem: pmc, gaussian, rank-one, completion, counterexample, pmc-blocks (r PMC blocks, --n a multiple of --rank) (default: ${DEFAULT-VALUE}).")
    String problem;

    @Option(names = "--n", split = ",", paramLabel = "N",
            description = "Dimensions, comma-separated (default: 40,50,60,70,80; 2 for the counterexample).")
    List<Integer> sizes;

    @Option(names = "--eps", split = ",", paramLabel = "EPS",
            description = "PMC weights off the observed set, comma-separated (default: 0.15,0.10; pmc only).")
    List<Double> epsilons;

    @Option(names = "--m", paramLabel = "M", description = "Measurements for gaussian / rank-one (default: 5 n r).")
    Integer m;

    @Option(names = "--rank", paramLabel = "R", defaultValue = "1", description = "Rank (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--rank-search", paramLabel = "R'",
            description = "Search at rank R' > --rank, then truncate X X^T to --rank and polish (default: none).")
    Integer rankSearch;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "50",
            description = "Trials per cell, seeds 0..K-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--method", split = ",", paramLabel = "METHOD", defaultValue = "gd,sod",
            description = "Methods, comma-separated: gd, sod, restarts, pgd, sgd (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Mixin
    LocalOptions local = new LocalOptions();

    @Option(names = "--escape", split = ",", paramLabel = "MODE", defaultValue = "tpgd",
            description = "Escape modes for sod, comma-separated: tpgd, line-search (default: ${DEFAULT-VALUE}).")
    List<String> escapes;

    @Option(names = "--step", paramLabel = "S",
            description = "Gradient step size; with armijo the largest step tried (default: as sod solve: 0.005 for pmc and the counterexample, else 1000).")
    Double step;

    @Option(names = "--step-rule", paramLabel = "RULE",
            description = "fixed or armijo (default: as sod solve: fixed for pmc and the counterexample, else armijo).")
    String stepRule;

    @Option(names = "--init-scale", paramLabel = "S",
            description = "X0 = S * N(0,1) per entry (default: as sod solve: 0.7 for pmc and the counterexample, else 0.01).")
    Double initScale;

    @Option(names = "--iters", paramLabel = "K", description = "Iteration budget per trial (default: 3000).")
    Integer iterations;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Wall-time budget per trial.")
    Double timeLimit;

    @Option(names = "--threads", paramLabel = "T", description = "Parallel trials (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for trials.csv, table.csv, table.json.")
    Path out;

    @Option(names = "--resume", description = "Continue a sweep in --out: skip the trials already in trials.csv (the settings must be those recorded).")
    boolean resume;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the sweep's settings and its table as JSON (- for standard output; the table then goes to stderr).")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Grouped bars of the success rates.")
    Path plot;

    @Mixin
    StoppingOptions stopping = new StoppingOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SweepSpec sweep = sweepSpec();
        List<Trial> grid = sweep.grid();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        SweepEngine<Trial, Outcome> engine = new SweepEngine<>(workers);
        if (resume && out == null) throw new SodInputException("--resume needs --out DIR (where trials.csv was written)");
        String[] files = new String[TableFormat.FILES.size() + 2];
        files[0] = "trials.csv";
        files[1] = RecordedSettings.FILE_NAME;
        for (int i = 0; i < TableFormat.FILES.size(); i++) files[i + 2] = TableFormat.FILES.get(i).fileName();
        Preflight outputs = new Preflight(spec).folder("--out", out, files).file("--json", json, true).file("--plot", plot, false)
                .check();
        // with --json -, standard output carries the document alone and the table goes to stderr
        PrintWriter report = outputs.usesStandardOutput() ? stderr : stdout;
        if (out != null) createFolder(out);
        TrialLog log = out == null ? TrialLog.inMemory() : TrialLog.open(out.resolve("trials.csv"), resume, RecordedSettings.of(sweep));

        List<Trial> todo = new ArrayList<>();
        for (Trial t : grid) if (!log.contains(t)) todo.add(t);
        if (!common.quiet) {
            stderr.printf(Locale.ROOT, "sweep: %d trials in %d cells, %d already done, %d workers%n", grid.size(),
                    grid.size() / seeds, grid.size() - todo.size(), workers);
        }
        ProgressBar progress = new ProgressBar(stderr, common.quiet, grid.size(), grid.size() - todo.size());
        SweepEngine.Runner<Trial, Outcome> runner = SharedPrefixTrials.applies(sweep) ? new SharedPrefixTrials(sweep)
                : new IndependentTrials(sweep);
        try (log; Stop.Registration stop = Stop.onStop(() -> stop(engine, log, stderr))) {
            engine.run(todo, runner, o -> {
                try {
                    if (log.record(o)) progress.step();
                } catch (RuntimeException e) {
                    engine.requestStop(); // a failed append ends the sweep at once, with the trials written so far
                    throw e;
                }
            });
        } finally {
            progress.finish();
        }

        // every trial is recorded: a signal from here on only marks the stop, the table is still written
        try (Stop.Registration finishing = Stop.finishing()) {
            Table table = Table.of(grid, log.outcomes());
            printTable(report, table);
            report.flush();
            if (out != null) {
                StringBuilder wrote = new StringBuilder("wrote " + log.file());
                for (TableFormat format : TableFormat.FILES) {
                    AtomicWrite.text(out.resolve(format.fileName()), format.render(table));
                    wrote.append(", ").append(out.resolve(format.fileName()));
                }
                report.println(wrote);
            }
            if (json != null) {
                String document = TableJson.document(sweep, table);
                if (outputs.toStandardOutput("--json")) {
                    stdout.print(document);
                    if (!document.endsWith("\n")) stdout.println();
                    TextOutput.standardOutput(stdout).commit();
                } else {
                    AtomicWrite.text(json, document);
                }
                report.println("json: " + json);
            }
            if (plot != null) {
                Charts.successBars(plot, table);
                report.println("plot: " + plot);
            }
            report.flush();
            return Main.OK;
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw WriteFailedException.writing(folder, e);
        }
    }

    /** On SIGINT/SIGTERM: stop the trials, seal trials.csv and exit with {@link Stop#EXIT_CODE}. */
    private void stop(SweepEngine<Trial, Outcome> engine, TrialLog log, PrintWriter err) {
        engine.requestStop();
        int recorded = log.seal();
        if (!common.quiet) {
            err.println();
            err.println("sod: sweep stopped; " + recorded + " trials are in " + (log.file() == null ? "memory only (no --out)"
                    : log.file() + "; rerun the same command with --resume to finish"));
        }
        err.flush();
        Stop.exit();
    }

    /** The sweep the options describe (validated). */
    SweepSpec sweepSpec() {
        if (seeds < 1) throw new SodInputException("--seeds must be >= 1, got " + seeds);
        if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank);
        if (m != null && m < 1) throw new SodInputException("--m must be >= 1, got " + m);
        SolverSettings settings = new SolverSettings(stepRule == null ? null : Names.stepRule(stepRule), step, iterations,
                timeLimit, initScale, stopping.stopping(), local.settings(null));
        List<Variant> variants = new ArrayList<>();
        for (SolverConfig.LocalMethod l : local.methods()) {
            for (String method : methods) {
                SolverConfig.Method parsed = SolverOptions.parseMethod(method);
                if (parsed == SolverConfig.Method.SOD) {
                    for (String escape : escapes) variants.add(Variant.sod(Names.escapeMode(escape)).under(l));
                } else {
                    variants.add(Variant.of(parsed).under(l));
                }
            }
        }
        if (rankSearch != null && rankSearch < 1) throw new SodInputException("--rank-search: must be >= 1, got " + rankSearch
                + "; give r' >= --rank");
        return new SweepSpec(BuiltInProblems.named(problem), sizes, epsilons, variants, seeds, m == null ? 0 : m, rank, 0,
                settings, rankSearch == null ? 0 : rankSearch);
    }

    static void printTable(PrintWriter out, Table table) {
        int width = 8; // the method column widens for names such as trust-region+restarts
        for (Cell c : table.cells()) width = Math.max(width, c.variant().methodName().length());
        String method = "%-" + width + "s";
        out.printf(Locale.ROOT, "%6s %6s " + method + " %-12s %12s %14s %7s %15s %12s %27s%n", "n", "eps", "method", "escape",
                "successRate", "95% interval", "trials", "meanIterations", "meanSeconds", "stalls saddle/spur/glob/ns");
        for (Cell c : table.cells()) {
            out.printf(Locale.ROOT, "%6d %6s " + method + " %-12s %12.3f %14s %7d %15.1f %12.4f %27s%n", c.n(), c.epsText(),
                    c.variant().methodName(), c.variant().escapeName(), c.successRate(),
                    c.trials() == 0 ? "-" : String.format(Locale.ROOT, "[%.2f, %.2f]", c.successLow95(), c.successHigh95()),
                    c.trials(), c.meanIterations(),
                    c.meanSeconds(), c.stalls().slashed());
        }
        Stalls total = table.stalls();
        out.printf(Locale.ROOT, "stalls (escape attempts) by kind: %d strict saddle, %d spurious second-order, %d global optimum,"
                + " %d not stationary%n", total.saddle(), total.spurious(), total.global(), total.notStationary());
    }
}
