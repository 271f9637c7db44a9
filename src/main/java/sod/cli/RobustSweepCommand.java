package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import sod.problems.GaussianSensing;
import sod.problems.Outliers;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.RobustConfig;
import sod.solver.RobustSubgradientSolver;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.SpectralInit;

/**
 * {@code sod robust-sweep}: recovery error {@code ||X X^T - M*||_F / ||M*||_F} against the outlier
 * fraction p, for the l1 subgradient method ({@link RobustSubgradientSolver}, default config, trimmed
 * spectral init) and for plain GD on the l2 loss from the (untrimmed) spectral initialisation, on dense
 * Gaussian sensing, for several search ranks r'. Writes trials.csv, table.csv, table.md and a PNG.
 */
@Command(name = "robust-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Robust sensing experiment: relative recovery error against the outlier fraction for the l1",
                "subgradient method and l2 gradient descent (both spectrally initialised), for each search rank r'."},
        footer = {"", "Example (docs/robust.md):",
                "  scripts/sod robust-sweep --n 50 --rank 3 --p 0,0.05,0.1,0.2,0.3,0.4 --rank-search 3,10,50 --seeds 2 \\\\",
                "      --out docs/robust-data --plot docs/robust.png"})
final class RobustSweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", defaultValue = "50", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--rank", paramLabel = "R", defaultValue = "3", description = "Rank of M* (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--m", paramLabel = "M", description = "Measurements (default: 5 n r).")
    Integer m;

    @Option(names = "--p", split = ",", paramLabel = "P", defaultValue = "0,0.05,0.1,0.2,0.3,0.4",
            description = "Outlier fractions (default: ${DEFAULT-VALUE}).")
    List<Double> fractions;

    @Option(names = "--rank-search", split = ",", paramLabel = "R'", defaultValue = "3,10,50",
            description = "Search ranks r' (default: ${DEFAULT-VALUE}).")
    List<Integer> searchRanks;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "1", description = "Trials per cell, seeds 0..K-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--outlier-dist", paramLabel = "DIST", defaultValue = "gaussian",
            description = "gaussian, uniform or constant (default: ${DEFAULT-VALUE}).")
    String distribution;

    @Option(names = "--outlier-scale", paramLabel = "S", defaultValue = "10",
            description = "Outlier size in units of rms(b) (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--iters", paramLabel = "K", defaultValue = "5000",
            description = "Iterations of both methods (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--l2-step", paramLabel = "S", defaultValue = "0.1", description = "GD step on the l2 loss (default: ${DEFAULT-VALUE}).")
    double l2Step;

    @Option(names = "--threads", paramLabel = "T", description = "Parallel trials (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for trials.csv, table.csv and table.md.")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Relative error against p, log scale.")
    Path plot;

    @Mixin
    CommonOptions common = new CommonOptions();

    record Trial(double p, int searchRank, String loss, long seed) {}

    record Outcome(Trial trial, double relativeError, double seconds) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Outliers.Distribution dist = Outliers.Distribution.parse(distribution);
        if (n < 1 || rank < 1 || rank > n) throw new SodInputException("need 1 <= --rank <= --n, got n " + n + ", rank " + rank);
        if (seeds < 1) throw new SodInputException("--seeds must be >= 1, got " + seeds);
        for (int rp : searchRanks) {
            if (rp < 1 || rp > n) throw new SodInputException("--rank-search values must be in [1, n], got " + rp);
        }
        int measurements = m == null ? 5 * n * rank : m;
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) throw new SodInputException("--threads must be >= 1, got " + workers);
        List<Trial> grid = new ArrayList<>();
        for (int rp : searchRanks)
            for (double p : fractions)
                for (String loss : List.of("l1", "l2"))
                    for (long seed = 0; seed < seeds; seed++) grid.add(new Trial(p, rp, loss, seed));
        if (!common.quiet) stderr.printf(Locale.ROOT, "robust-sweep: %d trials, %d workers%n", grid.size(), workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sod-robust-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Trial t : grid) futures.add(pool.submit(() -> run(t, measurements, dist)));
            int done = 0;
            for (Future<Outcome> f : futures) {
                Outcome o = f.get();
                outcomes.add(o);
                done++;
                if (!common.quiet) {
                    stderr.printf(Locale.ROOT, "[%d/%d] r'=%d p=%.2f %s seed %d: relative error %.3e (%.1f s)%n", done, grid.size(),
                            o.trial().searchRank(), o.trial().p(), o.trial().loss(), o.trial().seed(), o.relativeError(), o.seconds());
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        } finally {
            pool.shutdownNow();
        }

        // Cells: worst (max) and geometric mean of the relative error over seeds.
        Map<String, double[]> cells = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Trial t = o.trial();
            double[] c = cells.computeIfAbsent(t.searchRank() + "," + t.p() + "," + t.loss(), k -> new double[3]);
            c[0] = Math.max(c[0], o.relativeError());
            c[1] += Math.log(Math.max(o.relativeError(), 1e-300));
            c[2]++;
        }
        StringBuilder csv = new StringBuilder("search_rank,p,loss,max_relative_error,geomean_relative_error,trials\n");
        for (var e : cells.entrySet()) {
            double[] c = e.getValue();
            csv.append(e.getKey()).append(',').append(c[0]).append(',').append(Math.exp(c[1] / c[2])).append(',').append((int) c[2]).append('\n');
        }
        String md = markdown(cells);
        stdout.print(md);
        if (out != null) {
            Files.createDirectories(out);
            StringBuilder trials = new StringBuilder("search_rank,p,loss,seed,relative_error,seconds\n");
            for (Outcome o : outcomes) {
                Trial t = o.trial();
                trials.append(t.searchRank()).append(',').append(t.p()).append(',').append(t.loss()).append(',').append(t.seed())
                        .append(',').append(o.relativeError()).append(',').append(o.seconds()).append('\n');
            }
            AtomicWrite.text(out.resolve("trials.csv"), trials.toString());
            AtomicWrite.text(out.resolve("table.csv"), csv.toString());
            AtomicWrite.text(out.resolve("table.md"), md);
            stdout.println("wrote " + out.resolve("trials.csv") + ", " + out.resolve("table.csv") + ", " + out.resolve("table.md"));
        }
        if (plot != null) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (String loss : List.of("l1", "l2"))
                for (int rp : searchRanks) {
                    double[] xs = new double[fractions.size()], ys = new double[fractions.size()];
                    for (int i = 0; i < fractions.size(); i++) {
                        xs[i] = fractions.get(i);
                        // A log axis: errors below 1e-8 (l2 at p = 0 reaches 0) are drawn at 1e-8 so the rest stays readable.
                        ys[i] = Math.max(cells.get(rp + "," + fractions.get(i) + "," + loss)[0], 1e-8);
                    }
                    series.put(loss + (loss.equals("l1") ? " subgradient" : " GD") + ", r'=" + rp, new double[][] {xs, ys});
                }
            Charts.logLines(plot, String.format(Locale.ROOT, "Gaussian sensing n=%d, m=%d, r=%d, %s outliers (scale %.3g rms(b))",
                    n, measurements, rank, dist.name().toLowerCase(Locale.ROOT), scale), "outlier fraction p",
                    "||XX^T - M*||_F / ||M*||_F (worst seed)", series);
            stdout.println("plot: " + plot);
        }
        stdout.flush();
        return Main.OK;
    }

    private String markdown(Map<String, double[]> cells) {
        StringBuilder s = new StringBuilder("| r' | loss |");
        for (double p : fractions) s.append(String.format(Locale.ROOT, " p = %.2f |", p));
        s.append("\n|---|---|");
        for (int i = 0; i < fractions.size(); i++) s.append("---|");
        s.append('\n');
        for (int rp : searchRanks)
            for (String loss : List.of("l1", "l2")) {
                s.append("| ").append(rp).append(" | ").append(loss).append(" |");
                for (double p : fractions) s.append(String.format(Locale.ROOT, " %.2e |", cells.get(rp + "," + p + "," + loss)[0]));
                s.append('\n');
            }
        return s.toString();
    }

    private Outcome run(Trial t, int measurements, Outliers.Distribution dist) {
        long start = System.nanoTime();
        try (Problem clean = GaussianSensing.create(n, measurements, rank, t.seed(), 1, false)) {
            Problem contaminated = Outliers.contaminate(clean, t.p(), dist, scale, t.seed());
            Problem p = new Problem(contaminated.name(), clean.operator(), contaminated.b(), t.searchRank(), clean.truth(),
                    clean.truthRank());
            double truthNorm = RobustSubgradientSolver.distance(new double[n], n, 1, clean.truth(), clean.truthRank());
            double error;
            if (t.loss().equals("l1")) {
                RobustConfig config = RobustConfig.defaults().withSearchRank(t.searchRank()).withIterations(iterations).withSeed(t.seed());
                error = new RobustSubgradientSolver(config).solve(p).relativeError();
            } else {
                SolverConfig config = SolverConfig.builder().method(SolverConfig.Method.GD).step(l2Step).maxIterations(iterations)
                        .targetDistance(1e-12).gradientTolerance(1e-12).seed(t.seed()).build();
                try (Solver solver = new Solver(config)) {
                    Result r = solver.solve(p, SpectralInit.plain(p.operator(), p.b(), t.searchRank()));
                    error = r.status() == Result.Status.DIVERGED ? Double.POSITIVE_INFINITY : r.distance() / truthNorm;
                }
            }
            return new Outcome(t, error, (System.nanoTime() - start) * 1e-9);
        }
    }
}
