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
 * completion with n = 10^6 and 2 x 10^7 observed pairs (r = 10) on {@code threads} threads, runs a short GD
 * solve through {@link Solver}, then times a few objective evaluations and fused residual passes (medians),
 * and prints one JSON line with the times, the observations' own bytes (two int32 indices and one float64
 * value each) and X's for the memory target.
 *
 * <p>What the peak covers: {@code peak_rss_bytes} is the process's VmHWM read right after the solve, so it is
 * the high-water mark of the JVM itself, the problem's generation (its temporaries included), the operator and
 * b, and the solve (the {@link Solver}'s iterate, four n x r arrays, and its result). The problem keeps no
 * ground truth (the solve asks for no distance; a kept Z is n x r doubles, and a solve that binds it holds a
 * distance workspace of n x 2r more): the fifth argument {@code truth} keeps it, to measure that case. The
 * timings come after the peak was read because they allocate what the solve does not need (their own X and
 * gradient, and for the fused pass an m-length residual, which a large -Xmx would otherwise keep resident
 * inside the peak); {@code peak_after_timings_bytes} is the VmHWM at the end.
 *
 * <p>Run by {@code scripts/bench}; arguments: {@code n m r threads [truth]}.
 */
public final class CompletionScale {
    private CompletionScale() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]), m = Integer.parseInt(args[1]), r = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
        boolean keepTruth = args.length > 4 && args[4].equals("truth");
        long t0 = System.nanoTime();
        try (Problem p = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 11, threads, keepTruth)) {
            double build = (System.nanoTime() - t0) * 1e-9;
            SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).step(0.5).initScale(1 / Math.sqrt(n))
                    .maxIterations(5).build();
            long s0 = System.nanoTime();
            Result result;
            try (Solver solver = new Solver(gd)) {
                result = solver.solve(p);
            }
            double solve = (System.nanoTime() - s0) * 1e-9 / Math.max(1, result.iterations());
            long peakKb = peakKb();

            Objective objective = p.operator().objective(p.b());
            double[] x = result.x(), grad = new double[n * r];
            double[] times = new double[7];
            for (int w = 0; w < 2; w++) objective.lossAndGradient(x, r, grad);
            for (int k = 0; k < times.length; k++) {
                long s = System.nanoTime();
                objective.lossAndGradient(x, r, grad);
                times[k] = (System.nanoTime() - s) * 1e-9;
            }
            Arrays.sort(times);
            // the fused pass that also writes the m residuals (what an escape asks for)
            double[] residual = new double[m], fused = new double[5];
            for (int k = 0; k < fused.length; k++) {
                long s = System.nanoTime();
                p.operator().residualAndGradient(x, r, p.b(), residual, grad);
                fused[k] = (System.nanoTime() - s) * 1e-9;
            }
            Arrays.sort(fused);
            long observationBytes = 16L * m;
            System.out.println(String.format(Locale.ROOT,
                    "{\"group\": \"completionScale\", \"n\": %d, \"m\": %d, \"r\": %d, \"threads\": %d, \"truth_kept\": %b, \"build_s\": %.3f, "
                            + "\"iteration_median_s\": %.4f, \"iteration_min_s\": %.4f, \"fused_median_s\": %.4f, \"solve_per_iteration_s\": %.4f, \"solve_iterations\": %d, "
                            + "\"peak_rss_bytes\": %d, \"peak_after_timings_bytes\": %d, \"observation_bytes\": %d, \"x_bytes\": %d}",
                    n, m, r, threads, keepTruth, build, times[times.length / 2], times[0], fused[fused.length / 2], solve, result.iterations(),
                    peakKb * 1024, peakKb() * 1024, observationBytes, 8L * n * r));
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
