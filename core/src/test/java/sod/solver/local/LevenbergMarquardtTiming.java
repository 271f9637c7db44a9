package sod.solver.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import sod.openblas.OpenBlas;
import sod.openblas.ReferenceSolve;
import sod.openblas.SymmetricSolver;
import sod.problems.GaussianSensing;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Quick one-thread timing (not a benchmark, not a test), in one run so that the figures can be
 * compared: (1) dense symmetric solves through LAPACK against the pure-Java reference elimination,
 * (2) the dense/CG crossover of LM on small dense Gaussian problems, (3) LM from a small start on
 * dense Gaussian n = 128, m = 2560, r = 4 to 1e-8 relative residual, beside GD with the Armijo rule
 * on the same problem and start to distance 1e-8 (= relative error: ||M*||_F = 1), with a time cap.
 * Usage: {@code LevenbergMarquardtTiming [part...]} with parts {@code solve crossover lm gd}.
 */
public final class LevenbergMarquardtTiming {

    public static void main(String[] args) {
        OpenBlas.setThreads(1);
        var parts = args.length == 0 ? java.util.List.of("solve", "crossover", "lm", "gd") : java.util.List.of(args);
        System.out.printf(Locale.ROOT, "OpenBLAS %s, %d thread%n", OpenBlas.coreName(), OpenBlas.threads());
        if (parts.contains("solve")) denseSolves();
        if (parts.contains("crossover")) crossover();
        if (parts.contains("lm") || parts.contains("gd")) largeGaussian(parts.contains("lm"), parts.contains("gd"));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void denseSolves() {
        for (int n : new int[] {100, 500}) {
            double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 1e4), 1);
            double[] b = ReferenceSolve.gaussian(n, new SplittableRandom(2)), x = new double[n];
            int reps = n <= 100 ? 41 : 9;
            double[] lapack = new double[reps], java = new double[reps];
            try (SymmetricSolver solver = new SymmetricSolver(n, 1)) {
                for (int warm = 0; warm < 5; warm++) {
                    solver.solve(a, n, b, 1, x);
                    ReferenceSolve.solve(a, n, b);
                }
                for (int k = 0; k < reps; k++) {
                    long t0 = System.nanoTime();
                    solver.solve(a, n, b, 1, x);
                    long t1 = System.nanoTime();
                    ReferenceSolve.solve(a, n, b);
                    long t2 = System.nanoTime();
                    lapack[k] = (t1 - t0) * 1e-6;
                    java[k] = (t2 - t1) * 1e-6;
                }
            }
            System.out.printf(Locale.ROOT, "dense solve n=%d: LAPACK Cholesky %.3f ms, pure-Java elimination %.3f ms (medians of %d), ratio %.1f%n",
                    n, median(lapack), median(java), reps, median(java) / median(lapack));
        }
    }

    private static double[] small(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[size];
        for (int e = 0; e < size; e++) x[e] = 1e-3 * random.nextGaussian();
        return x;
    }

    private static void crossover() {
        int[][] shapes = {{16, 160, 2}, {16, 320, 4}, {32, 640, 4}, {32, 1280, 8}};
        for (int[] s : shapes) {
            int n = s[0], m = s[1], r = s[2];
            try (Problem p = GaussianSensing.create(n, m, r, 1, 1, false)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "crossover n=%d m=%d r=%d (nr=%d):", n, m, r, n * r));
                for (int threshold : new int[] {Integer.MAX_VALUE, 0}) {
                    LevenbergMarquardtSettings settings = LevenbergMarquardtSettings.defaults().withRelativeResidualTolerance(1e-8)
                            .withDenseMaxUnknowns(threshold);
                    double[] times = new double[5];
                    LevenbergMarquardtResult result = null;
                    try (LevenbergMarquardt lm = new LevenbergMarquardt(p.operator(), p.b(), r, null, settings)) {
                        for (int warm = 0; warm < 5; warm++) lm.solve(small(n * r, 1)); // C2 compiles the kernels first
                        for (int k = 0; k < times.length; k++) {
                            result = lm.solve(small(n * r, 1));
                            times[k] = result.seconds() * 1e3;
                        }
                    }
                    line.append(String.format(Locale.ROOT, "  %s %.1f ms (%s, %d steps, %d CG iterations)",
                            threshold == 0 ? "cg" : "dense", median(times), result.status(), result.iterations(),
                            result.linearIterations()));
                }
                System.out.println(line);
            }
        }
    }

    private static void largeGaussian(boolean lm, boolean gd) {
        int n = 128, m = 2560, r = 4;
        long t0 = System.nanoTime();
        try (Problem p = GaussianSensing.create(n, m, r, 1, 1, false)) {
            System.out.printf(Locale.ROOT, "gaussian n=%d m=%d r=%d built in %.1f s%n", n, m, r, (System.nanoTime() - t0) * 1e-9);
            double[] x0 = small(n * r, 7);
            if (lm) {
                LevenbergMarquardtSettings settings = LevenbergMarquardtSettings.defaults().withRelativeResidualTolerance(1e-8);
                try (LevenbergMarquardt solver = new LevenbergMarquardt(p.operator(), p.b(), r, null, settings)) {
                    long cpu0 = processCpu();
                    LevenbergMarquardtResult result = solver.solve(x0);
                    double cpu = (processCpu() - cpu0) * 1e-9;
                    double distance = distance(result.x(), p.truth(), n, r);
                    System.out.printf(Locale.ROOT, "LM: %s, %d steps (%d accepted), %d CG iterations (%s path), relative residual %.2e, "
                                    + "distance %.2e, %.2f s wall, %.2f s cpu%n", result.status(), result.iterations(), result.acceptedSteps(),
                            result.linearIterations(), result.densePath() ? "dense" : "CG", result.relativeResidual(), distance,
                            result.seconds(), cpu);
                }
            }
            if (gd) {
                // GD stops at the same criterion as LM, relative residual sqrt(2h)/||b|| <= 1e-8, through a listener
                // on the problem without its truth: the Solver's distance formula cancels below ~sqrt(eps) ~ 1e-8 and
                // reports 0 there, so a distance target of 1e-8 would stop it early.
                double bNorm = Math.sqrt(Arrays.stream(p.b()).map(v -> v * v).sum());
                SolverConfig config = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO)
                        .step(1.0).initialX(x0).maxIterations(1_000_000).timeBudgetSeconds(60).gradientTolerance(0)
                        .targetDistance(Double.MIN_NORMAL).build();
                Problem blind = new Problem(p.name(), p.operator(), p.b(), r, null, 0); // closed with p
                try (Solver solver = new Solver(config, blind)) {
                    double[] reached = {Double.NaN};
                    long cpu0 = processCpu();
                    Result result = solver.solve(blind, x0, (iter, h, g, d) -> {
                        double rel = Math.sqrt(2 * h) / bNorm;
                        if (rel <= 1e-8 && Double.isNaN(reached[0])) {
                            reached[0] = rel;
                            solver.requestStop();
                        }
                    });
                    System.out.printf(Locale.ROOT, "GD (Armijo): %s, %d iterations, relative residual %.2e, distance %.2e, %.2f s wall, "
                                    + "%.2f s cpu%n", result.status() == Result.Status.STOPPED ? "RESIDUAL_TOLERANCE" : result.status(),
                            result.iterations(), Math.sqrt(2 * result.h()) / bNorm, distance(result.x(), p.truth(), n, r),
                            result.totalSeconds(), (processCpu() - cpu0) * 1e-9);
                }
            }
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double distance(double[] x, double[] z, int n, int r) {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int c = 0; c < r; c++) v += x[i * r + c] * x[j * r + c] - z[i * r + c] * z[j * r + c];
                s += v * v;
            }
        return Math.sqrt(s);
    }
}
