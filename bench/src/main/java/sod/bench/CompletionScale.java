package sod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import sod.operators.Objective;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Group 9's large case, outside JMH (one JVM per run, so that its peak memory is the run's own): builds
 * completion with n = 10^6 and 2 x 10^7 observed pairs (r = 10) on {@code threads} threads, times a few
 * objective evaluations and fused residual passes (medians), runs a short GD solve through {@link Solver} (its iterate's four
 * n x r arrays included), and prints one JSON line with the times, the process's peak resident memory
 * (VmHWM) and the observations' own bytes (two int32 indices and one float64 value each) for the
 * memory target. Run by {@code scripts/bench}; arguments: {@code n m r threads}.
 */
public final class CompletionScale {
    private CompletionScale() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]), m = Integer.parseInt(args[1]), r = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
        long t0 = System.nanoTime();
        try (Problem p = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 11, threads)) {
            double build = (System.nanoTime() - t0) * 1e-9;
            Objective objective = p.operator().objective(p.b());
            double[] x = new double[n * r], grad = new double[n * r];
            Solver.initialPoint(1 / Math.sqrt(n), 3, x, x.length);
            double[] times = new double[7];
            for (int w = 0; w < 2; w++) objective.lossAndGradient(x, r, grad);
            for (int k = 0; k < times.length; k++) {
                long s = System.nanoTime();
                objective.lossAndGradient(x, r, grad);
                times[k] = (System.nanoTime() - s) * 1e-9;
            }
            Arrays.sort(times);
            // the fused pass the Solver's iterate runs (it also writes the m residuals)
            double[] residual = new double[m], fused = new double[5];
            for (int k = 0; k < fused.length; k++) {
                long s = System.nanoTime();
                p.operator().residualAndGradient(x, r, p.b(), residual, grad);
                fused[k] = (System.nanoTime() - s) * 1e-9;
            }
            Arrays.sort(fused);
            residual = null;
            // the Solver allocates its own iterate: keep the peak that of the data, X and the Solver
            objective = null;
            x = grad = null;
            SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).step(0.5).initScale(1 / Math.sqrt(n))
                    .maxIterations(5).build();
            long s0 = System.nanoTime();
            Result result;
            try (Solver solver = new Solver(gd)) {
                result = solver.solve(p);
            }
            double solve = (System.nanoTime() - s0) * 1e-9 / Math.max(1, result.iterations());
            long peakKb = peakKb();
            long observationBytes = 16L * m;
            System.out.println(String.format(Locale.ROOT,
                    "{\"group\": \"completionScale\", \"n\": %d, \"m\": %d, \"r\": %d, \"threads\": %d, \"build_s\": %.3f, "
                            + "\"iteration_median_s\": %.4f, \"iteration_min_s\": %.4f, \"fused_median_s\": %.4f, \"solve_per_iteration_s\": %.4f, \"solve_iterations\": %d, "
                            + "\"peak_rss_bytes\": %d, \"observation_bytes\": %d, \"x_bytes\": %d}",
                    n, m, r, threads, build, times[times.length / 2], times[0], fused[fused.length / 2], solve, result.iterations(), peakKb * 1024,
                    observationBytes, 8L * n * r));
        }
    }

    /** VmHWM of this process in kB, or -1 off Linux. */
    static long peakKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return -1;
        for (String line : Files.readAllLines(status))
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        return -1;
    }
}
