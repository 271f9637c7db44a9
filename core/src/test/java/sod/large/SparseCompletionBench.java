package sod.large;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.Problem;

/**
 * Not a test: manual timing of one residual-and-gradient evaluation of the sparse completion
 * operator. Run after {@code mvn test-compile} with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes sod.large.SparseCompletionBench [n] [r] [perRow] [threads...]}.
 * Prints the median over timed repetitions after warm-up, and the effective bandwidth counting the
 * operator's index/value bytes plus the X rows it gathers.
 */
public final class SparseCompletionBench {

    private SparseCompletionBench() {
    }

    /** Median bandwidth of summing a 400 MB array (4 independent sums, vectorised by C2). */
    static double streamingReadGBs() {
        double[] a = new double[50_000_000];
        Arrays.fill(a, 1.0);
        double[] t = new double[5];
        double sink = 0;
        for (int rep = 0; rep < t.length + 2; rep++) {
            long t0 = System.nanoTime();
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int q = 0; q < a.length; q += 4) {
                s0 += a[q];
                s1 += a[q + 1];
                s2 += a[q + 2];
                s3 += a[q + 3];
            }
            sink += s0 + s1 + s2 + s3;
            if (rep >= 2) t[rep - 2] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        if (sink == 42) System.out.print("");
        return 8.0 * a.length / t[t.length / 2] * 1e-9;
    }

    /** VmHWM from /proc/self/status (Linux), or "?" elsewhere. */
    static String peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return line.substring(6).trim();
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int r = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perRow = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int[] threads = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray() : new int[]{1, 2};
        int reps = Integer.getInteger("reps", 7);
        int m = (int) Math.min((long) n * perRow, (long) n * (n + 1) / 2);
        System.out.printf(Locale.ROOT, "streaming read reference (sum of 400 MB, same run): %.2f GB/s%n", streamingReadGBs());
        for (int t : threads) {
            long start = System.nanoTime();
            try (Problem p = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 1, t)) {
                double build = (System.nanoTime() - start) * 1e-9;
                SensingOperator op = p.operator();
                double[] x = new double[n * r];
                SplittableRandom rnd = new SplittableRandom(2);
                for (int q = 0; q < x.length; q++) x[q] = rnd.nextGaussian() / Math.sqrt(n);
                double[] residual = new double[m], grad = new double[n * r];
                double[] times = new double[reps];
                double h = 0;
                for (int w = 0; w < 3; w++) h = op.residualAndGradient(x, r, p.b(), residual, grad);
                for (int rep = 0; rep < reps; rep++) {
                    long t0 = System.nanoTime();
                    h = op.residualAndGradient(x, r, p.b(), residual, grad);
                    times[rep] = (System.nanoTime() - t0) * 1e-9;
                }
                Arrays.sort(times);
                double median = times[reps / 2];
                long bytes = op.bytesPerIteration(r);
                System.out.printf(Locale.ROOT,
                        "n=%d r=%d m=%d threads=%d build=%.1fs residualAndGradient median=%.1f ms (min %.1f) h=%.6e  effective %.2f GB/s (%d bytes/iter, %.1f bytes/obs)%n",
                        n, r, m, t, build, median * 1e3, times[0] * 1e3, h, bytes / median * 1e-9, bytes, (double) bytes / m);
                if (op instanceof sod.operators.EntryWeightedSparse sparse)
                    System.out.printf(Locale.ROOT, "  operator storage %.1f bytes/obs (+16 for b and the residual); peak RSS so far %s%n",
                            (double) sparse.storageBytes() / m, peakRss());
            }
        }
    }
}
