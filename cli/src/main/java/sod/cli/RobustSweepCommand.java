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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sod.experiment.RecoveryMethod;
import sod.experiment.RobustOutcome;
import sod.experiment.RobustSpec;
import sod.experiment.RobustTable;
import sod.experiment.RobustTrial;
import sod.experiment.SweepEngine;
import sod.problems.Outliers;
import sod.solver.RobustSubgradientSolver;

/**
 * {@code sod robust-sweep}: recovery error {@code ||X X^T - M*||_F / ||M*||_F} against the outlier
 * fraction p, for the l1 subgradient method ({@link RobustSubgradientSolver}, default config, trimmed
 * spectral init) and for plain GD on the l2 loss from the (untrimmed) spectral initialisation, on dense
 * Gaussian sensing, for several search ranks r' ({@link RobustSpec} on a {@link SweepEngine}): the
 * options and the printing. Writes trials.csv, table.csv, table.md and a PNG.
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

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        new Preflight(spec).folder("--out", out, "trials.csv", "table.csv", "table.md").file("--plot", plot, false).check();
        Outliers.Distribution dist = Outliers.Distribution.parse(distribution);
        RobustSpec robust = new RobustSpec(n, rank, m == null ? 0 : m, fractions, searchRanks, seeds, dist, scale,
                RobustSpec.l1AndL2(iterations, l2Step));
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        SweepEngine<RobustTrial, RobustOutcome> engine = new SweepEngine<>(workers);
        List<RobustTrial> grid = robust.grid();
        if (!common.quiet) stderr.printf(Locale.ROOT, "robust-sweep: %d trials, %d workers%n", grid.size(), workers);
        List<RobustOutcome> outcomes = new ArrayList<>();
        engine.run(grid, robust.runner(), o -> {
            outcomes.add(o);
            if (!common.quiet) {
                RobustTrial t = o.trial();
                stderr.printf(Locale.ROOT, "[%d/%d] r'=%d p=%.2f %s seed %d: relative error %s (%.1f s)%n", outcomes.size(),
                        grid.size(), t.searchRank(), t.fraction(), t.loss(), t.seed(), Report.number("%.3e", o.relativeError()),
                        o.seconds());
            }
        });

        RobustTable table = new RobustTable(robust, outcomes);
        String md = table.markdown();
        stdout.print(md);
        if (out != null) {
            Files.createDirectories(out);
            AtomicWrite.text(out.resolve("trials.csv"), table.trialsCsv());
            AtomicWrite.text(out.resolve("table.csv"), table.csv());
            AtomicWrite.text(out.resolve("table.md"), md);
            stdout.println("wrote " + out.resolve("trials.csv") + ", " + out.resolve("table.csv") + ", " + out.resolve("table.md"));
        }
        if (plot != null) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (RecoveryMethod method : robust.methods())
                for (int rp : searchRanks) {
                    double[] xs = new double[fractions.size()], ys = new double[fractions.size()];
                    for (int i = 0; i < fractions.size(); i++) {
                        xs[i] = fractions.get(i);
                        // A log axis: errors below 1e-8 (l2 at p = 0 reaches 0) are drawn at 1e-8 so the rest stays readable.
                        ys[i] = Math.max(table.cell(rp, fractions.get(i), method.loss()).worst(), 1e-8);
                    }
                    series.put(method.label() + ", r'=" + rp, new double[][] {xs, ys});
                }
            Charts.logLines(plot, String.format(Locale.ROOT, "Gaussian sensing n=%d, m=%d, r=%d, %s outliers (scale %.3g rms(b))",
                    n, robust.m(), rank, dist.name().toLowerCase(Locale.ROOT), scale), "outlier fraction p",
                    "||XX^T - M*||_F / ||M*||_F (worst seed)", series);
            stdout.println("plot: " + plot);
        }
        stdout.flush();
        return Main.OK;
    }
}
