package sod.psse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import sod.io.Npy;
import sod.io.SparseSymmetricSet;
import sod.problems.GroundTruth;
import sod.problems.MeasurementWeights;
import sod.problems.Problem;
import sod.problems.SparseSensing;
import sod.solver.Listener;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Not a test: loads an exported grid folder and prints what issue 15 asks about it, in one JVM:
 * the load of A.npz into the operator (the first, cold, and the median of the next ones), the heap it
 * holds, the median time of one fused iteration (residual and gradient) on 1 and 2 threads, and
 * optionally GD solves on the normalised problem from the flat start (median time per estimate after
 * a warm-up solve, iterations, relative voltage error).
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:target/lib/* \
 *     sod.psse.GridTiming examples/psse/out/case2869pegase [--loads 5] [--iters 50] [--solves 0] [--max-iters 200000]
 *     [--random-starts 0]</pre>
 * {@code --random-starts K}: GD+SOD (Armijo) on the normalised problem from X0 = N(0, 1) with seeds 0..K-1: how many
 * recover the voltages to 1e-8, and the escapes.
 */
public final class GridTiming {
    private GridTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int loads = option(args, "--loads", 5), iters = option(args, "--iters", 50), solves = option(args, "--solves", 0);
        int maxIters = option(args, "--max-iters", 200000), randomStarts = option(args, "--random-starts", 0);
        double[] b = Npy.readDoubles(dir.resolve("b.npy"));
        double[] truth = Npy.readDoubles(dir.resolve("x_true.npy"));
        double[] flat = Npy.readDoubles(dir.resolve("x_flat.npy"));
        VoltageScore.Grid grid = VoltageScore.Grid.of(dir);

        double[] loadMs = new double[loads];
        long heap = 0;
        Problem kept = null;
        for (int k = 0; k < loads; k++) {
            if (kept != null) kept.close();
            kept = null;
            System.gc();
            long before = used();
            long t0 = System.nanoTime();
            Problem p = load(dir, b, truth, 2);
            loadMs[k] = (System.nanoTime() - t0) / 1e6;
            heap = used() - before;
            kept = p;
        }
        // the parts of one (warm) load
        long r0 = System.nanoTime();
        SparseSymmetricSet set = SparseSymmetricSet.read(dir.resolve("A.npz"), false);
        long t1 = System.nanoTime();
        double[] w = MeasurementWeights.normalizing(set);
        MeasurementWeights.apply(set, b.clone(), w);
        long t2 = System.nanoTime();
        sod.operators.SparseSymmetricOperator.of(set, 2).close();
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "  parts of a warm load: read A.npz %.0f ms, normalise %.0f ms, build the operator %.0f ms%n",
                (t1 - r0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
        System.out.printf(Locale.ROOT, "%s: n %d, m %d, nnz %d stored (upper), load A.npz -> operator (read, normalise, build): first %.0f ms, "
                        + "median of the next %d %.0f ms; heap held after load ~%.1f MB%n", dir.getFileName(), kept.n(), kept.m(),
                ((sod.operators.SparseSymmetricOperator) kept.operator()).nnz(), loadMs[0], loads - 1,
                loads > 1 ? median(Arrays.copyOfRange(loadMs, 1, loads)) : loadMs[0], heap / 1e6);
        kept.close();

        // Same-run reference: the textbook loop over the stored (p, q, value) triples, one thread, direct scatter
        {
            SparseSymmetricSet raw = SparseSymmetricSet.read(dir.resolve("A.npz"), false);
            double[] residual = new double[raw.m()], grad = new double[raw.n()];
            for (int k = 0; k < Math.max(200, iters); k++) naive(raw, flat, b, residual, grad);
            double[] us = new double[iters];
            for (int k = 0; k < iters; k++) {
                long t = System.nanoTime();
                naive(raw, flat, b, residual, grad);
                us[k] = (System.nanoTime() - t) / 1e3;
            }
            System.out.printf(Locale.ROOT, "  reference: the plain triple loop (gather x_p x_q, scatter into grad), 1 thread: median %.1f us%n", median(us));
        }
        for (int threads : new int[] {1, 2}) {
            try (Problem p = load(dir, b, truth, threads)) {
                double[] residual = new double[p.m()], grad = new double[p.n()];
                for (int k = 0; k < Math.max(200, iters); k++) p.operator().residualAndGradient(flat, 1, p.b(), residual, grad);
                double[] us = new double[iters];
                for (int k = 0; k < iters; k++) {
                    long t0 = System.nanoTime();
                    p.operator().residualAndGradient(flat, 1, p.b(), residual, grad);
                    us[k] = (System.nanoTime() - t0) / 1e3;
                }
                System.out.printf(Locale.ROOT, "  one fused iteration (residual + gradient), %d thread%s: median %.1f us over %d%n", threads,
                        threads == 1 ? "" : "s", median(us), iters);
            }
        }

        if (randomStarts > 0) randomStarts(dir, b, truth, grid, randomStarts, maxIters);
        if (solves > 0) {
            SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                    .maxIterations(maxIters).build();
            double[] seconds = new double[solves];
            Result last = null;
            for (int k = -1; k < solves; k++) {
                try (Problem p = load(dir, b, truth, 2); Solver solver = new Solver(gd)) {
                    long t0 = System.nanoTime();
                    last = solver.solve(p, flat, Listener.NONE);
                    if (k >= 0) seconds[k] = (System.nanoTime() - t0) / 1e9;
                }
            }
            VoltageScore score = VoltageScore.of(grid, last.x(), truth);
            System.out.printf(Locale.ROOT, "  GD (Armijo from 1000) on the normalised problem, flat start, 2 threads: %s after %d iterations, "
                            + "median %.3f s per estimate over %d (after a warm-up solve); relative voltage error %.2e, largest bus error %.2e pu%n",
                    last.status(), last.iterations(), median(seconds), solves, score.relative(), score.worstBus());
        }
    }

