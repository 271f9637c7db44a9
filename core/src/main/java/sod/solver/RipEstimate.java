package sod.solver;

import java.util.SplittableRandom;
import sod.operators.SensingOperator;

/**
 * Monte-Carlo estimate of the RIP constant delta as the authors compute it (spec section 1): random
 * symmetric rank-2 matrices {@code M = sym(X Y)} with Gaussian {@code X} (n x 2) and {@code Y} (2 x n),
 * normalised to {@code ||M||_F = 1}; {@code delta = max(1 - min ||A(M)||^2, max ||A(M)||^2 - 1)}.
 * It is a lower estimate of the true constant. Cost: {@code samples} applications of the operator.
 */
public final class RipEstimate {
    private RipEstimate() {}

    private record Key(int samples, long seed) {}

    /** Estimates per operator (identity) and settings; weak keys, so a closed operator's entry goes with it. */
    private static final java.util.Map<SensingOperator, java.util.Map<Key, Double>> CACHE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The estimate with the config's sample count and seed, computed once per operator and cached: an
     * operator never changes, so every solver, solve and sweep trial on it shares one estimate.
     */
    public static double cached(SensingOperator op, SolverConfig config) {
        Key key = new Key(config.sod().deltaSamples(), config.sod().deltaSeed());
        java.util.Map<Key, Double> forOp;
        synchronized (CACHE) {
            forOp = CACHE.computeIfAbsent(op, o -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        return forOp.computeIfAbsent(key, k -> estimate(op, k.samples(), k.seed()));
    }

    /** The estimate with the config's sample count and seed. */
    public static double estimate(SensingOperator op, SolverConfig config) {
        return estimate(op, config.sod().deltaSamples(), config.sod().deltaSeed());
    }

    public static double estimate(SensingOperator op, int samples, long seed) {
        int n = op.n(), m = op.m();
        double[] x = new double[n * 2], yt = new double[n * 2], out = new double[m];
        SplittableRandom random = new SplittableRandom(seed);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < 2 * n; i++) x[i] = random.nextGaussian();
            for (int i = 0; i < 2 * n; i++) yt[i] = random.nextGaussian();
            // ||sym(B)||_F^2 = (||B||_F^2 + tr(B B)) / 2 for B = X Y = x yt^T, via 2 x 2 Gram blocks
            double xx00 = 0, xx01 = 0, xx11 = 0, yy00 = 0, yy01 = 0, yy11 = 0, yx00 = 0, yx01 = 0, yx10 = 0, yx11 = 0;
            for (int i = 0; i < n; i++) {
                double x0 = x[2 * i], x1 = x[2 * i + 1], y0 = yt[2 * i], y1 = yt[2 * i + 1];
                xx00 += x0 * x0; xx01 += x0 * x1; xx11 += x1 * x1;
                yy00 += y0 * y0; yy01 += y0 * y1; yy11 += y1 * y1;
                yx00 += y0 * x0; yx01 += y0 * x1; yx10 += y1 * x0; yx11 += y1 * x1;
            }
            double frobB = xx00 * yy00 + 2 * xx01 * yy01 + xx11 * yy11;
            double traceBB = yx00 * yx00 + yx01 * yx10 + yx10 * yx01 + yx11 * yx11;
            double normSq = 0.5 * (frobB + traceBB);
            op.measure(x, yt, 2, out);
            double am = sod.kernels.ArrayKernels.sumOfSquares(out, 0, m); // m terms per sample: vectorised
            double ratio = am / normSq;
            lo = Math.min(lo, ratio);
            hi = Math.max(hi, ratio);
        }
        return Math.max(1 - lo, hi - 1);
    }
}
