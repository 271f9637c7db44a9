package sod.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.SodInputException;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.Sweep;

/**
 * {@code sod sweep}: success rates over a grid of problems, methods and escape modes, with one trial per
 * seed. Trials run on a pool of worker threads (one single-threaded operator each); each finished trial
 * is appended and flushed to {@code trials.csv}, so a killed sweep resumes where it stopped and the
 * final table depends only on the recorded trials.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Success-rate experiments: every (n, eps, method, escape) cell solved from --seeds random starts,",
                "in parallel; prints and writes the table (table.csv, table.json) and optionally grouped bars."},
        footer = {"", "A trial succeeds when ||X X^T - M*||_F < 0.05. Escape modes only apply to --method sod;",
                "other methods form one cell per (n, eps) with escape '-'.",
                "The defaults reproduce the paper's table (spec section 7): PMC, n = 40..80, eps 0.15 and 0.10,",
                "50 seeds, GD vs GD+SOD, step 0.005, X0 = 0.7 N(0,1), 3000 iterations.",
                "", "Examples:",
                "  scripts/sod sweep --out paper                      (the paper's ten-cell table, ~1000 runs)",
                "  scripts/sod sweep --escape tpgd,line-search --plot bars.png",
                "  scripts/sod sweep --n 40 --eps 0.10 --seeds 20 --method sod --escape tpgd,line-search --plot bars.png",
                "  scripts/sod sweep --out paper --resume ...   (after an interruption: same arguments plus --resume)"})
final class SweepCommand implements Callable<Integer> {
    static final String TRIALS_HEADER = "problem,n,eps,method,escape,seed,success,iterations,seconds,distance,h,escapes,status,"
            + "stalls_saddle,stalls_spurious,stalls_global,stalls_not_stationary";

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", paramLabel = "NAME", defaultValue = "pmc",
            description = "Built-in problem (default: ${DEFAULT-VALUE}); eps only matters for pmc.")
    String problem;

    @Option(names = "--n", split = ",", paramLabel = "N", defaultValue = "40,50,60,70,80",
            description = "Dimensions, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--eps", split = ",", paramLabel = "EPS", defaultValue = "0.15,0.10",
            description = "PMC weights off the observed set, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Option(names = "--m", paramLabel = "M", description = "Measurements for gaussian / rank-one (default: 5 n r).")
    Integer m;

    @Option(names = "--rank", paramLabel = "R", defaultValue = "1", description = "Rank (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "50",
            description = "Trials per cell, seeds 0..K-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--method", split = ",", paramLabel = "METHOD", defaultValue = "gd,sod",
            description = "Methods, comma-separated: gd, sod, pgd, sgd (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--escape", split = ",", paramLabel = "MODE", defaultValue = "tpgd",
            description = "Escape modes for sod, comma-separated: tpgd, line-search (default: ${DEFAULT-VALUE}).")
    List<String> escapes;

    @Option(names = "--step", paramLabel = "S", description = "Gradient step size (default: 0.005).")
    Double step;

    @Option(names = "--iters", paramLabel = "K", description = "Iteration budget per trial (default: 3000).")
    Integer iterations;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Wall-time budget per trial.")
    Double timeLimit;

    @Option(names = "--threads", paramLabel = "T", description = "Parallel trials (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for trials.csv, table.csv, table.json.")
    Path out;

    @Option(names = "--resume", description = "Continue a sweep in --out: skip the trials already in trials.csv.")
    boolean resume;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Grouped bars of the success rates.")
    Path plot;

    @Mixin
    CommonOptions common = new CommonOptions();

    /** One trial of the grid. */
    record Trial(String problem, int n, double eps, String method, String escape, long seed) {
        String key() {
            return problem + "," + n + "," + eps + "," + method + "," + escape + "," + seed;
        }

        Cell.Key cell() {
            return new Cell.Key(n, eps, method, escape);
        }
    }

    /** A finished trial, one line of trials.csv. */
    record Outcome(Trial trial, boolean success, int iterations, double seconds, double distance, double h, long escapes,
                   String status, Stalls stalls) {
        String csv() {
            Trial t = trial;
            return t.key() + "," + success + "," + iterations + "," + seconds + "," + distance + "," + h + "," + escapes + "," + status
                    + "," + stalls.saddle() + "," + stalls.spurious() + "," + stalls.global() + "," + stalls.notStationary();
        }

        static Outcome parse(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 17) throw new IllegalArgumentException("expected 17 fields");
            Trial t = new Trial(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), f[3], f[4], Long.parseLong(f[5]));
            if (!f[6].equals("true") && !f[6].equals("false")) throw new IllegalArgumentException("success");
            return new Outcome(t, Boolean.parseBoolean(f[6]), Integer.parseInt(f[7]), Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]), Double.parseDouble(f[10]), Long.parseLong(f[11]), f[12],
                    new Stalls(Integer.parseInt(f[13]), Integer.parseInt(f[14]), Integer.parseInt(f[15]), Integer.parseInt(f[16])));
        }
    }

    /** Escape attempts of a trial (or cell) by the verdict of the stalled point ({@link StationaryPointAnalysis}). */
    record Stalls(int saddle, int spurious, int global, int notStationary) {
        static final Stalls NONE = new Stalls(0, 0, 0, 0);

        static Stalls of(Result r) {
            return of(r.escapes());
        }

        static Stalls of(List<Escape> escapes) {
            int[] c = new int[4];
            for (Escape e : escapes) {
                if (e.verdict() == null) continue;
                switch (e.verdict()) {
                    case STRICT_SADDLE -> c[0]++;
                    case SPURIOUS_SECOND_ORDER -> c[1]++;
                    case GLOBAL_OPTIMUM -> c[2]++;
                    case NOT_STATIONARY -> c[3]++;
                }
            }
            return new Stalls(c[0], c[1], c[2], c[3]);
        }

        Stalls plus(Stalls o) {
            return new Stalls(saddle + o.saddle, spurious + o.spurious, global + o.global, notStationary + o.notStationary);
        }
    }

    /** One row of the table. */
    record Cell(int n, double eps, String method, String escape, double successRate, int trials, double meanIterations,
                Stalls stalls, double meanSeconds) {
        record Key(int n, double eps, String method, String escape) {
        }

        String groupLabel() {
            return "n=" + n + " eps=" + eps;
        }

        String seriesLabel() {
            return escape.equals("-") ? method : method + " (" + escape + ")";
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<Trial> grid = grid();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) throw new SodInputException("--threads must be >= 1, got " + workers);

        Map<String, Outcome> done = new LinkedHashMap<>();
        Path trialsFile = out == null ? null : out.resolve("trials.csv");
        if (out != null) {
            Files.createDirectories(out);
            if (Files.exists(trialsFile)) {
                if (!resume) {
                    throw new SodInputException(trialsFile + " already exists; add --resume to continue that sweep or choose another --out");
                }
                for (Outcome o : readTrials(trialsFile)) done.put(o.trial().key(), o);
            }
            // Rewrite the kept lines (drops a line cut by a kill), then append as trials finish.
            StringBuilder kept = new StringBuilder(TRIALS_HEADER).append('\n');
            for (Outcome o : done.values()) kept.append(o.csv()).append('\n');
            AtomicWrite.text(trialsFile, kept.toString());
        } else if (resume) {
            throw new SodInputException("--resume needs --out DIR (where trials.csv was written)");
        }

        List<Trial> todo = new ArrayList<>();
        for (Trial t : grid) if (!done.containsKey(t.key())) todo.add(t);
        if (!common.quiet) {
            stderr.printf(Locale.ROOT, "sweep: %d trials in %d cells, %d already done, %d workers%n", grid.size(),
                    grid.size() / seeds, grid.size() - todo.size(), workers);
        }
        Progress progress = new Progress(stderr, common.quiet, grid.size(), grid.size() - todo.size());
        TrialLog log = new TrialLog(trialsFile, done, progress);
        try (Stop.Registration stop = Stop.onStop(() -> log.stop(stderr, common.quiet))) {
            if (solverSweepApplies()) runWithSolverSweep(grid, done, workers, log);
            else runOnPool(todo, workers, log);
        } finally {
            log.close();
            progress.finish();
        }

        List<Cell> table = table(grid, done);
        printTable(stdout, table);
        if (out != null) {
            AtomicWrite.text(out.resolve("table.csv"), tableCsv(table));
            AtomicWrite.text(out.resolve("table.json"), tableJson(table));
            stdout.println("wrote " + trialsFile + ", " + out.resolve("table.csv") + ", " + out.resolve("table.json"));
        }
        if (plot != null) {
            Charts.successBars(plot, table);
            stdout.println("plot: " + plot);
        }
        stdout.flush();
        return Main.OK;
    }

    List<Trial> grid() {
        if (seeds < 1) throw new SodInputException("--seeds must be >= 1, got " + seeds);
        if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank);
        String name = problem.toLowerCase(Locale.ROOT);
        if (!Problems.BUILT_IN.contains(name)) {
            throw new SodInputException("unknown problem '" + problem + "'; choose one of " + String.join(", ", Problems.BUILT_IN));
        }
        for (int n : sizes) if (n < 1) throw new SodInputException("--n values must be >= 1, got " + n);
        for (double e : epsilons) {
            if (!(e > 0) || !Double.isFinite(e)) throw new SodInputException("--eps values must be finite and > 0, got " + e);
        }
        SolverOptions.apply(SolverConfig.builder(), step, iterations, timeLimit, null); // validates early
        List<String[]> variants = new ArrayList<>();
        for (String method : methods) {
            SolverConfig.Method m = SolverOptions.parseMethod(method);
            if (m == SolverConfig.Method.SOD) {
                for (String escape : escapes) {
                    variants.add(new String[] {SolverOptions.methodName(m), SolverOptions.escapeName(SolverOptions.parseEscape(escape))});
                }
            } else {
                variants.add(new String[] {SolverOptions.methodName(m), "-"});
            }
        }
        List<Trial> grid = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int n : sizes)
            for (double eps : epsilons)
                for (String[] v : variants)
                    for (long seed = 0; seed < seeds; seed++) {
                        Trial t = new Trial(name, n, eps, v[0], v[1], seed);
                        if (seen.add(t.key())) grid.add(t);
                    }
        return grid;
    }

    /**
     * PMC with plain GD and GD+SOD is the paper's experiment, which {@link Sweep} runs with the RIP
     * constant estimated once per cell and GD's prefix shared by the GD+SOD trials of the same seed
     * (bitwise the same trials as independent runs, about a quarter less work). Other problems and
     * methods run one independent solve per trial on a pool.
     */
    boolean solverSweepApplies() {
        if (!problem.toLowerCase(Locale.ROOT).equals("pmc") || rank != 1) return false;
        for (String method : methods) {
            SolverConfig.Method mth = SolverOptions.parseMethod(method);
            if (mth != SolverConfig.Method.GD && mth != SolverConfig.Method.SOD) return false;
        }
        return true;
    }

    private void runWithSolverSweep(List<Trial> grid, Map<String, Outcome> done, int workers, TrialLog log) {
        java.util.LinkedHashSet<Sweep.Cell> cells = new java.util.LinkedHashSet<>();
        boolean gd = false;
        java.util.LinkedHashSet<SolverConfig.EscapeMode> modes = new java.util.LinkedHashSet<>();
        for (Trial t : grid) {
            cells.add(new Sweep.Cell(t.n(), t.eps()));
            if (t.method().equals("gd")) gd = true;
            else modes.add(SolverOptions.parseEscape(t.escape()));
        }
        SolverConfig.Builder base = SolverConfig.paper().toBuilder();
        SolverOptions.apply(base, step, iterations, timeLimit, null);
        String name = problem.toLowerCase(Locale.ROOT);
        java.util.Set<String> already = java.util.Set.copyOf(done.keySet()); // done itself grows concurrently
        java.util.function.Predicate<Sweep.TrialKey> skip = key -> already.contains(trialOf(name, key).key());
        Sweep.run(new Sweep.Options(new ArrayList<>(cells), seeds, gd, new ArrayList<>(modes), workers, base.build(), skip),
                t -> log.record(new Outcome(trialOf(name, t.key()), t.success(), t.iterations(), t.seconds(), t.distance(),
                        t.h(), t.escapesAccepted(), t.status().name(), Stalls.of(t.escapes()))));
    }

    private static Trial trialOf(String problem, Sweep.TrialKey key) {
        String method = key.variant() == Sweep.Variant.GD ? "gd" : "sod";
        String escape = switch (key.variant()) {
            case GD -> "-";
            case SOD_TPGD -> SolverOptions.escapeName(SolverConfig.EscapeMode.TPGD);
            case SOD_LINE_SEARCH -> SolverOptions.escapeName(SolverConfig.EscapeMode.LINE_SEARCH);
        };
        return new Trial(problem, key.cell().n(), key.cell().eps(), method, escape, key.seed());
    }

    private void runOnPool(List<Trial> todo, int workers, TrialLog log) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sod-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : todo) futures.add(pool.submit(() -> log.record(runTrial(t)), null));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) throw cause;
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Finished trials: kept in memory and appended to trials.csv, one flushed line each, under one lock,
     * so a stop (signal) never cuts a line: it takes the same lock, closes the file and ignores what
     * finishes afterwards.
     */
    static final class TrialLog implements AutoCloseable {
        private final Path file;
        private final Map<String, Outcome> done;
        private final Progress progress;
        private BufferedWriter appender;
        private boolean stopped;

        TrialLog(Path file, Map<String, Outcome> done, Progress progress) throws IOException {
            this.file = file;
            this.done = done;
            this.progress = progress;
            this.appender = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }

        /**
         * Test hook: milliseconds to sleep after each recorded trial (system property
         * {@code sod.sweep.throttleMillis}), so a test can stop a sweep of fast trials midway.
         */
        private static final long THROTTLE_MILLIS = Long.getLong("sod.sweep.throttleMillis", 0);

        void record(Outcome o) {
            append(o);
            if (THROTTLE_MILLIS > 0) {
                try {
                    Thread.sleep(THROTTLE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized void append(Outcome o) {
            if (stopped) return;
            done.put(o.trial().key(), o);
            if (appender != null) {
                try {
                    appender.write(o.csv() + "\n");
                    appender.flush();
                } catch (IOException e) {
                    throw new SodInputException("cannot append to " + file + ": " + e.getMessage() + "; check the disk", e);
                }
            }
            progress.step();
        }

        /** On SIGINT/SIGTERM: seal the file and exit with {@link Stop#EXIT_CODE}. */
        void stop(PrintWriter err, boolean quiet) {
            int recorded;
            synchronized (this) {
                stopped = true;
                close();
                recorded = done.size();
            }
            if (!quiet) {
                err.println();
                err.println("sod: sweep stopped; " + recorded + " trials are in " + (file == null ? "memory only (no --out)" : file
                        + "; rerun the same command with --resume to finish"));
            }
            err.flush();
            Stop.exit();
        }

        @Override
        public synchronized void close() {
            if (appender == null) return;
            try {
                appender.close();
            } catch (IOException ignored) {
                // every recorded line was flushed when it was written
            }
            appender = null;
        }
    }

    private Outcome runTrial(Trial t) {
        SolverConfig.Builder b = SolverConfig.paper().toBuilder().method(SolverOptions.parseMethod(t.method())).seed(t.seed());
        if (!t.escape().equals("-")) b.escapeMode(SolverOptions.parseEscape(t.escape()));
        SolverOptions.apply(b, step, iterations, timeLimit, null);
        try (Problem p = Problems.builtIn(t.problem(), t.n(), m == null ? 0 : m, rank, t.eps(), t.seed(), 0, 1);
             Solver solver = new Solver(b.build())) {
            Result r = solver.solve(p);
            return new Outcome(t, r.success(), r.iterations(), r.totalSeconds(), r.distance(), r.h(), r.acceptedEscapes(),
                    r.status().name(), Stalls.of(r));
        }
    }

    /** The recorded trials; a malformed line (a kill mid-write) and anything after it are dropped. */
    static List<Outcome> readTrials(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<Outcome> outcomes = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        // The last element is "" when the file ends with a newline, else a partial line: ignore it either way.
        for (int i = 1; i < lines.length - 1; i++) {
            try {
                outcomes.add(Outcome.parse(lines[i]));
            } catch (RuntimeException e) {
                break;
            }
        }
        if (lines.length > 0 && !lines[0].equals(TRIALS_HEADER)) {
            throw new SodInputException(file + " is not a trials file of this sweep version (header differs); use a new --out");
        }
        return outcomes;
    }

    /** Aggregates per cell, in grid order, over the trials of the grid (order-independent). */
    static List<Cell> table(List<Trial> grid, Map<String, Outcome> done) {
        Map<Cell.Key, List<Outcome>> byCell = new LinkedHashMap<>();
        for (Trial t : grid) {
            List<Outcome> list = byCell.computeIfAbsent(t.cell(), k -> new ArrayList<>());
            Outcome o = done.get(t.key());
            if (o != null) list.add(o);
        }
        List<Cell> cells = new ArrayList<>();
        for (var e : byCell.entrySet()) {
            List<Outcome> list = e.getValue();
            // Sum in seed order so the means do not depend on completion order.
            list.sort(java.util.Comparator.comparingLong(o -> o.trial().seed()));
            int successes = 0;
            double iterations = 0, seconds = 0;
            Stalls stalls = Stalls.NONE;
            for (Outcome o : list) {
                stalls = stalls.plus(o.stalls());
                if (o.success()) successes++;
                iterations += o.iterations();
                seconds += o.seconds();
            }
            int count = list.size();
            Cell.Key k = e.getKey();
            cells.add(new Cell(k.n(), k.eps(), k.method(), k.escape(), count == 0 ? Double.NaN : successes / (double) count,
                    count, count == 0 ? Double.NaN : iterations / count, stalls, count == 0 ? Double.NaN : seconds / count));
        }
        return cells;
    }

    static void printTable(PrintWriter out, List<Cell> table) {
        out.printf(Locale.ROOT, "%6s %6s %-8s %-12s %12s %7s %15s %12s %27s%n", "n", "eps", "method", "escape", "successRate",
                "trials", "meanIterations", "meanSeconds", "stalls saddle/spur/glob/ns");
        for (Cell c : table) {
            Stalls s = c.stalls();
            out.printf(Locale.ROOT, "%6d %6s %-8s %-12s %12.3f %7d %15.1f %12.4f %27s%n", c.n(), c.eps(), c.method(), c.escape(),
                    c.successRate(), c.trials(), c.meanIterations(), c.meanSeconds(),
                    s.saddle() + "/" + s.spurious() + "/" + s.global() + "/" + s.notStationary());
        }
        Stalls total = Stalls.NONE;
        for (Cell c : table) total = total.plus(c.stalls());
        out.printf(Locale.ROOT, "stalls (escape attempts) by kind: %d strict saddle, %d spurious second-order, %d global optimum,"
                + " %d not stationary%n", total.saddle(), total.spurious(), total.global(), total.notStationary());
    }

    static String tableCsv(List<Cell> table) {
        StringBuilder s = new StringBuilder("n,eps,method,escape,successRate,trials,meanIterations,stallsSaddle,stallsSpurious,"
                + "stallsGlobal,stallsNotStationary,meanSeconds\n");
        for (Cell c : table) {
            Stalls st = c.stalls();
            s.append(c.n()).append(',').append(c.eps()).append(',').append(c.method()).append(',').append(c.escape())
                    .append(',').append(c.successRate()).append(',').append(c.trials()).append(',')
                    .append(c.meanIterations()).append(',').append(st.saddle()).append(',').append(st.spurious()).append(',')
                    .append(st.global()).append(',').append(st.notStationary()).append(',').append(c.meanSeconds()).append('\n');
        }
        return s.toString();
    }

    static String tableJson(List<Cell> table) {
        Json j = new Json().beginArray();
        for (Cell c : table) {
            j.beginObject().member("n", c.n()).member("eps", c.eps()).member("method", c.method())
                    .member("escape", c.escape()).member("successRate", c.successRate()).member("trials", c.trials())
                    .member("meanIterations", c.meanIterations()).member("meanSeconds", c.meanSeconds())
                    .name("stalls").beginObject().member("strictSaddle", c.stalls().saddle())
                    .member("spuriousSecondOrder", c.stalls().spurious()).member("globalOptimum", c.stalls().global())
                    .member("notStationary", c.stalls().notStationary()).endObject().endObject();
        }
        return j.endArray().toString();
    }

    /** A one-line progress bar on stderr, redrawn at most five times a second. */
    static final class Progress {
        private final PrintWriter err;
        private final boolean quiet;
        private final int total;
        private final int alreadyDone;
        private final long start = System.nanoTime();
        private int done;
        private long lastDraw;

        Progress(PrintWriter err, boolean quiet, int total, int alreadyDone) {
            this.err = err;
            this.quiet = quiet;
            this.total = total;
            this.alreadyDone = alreadyDone;
            this.done = alreadyDone;
        }

        void step() {
            done++;
            long now = System.nanoTime();
            if (!quiet && (now - lastDraw > 200_000_000L || done == total)) {
                lastDraw = now;
                draw(now);
            }
        }

        private void draw(long now) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            double elapsed = (now - start) * 1e-9;
            int fresh = done - alreadyDone;
            double eta = fresh == 0 ? Double.NaN : elapsed / fresh * (total - done);
            err.printf(Locale.ROOT, "\r[%s%s] %d/%d trials  %.0fs elapsed  eta %s   ", "#".repeat(filled),
                    ".".repeat(width - filled), done, total, elapsed, Double.isNaN(eta) ? "-" : String.format(Locale.ROOT, "%.0fs", eta));
            err.flush();
        }

        void finish() {
            if (!quiet && done > alreadyDone) {
                err.println();
                err.flush();
            }
        }
    }
}
