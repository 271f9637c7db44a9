package sod.solver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import sod.openblas.OpenBlas;
import sod.problems.Completion;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.SolverConfig.Method;
import sod.solver.spectral.Lanczos;

/**
 * Not a test (Surefire runs only *Test classes): manual measurements for the large-scale SOD check.
 * After {@code mvn test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx20g \
 *      -cp target/classes:target/test-classes:$(cat target/classpath.txt 2>/dev/null) sod.solver.LargeScaleBench MODE ...
 * </pre>
 * (the OpenBLAS jar must be on the class path, as in Surefire). Modes:
 * <ul>
 *   <li>{@code crossover [threads]}: one SOD check (lambda_min(G) plus everything the escape needs) by
 *       the dense path and by Lanczos, n = 200, 500, 1000, 2000, on PMC(n, 0.1) and on completion
 *       with 100 observations per row (r = 3);</li>
 *   <li>{@code scale perRow r threads n...}: per n, the median GD iteration (residual and gradient),
 *       one SOD check at a small random X0 (its Lanczos residual and product count), and the peak
 *       resident memory ({@code -DprobeSteps=1} bounds the GD probes of the escape candidates,
 *       which are the method's own GD steps, not part of the check; {@code -DclassifyStalls=false}
 *       leaves out the stall classifier, whose Hessian Lanczos dominates at large n).</li>
 * </ul>
 */
public final class LargeScaleBench {

    private LargeScaleBench() {
    }

    public static void main(String[] args) {
        OpenBlas.setThreads(1);
        String mode = args.length > 0 ? args[0] : "crossover";
        if (mode.equals("crossover")) {
            int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
            crossover(threads);
        } else {
            int perRow = Integer.parseInt(args[1]), r = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
            for (int a = 4; a < args.length; a++) scale(Integer.parseInt(args[a]), perRow, r, threads);
        }
    }

    /** Seconds of the eigen part and of the whole escape for one SOD check at a small random X0. */
    static double[] sodCheck(Problem p, int lanczosMinN, double[] lanczosInfo) {
        double[] x0 = new double[p.n() * p.rank()];
        Solver.initialPoint(1e-3, 5, x0, x0.length);
        return sodCheck(p, x0, lanczosMinN, lanczosInfo);
    }

    /** A point after GD iterations from the solver's default start (near a stationary point). */
    static double[] afterGd(Problem p, int iterations) {
        try (Solver s = new Solver(SolverConfig.builder().method(Method.GD).maxIterations(iterations).seed(7).build())) {
            return s.solve(p).x();
        }
    }

    static double[] sodCheck(Problem p, double[] x0, int lanczosMinN, double[] lanczosInfo) {
        SolverConfig config = SolverConfig.builder().method(Method.SOD).maxIterations(1).maxEscapes(1).delta(0.5).seed(3)
                .probeSteps(Integer.getInteger("probeSteps", SolverConfig.defaults().sod().probeSteps()))
                .classifyStalls(Boolean.parseBoolean(System.getProperty("classifyStalls", "true"))).build();
        try (Solver s = new Solver(config, p)) {
            s.lanczosMinN(lanczosMinN);
            Result result = s.resume(p, new Solver.Checkpoint(x0, 0, Double.NaN, 0), null);
            Lanczos.Outcome o = s.lastEigenOutcome();
            if (lanczosInfo != null && o != null) {
                lanczosInfo[0] = o.residual() / Math.abs(o.value());
                lanczosInfo[1] = o.products();
                lanczosInfo[2] = o.value();
            }
            return new double[]{result.eigenSeconds(), result.escapeSeconds(), result.probeSteps(),
                    result.escapes().isEmpty() ? Double.NaN : result.escapes().get(0).seconds()};
        }
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void crossover(int threads) {
        System.out.println("one SOD check, median of 5 after 2 warm-ups; seconds for lambda_min(G) (dense: forming G + dsyevr)");
        for (String kind : new String[]{"completion", "pmc"}) {
            for (int n : new int[]{200, 500, 1000, 2000}) {
                try (Problem p = kind.equals("pmc") ? Pmc.create(n, 0.1, threads)
                        : Completion.create(n, 3, Math.min(100 * n, n * (n + 1) / 4), Completion.Sampling.uniform(), 0.0, 1, threads)) {
                    double[] small = new double[n * p.rank()];
                    Solver.initialPoint(1e-3, 5, small, small.length);
                    double[][] points = {small, afterGd(p, 400)};
                    for (int point = 0; point < 2; point++) {
                        double[][] t = new double[2][5];
                        double[] info = new double[3];
                        for (int path = 0; path < 2; path++) {
                            int minN = path == 0 ? Integer.MAX_VALUE : 1;
                            for (int w = 0; w < 2; w++) sodCheck(p, points[point], minN, null);
                            for (int rep = 0; rep < 5; rep++) t[path][rep] = sodCheck(p, points[point], minN, path == 1 ? info : null)[0];
                        }
                        System.out.printf(Locale.ROOT, "%-10s n=%5d m=%9d at %-12s dense %8.2f ms  lanczos %8.2f ms (%4.0f products, rel. residual %.1e, lambda %.3e)%n",
                                kind, n, p.m(), point == 0 ? "small X0" : "400 GD its", median(t[0]) * 1e3, median(t[1]) * 1e3, info[1], info[0], info[2]);
                    }
                }
            }
        }
    }

    static void scale(int n, int perRow, int r, int threads) {
        int m = (int) Math.min((long) n * perRow, (long) n * (n + 1) / 2);
        long t0 = System.nanoTime();
        try (Problem p = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 1, threads)) {
            double build = (System.nanoTime() - t0) * 1e-9;
            double[] x = new double[n * r];
            Solver.initialPoint(1.0 / Math.sqrt(n), 2, x, x.length);
            double[] residual = new double[m], grad = new double[n * r];
            int reps = n >= 1_000_000 ? 3 : 7;
            double[] times = new double[reps];
            for (int w = 0; w < 2; w++) p.operator().residualAndGradient(x, r, p.b(), residual, grad);
            for (int rep = 0; rep < reps; rep++) {
                long s = System.nanoTime();
                p.operator().residualAndGradient(x, r, p.b(), residual, grad);
                times[rep] = (System.nanoTime() - s) * 1e-9;
            }
            double gd = median(times);
            residual = grad = x = null;
            double[] info = new double[3];
            sodCheck(p, -1, null); // warm-up (JIT) on the same problem
            double[] check = sodCheck(p, -1, info);
            System.out.printf(Locale.ROOT,
                    "n=%8d r=%2d m=%10d threads=%d build %.1f s | GD iteration %.1f ms (%.2f GB/s effective) | SOD check: lambda_min %.1f ms = %.1f GD iterations, whole escape %.1f ms incl. %d probe GD steps; %d G v products, relative Lanczos residual %.1e, lambda %.4e | peak RSS %s%n",
                    n, r, m, threads, build, gd * 1e3, p.operator().bytesPerIteration(r) / gd * 1e-9,
                    check[0] * 1e3, check[0] / gd, check[1] * 1e3, (int) check[2], (int) info[1], info[0], info[2], peakRss());
        }
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return line.substring(6).trim();
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }
}
