package sod.operators;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import sod.kernels.Kernels;
import sod.kernels.VectorShapes;

/**
 * Quick timing (not a benchmark): median time of one fused residualAndGradient on dense Gaussian
 * sensing against a streaming dot over the same bytes with the same threads, in the same run.
 * Usage: {@code FusedTiming n m r iterations}.
 */
public final class FusedTiming {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 2560;
        int r = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        System.out.printf("n=%d m=%d r=%d vector bits=%d%n", n, m, r, VectorShapes.BITS);
        SplittableRandom random = new SplittableRandom(1);
        double[] x = new double[n * r], b = new double[m], residual = new double[m], grad = new double[n * r];
        for (int e = 0; e < x.length; e++) x[e] = random.nextGaussian() * 0.1;
        for (Precision precision : Precision.values()) {
            for (int threads : new int[] {1, 2}) {
                try (DenseSymmetricOperator op = DenseSymmetricOperator.gaussian(n, m, 3, precision, threads);
                     WorkerGang pool = new WorkerGang(threads, "stream")) {
                    MemorySegment data = op.storage();
                    long doubles = data.byteSize() / 8;
                    double[] sink = new double[threads];
                    java.util.function.IntConsumer stream = w -> {
                        long lo = doubles * w / threads, hi = doubles * (w + 1) / threads;
                        sink[w] += Kernels.dot(data, lo, data, lo, (int) (hi - lo));
                    };
                    double[] fused = new double[iterations], streamed = new double[iterations], measured = new double[iterations];
                    for (int warm = 0; warm < 15; warm++) {
                        op.residualAndGradient(x, r, b, residual, grad);
                        pool.run(stream);
                    }
                    for (int it = 0; it < iterations; it++) {
                        long t0 = System.nanoTime();
                        op.residualAndGradient(x, r, b, residual, grad);
                        long t1 = System.nanoTime();
                        pool.run(stream);
                        long t2 = System.nanoTime();
                        op.measure(x, x, r, residual);
                        measured[it] = (System.nanoTime() - t2) * 1e-6;
                        fused[it] = (t1 - t0) * 1e-6;
                        streamed[it] = (t2 - t1) * 1e-6;
                    }
                    double f = median(fused), s = median(streamed);
                    double gb = op.bytesPerIteration(r) / 1e9;
                    System.out.printf("%s threads=%d: fused %.2f ms/iter (%.1f GB/s, %.1f GFLOP/s) | stream dot %.2f ms (%.1f GB/s) | ratio %.2f | measure only %.2f ms [%s]%n",
                            precision, threads, f, gb / (f * 1e-3), op.flopsPerIteration(r) / (f * 1e6), s,
                            data.byteSize() / 1e9 / (s * 1e-3), f / s, median(measured), sink[0] == 42 ? "" : "ok");
                }
            }
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