    private static void randomStarts(Path dir, double[] b, double[] truth, VoltageScore.Grid grid, int starts, int maxIters) {
        int recovered = 0;
        long accepted = 0, attempts = 0;
        StringBuilder failures = new StringBuilder();
        for (int seed = 0; seed < starts; seed++) {
            SolverConfig sod = SolverConfig.builder().method(SolverConfig.Method.SOD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                    .initScale(1.0).seed(seed).maxIterations(maxIters).build();
            try (Problem p = load(dir, b, truth, 2); Solver solver = new Solver(sod)) {
                Result r = solver.solve(p, null, Listener.NONE);
                VoltageScore score = VoltageScore.of(grid, r.x(), truth);
                accepted += r.acceptedEscapes();
                attempts += r.escapes().size();
                if (score.relative() <= 1e-8) recovered++;
                else failures.append(String.format(Locale.ROOT, " seed %d: %s, error %.2e, %d iterations;", seed, r.status(),
                        score.relative(), r.iterations()));
                System.out.printf(Locale.ROOT, "    seed %d: %s, %d iterations, %d escape attempts (%d accepted), error %.2e%n", seed,
                        r.status(), r.iterations(), r.escapes().size(), r.acceptedEscapes(), score.relative());
            }
        }
        System.out.printf(Locale.ROOT, "  GD+SOD from %d random starts X0 = N(0, 1): %d recovered to 1e-8; %d escape attempts, %d accepted;%s%n",
                starts, recovered, attempts, accepted, failures);
    }

    private static Problem load(Path dir, double[] b, double[] truth, int threads) {
        SparseSymmetricSet a = SparseSymmetricSet.read(dir.resolve("A.npz"), false);
        double[] w = MeasurementWeights.normalizing(a);
        return SparseSensing.problem(dir.getFileName().toString(), a, b.clone(), w, new GroundTruth(truth, 1), 1, threads);
    }

    /** r_i = sum_e f_e a_e x_p x_q - b_i, grad += 2 r_i A_i x, straight from the triples (r = 1). */
    private static double naive(SparseSymmetricSet a, double[] x, double[] b, double[] residual, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        long[] start = a.start();
        int[] row = a.row(), col = a.col();
        double[] value = a.value();
        double h = 0;
        for (int i = 0; i < a.m(); i++) {
            double s = 0;
            for (int e = (int) start[i]; e < start[i + 1]; e++) s += (row[e] == col[e] ? 1 : 2) * value[e] * x[row[e]] * x[col[e]];
            double ri = s - b[i];
            residual[i] = ri;
            h += ri * ri;
            for (int e = (int) start[i]; e < start[i + 1]; e++) {
                int p = row[e], q = col[e];
                grad[p] += 2 * ri * value[e] * x[q];
                if (p != q) grad[q] += 2 * ri * value[e] * x[p];
            }
        }
        return 0.5 * h;
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 1; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return fallback;
    }
}
