package sod.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import sod.SodInputException;
import sod.openblas.OpenBlas;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

/**
 * The paper's success-rate experiment (spec section 7) as a library call: for every (n, eps) cell and
 * seed {@code 0..seeds-1}, plain GD and GD+SOD (once per requested escape mode) on
 * {@code Pmc.create(n, eps, 1)} from {@code X0 = initScale * N(0,1)} drawn from
 * {@code SplittableRandom(seed)}, with the base config's settings (default: the reference settings).
 * Trials run on a fixed pool of {@code threads} workers, each with its own solvers and problems, and
 * OpenBLAS is set to one thread. Every trial is deterministic given its seed, so the table does not
 * depend on scheduling. GD+SOD follows GD's trajectory until GD's first stall, so when both run, the
 * GD+SOD trial resumes from GD's {@link Solver.Checkpoint} (bitwise the same result as a run from
 * scratch, without recomputing the shared prefix). The RIP constant is estimated once per cell (spec section 1, seed
 * {@code deltaSeed}) and shared.
 */
public final class Sweep {
    private Sweep() {}

    /** One (n, eps) cell. */
    public record Cell(int n, double eps) {}

    /** What a trial ran: plain GD or GD+SOD with an escape mode. */
    public enum Variant {
        GD, SOD_TPGD, SOD_LINE_SEARCH;

        static Variant of(EscapeMode mode) {
            return mode == EscapeMode.TPGD ? SOD_TPGD : SOD_LINE_SEARCH;
        }

        public String label() {
            return switch (this) {
                case GD -> "GD";
                case SOD_TPGD -> "GD+SOD";
                case SOD_LINE_SEARCH -> "GD+SOD(ls)";
            };
        }
    }

    /** Identifies a trial (for resuming). */
    public record TrialKey(Cell cell, int seed, Variant variant) {}

    /** One finished trial; {@code escapes} are its escape attempts (with their stall verdicts). */
    public record Trial(Cell cell, int seed, Variant variant, boolean success, Result.Status status, double distance,
                        double h, int iterations, int escapeAttempts, int escapesAccepted, double seconds,
                        List<Escape> escapes) {
        public TrialKey key() {
            return new TrialKey(cell, seed, variant);
        }
    }

    /** Called once per finished trial, serialised (never concurrently). */
    public interface TrialListener {
        void onTrial(Trial trial);
    }

    /**
     * @param cells     the (n, eps) cells
     * @param seeds     seeds 0..seeds-1 per cell
     * @param gd        include plain GD
     * @param modes     escape modes of GD+SOD (empty: none)
     * @param threads   workers
     * @param base      settings shared by every trial (method and seed are set per trial)
     * @param skip      trials not to run (e.g. already in a resumed output); null for none
     */
    public record Options(List<Cell> cells, int seeds, boolean gd, List<EscapeMode> modes, int threads,
                          SolverConfig base, Predicate<TrialKey> skip) {
        public Options {
            if (cells == null || cells.isEmpty()) throw new SodInputException("sweep: at least one (n, eps) cell is needed");
            if (seeds < 1) throw new SodInputException("sweep: seeds must be >= 1, got " + seeds);
            if (threads < 1) throw new SodInputException("sweep: threads must be >= 1, got " + threads);
            if (!gd && (modes == null || modes.isEmpty())) throw new SodInputException("sweep: nothing to run (no GD, no escape mode)");
            cells = List.copyOf(cells);
            modes = modes == null ? List.of() : List.copyOf(modes);
            if (base == null) base = SolverConfig.paper();
        }

        /** The paper's table: n = 40..80 step 10, eps 0.15 and 0.10, 50 seeds, GD and GD+SOD (TPGD). */
        public static Options paper(int threads) {
            return new Options(paperCells(), 50, true, List.of(EscapeMode.TPGD), threads, SolverConfig.paper(), null);
        }
    }

    /** n = 40..80 step 10 crossed with eps = 0.15, 0.10. */
    public static List<Cell> paperCells() {
        List<Cell> cells = new ArrayList<>();
        for (double eps : new double[] {0.15, 0.10})
            for (int n = 40; n <= 80; n += 10) cells.add(new Cell(n, eps));
        return cells;
    }

    /** Success rates (and means) per cell and variant, over the trials that ran. */
    public record Table(List<Cell> cells, List<Variant> variants, int[][] successes, int[][] trials,
                        double[][] meanIterations, double[][] meanEscapes, double wallSeconds, double cpuSeconds) {

        public double rate(int cell, int variant) {
            return trials[cell][variant] == 0 ? Double.NaN : successes[cell][variant] / (double) trials[cell][variant];
        }

        /** Plain-text table: one row per cell, one success-rate column per variant. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%5s %6s", "n", "eps"));
            for (Variant v : variants) sb.append(String.format(Locale.ROOT, " %11s", v.label()));
            sb.append('\n');
            for (int c = 0; c < cells.size(); c++) {
                sb.append(String.format(Locale.ROOT, "%5d %6.2f", cells.get(c).n(), cells.get(c).eps()));
                for (int v = 0; v < variants.size(); v++)
                    sb.append(String.format(Locale.ROOT, " %11.2f", rate(c, v)));
                sb.append('\n');
            }
            sb.append(String.format(Locale.ROOT, "wall time %.2f s, worker CPU time %.2f s%n", wallSeconds, cpuSeconds));
            return sb.toString();
        }

        /** Builds a table from finished trials (e.g. merged from a resumed run). */
        public static Table of(List<Cell> cells, List<Variant> variants, List<Trial> done, double wallSeconds,
                               double cpuSeconds) {
            int[][] succ = new int[cells.size()][variants.size()], count = new int[cells.size()][variants.size()];
            double[][] iters = new double[cells.size()][variants.size()], esc = new double[cells.size()][variants.size()];
            for (Trial t : done) {
                int c = cells.indexOf(t.cell()), v = variants.indexOf(t.variant());
                if (c < 0 || v < 0) continue;
                count[c][v]++;
                if (t.success()) succ[c][v]++;
                iters[c][v] += t.iterations();
                esc[c][v] += t.escapesAccepted();
            }
            for (int c = 0; c < cells.size(); c++)
                for (int v = 0; v < variants.size(); v++)
                    if (count[c][v] > 0) {
                        iters[c][v] /= count[c][v];
                        esc[c][v] /= count[c][v];
                    }
            return new Table(List.copyOf(cells), List.copyOf(variants), succ, count, iters, esc, wallSeconds, cpuSeconds);
        }
    }

