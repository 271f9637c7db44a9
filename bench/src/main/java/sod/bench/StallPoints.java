package sod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Spurious stall points of PMC(n, eps) for the escape-check benchmarks: plain GD (the reference
 * settings: step 0.005, X0 = 0.7 N(0,1), 3000 iterations) from seeds 0, 1, ... until a run ends away
 * from the truth ({@code ||X X^T - M*||_F >= 0.05}), at most {@value #SEEDS} seeds; when all succeed
 * (n = 200 and 1000 here), the GD iterate after {@value #PATH_ITERATIONS} iterations from seed 0.
 * Cached in the temp folder because forks repeat the setup.
 */
final class StallPoints {
    static final int SEEDS = 5, PATH_ITERATIONS = 30;

    private StallPoints() {
    }

    static double[] find(Problem pmc, int n, double eps, double step) {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"),
                String.format(Locale.ROOT, "sod-bench-stall-pmc-%d-%s-%s.txt", n, eps, step));
        try {
            if (Files.exists(cache)) {
                double[] x = Arrays.stream(Files.readString(cache).trim().split(","))
                        .mapToDouble(Double::parseDouble).toArray();
                if (x.length == n) return x;
            }
        } catch (IOException | NumberFormatException ignored) {
            // recompute below
        }
        SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).step(step).maxIterations(3000).build();
        for (long seed = 0; seed < SEEDS; seed++) {
            try (Solver solver = new Solver(gd.withSeed(seed))) {
                Result run = solver.solve(pmc);
                if (!run.success() && Double.isFinite(run.h())) {
                    String text = Arrays.stream(run.x()).mapToObj(Double::toString).collect(Collectors.joining(","));
                    try {
                        Files.writeString(cache, text);
                    } catch (IOException ignored) {
                        // caching is an optimisation only
                    }
                    return run.x();
                }
            }
        }
        // GD recovers the truth from every start tried (large n): use a point on its path instead, where
        // G still has negative curvature; the check costs the same work there.
        try (Solver solver = new Solver(gd.toBuilder().maxIterations(PATH_ITERATIONS).build())) {
            return solver.solve(pmc).x();
        }
    }
}