    /** Runs the sweep; {@code listener} may be null. */
    public static Table run(Options options, TrialListener listener) {
        long start = System.nanoTime();
        OpenBlas.setThreads(1);
        List<Variant> variants = new ArrayList<>();
        if (options.gd()) variants.add(Variant.GD);
        for (EscapeMode mode : options.modes()) variants.add(Variant.of(mode));
        int units = options.cells().size() * options.seeds();
        AtomicInteger next = new AtomicInteger();
        Map<Cell, Future<Double>> deltas = new ConcurrentHashMap<>();
        List<Trial> done = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "sod-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.threads(); w++) {
                workers.add(pool.submit(() -> {
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    try {
                    worker(options, variants, next, units, deltas, trial -> {
                        synchronized (lock) {
                            done.add(trial);
                            if (listener != null) listener.onTrial(trial);
                        }
                    });
                    } finally {
                        cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalStateException("sweep worker failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return Table.of(options.cells(), variants, done, (System.nanoTime() - start) * 1e-9, cpuNanos.get() * 1e-9);
    }

    private static void worker(Options options, List<Variant> variants, AtomicInteger next, int units,
                               Map<Cell, Future<Double>> deltas, TrialListener sink) throws Exception {
        OpenBlas.setThreads(1);
        SolverConfig base = options.base();
        Solver[] solvers = new Solver[variants.size()];
        for (int v = 0; v < variants.size(); v++) {
            Variant variant = variants.get(v);
            SolverConfig.Builder b = base.toBuilder().initialX(null);
            if (variant == Variant.GD) b.method(Method.GD);
            else b.method(Method.SOD).escapeMode(variant == Variant.SOD_TPGD ? EscapeMode.TPGD : EscapeMode.LINE_SEARCH);
            solvers[v] = new Solver(b.build());
        }
        Problem problem = null;
        Cell problemCell = null;
        double[] x0 = null;
        try {
            int unit;
            while ((unit = next.getAndIncrement()) < units) {
                Cell cell = options.cells().get(unit / options.seeds());
                int seed = unit % options.seeds();
                boolean any = false;
                for (Variant v : variants)
                    if (options.skip() == null || !options.skip().test(new TrialKey(cell, seed, v))) any = true;
                if (!any) continue;
                if (!cell.equals(problemCell)) {
                    if (problem != null) problem.close();
                    problem = Pmc.create(cell.n(), cell.eps(), 1);
                    problemCell = cell;
                    x0 = new double[cell.n() * problem.rank()];
                }
                Solver.initialPoint(base.initScale(), seed, x0, x0.length);
                Result gdResult = null;
                Solver.Checkpoint stall = null;
                for (int v = 0; v < variants.size(); v++) {
                    Variant variant = variants.get(v);
                    if (options.skip() != null && options.skip().test(new TrialKey(cell, seed, variant))) continue;
                    Result res;
                    if (variant == Variant.GD) {
                        res = solvers[v].solve(problem, x0);
                        gdResult = res;
                        stall = solvers[v].firstStall();
                    } else {
                        if (Double.isNaN(base.delta())) solvers[v].primeDelta(problem, delta(deltas, cell, problem, base));
                        // GD+SOD coincides with GD up to GD's first stall (same stall settings): share that prefix
                        if (gdResult != null && base.maxEscapes() > 0) {
                            res = stall == null ? gdResult : solvers[v].resume(problem, stall, null);
                        } else {
                            res = solvers[v].solve(problem, x0);
                        }
                    }
                    int accepted = (int) res.acceptedEscapes();
                    sink.onTrial(new Trial(cell, seed, variant, res.success(), res.status(), res.distance(), res.h(),
                            res.iterations(), res.escapes().size(), accepted, res.totalSeconds(), res.escapes()));
                }
            }
        } finally {
            if (problem != null) problem.close();
            for (Solver s : solvers) s.close();
        }
    }

    /** The cell's RIP estimate, computed once by whichever worker asks first. */
    private static double delta(Map<Cell, Future<Double>> deltas, Cell cell, Problem problem, SolverConfig base)
            throws Exception {
        java.util.concurrent.FutureTask<Double> task = new java.util.concurrent.FutureTask<>(
                () -> RipEstimate.estimate(problem.operator(), base.deltaSamples(), base.deltaSeed()));
        Future<Double> existing = deltas.putIfAbsent(cell, task);
        if (existing == null) {
            task.run();
            return task.get();
        }
        return existing.get();
    }
}
