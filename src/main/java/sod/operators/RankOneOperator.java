package sod.operators;

import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import sod.SodInputException;
import sod.kernels.Kernels;

/**
 * Rank-one sensing matrices {@code A_i = a_i a_i^T}, the vectors {@code a_i} (length n) stored
 * off-heap in one float64 segment (m rows, each padded to a multiple of 8 elements, 64-byte aligned).
 *
 * <p>Nothing n x n is formed on the hot paths: {@code <A_i, U V^T> = (U^T a_i) . (V^T a_i)} in O(nk)
 * and {@code A*(y) V = sum_i y_i a_i (a_i^T V)}. {@link #residualAndGradient} is one pass over the
 * {@code a_i}: {@code w = X^T a_i}, {@code r_i = |w|^2 - b_i}, then {@code a_i} (still in L1) is added
 * to the worker's partial {@code (G X)^T} rows with weights {@code r_i w_j}. Threads, ranges and
 * partial sums work as in {@link DenseSymmetricOperator}.
 */
public final class RankOneOperator implements SensingOperator {

    private static final int MODE_FUSED = 0, MODE_MEASURE = 1, MODE_ADJOINT_TIMES = 2, MODE_GAUSSIAN = 3;

    private final int n;
    private final int m;
    private final long stride;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final WorkerGang pool;
    private final java.util.function.IntConsumer body = this::work;

    private Arena workArena;
    private int workK;
    private MemorySegment ut, vt;
    /** Per-worker k x n partials; worker w at element w * workK * n. */
    private MemorySegment partials;
    private MemorySegment packedAdjoint;
    /** Per-worker X^T a_i. */
    private double[][] xtaBuffers;

    private int mode;
    private int roundK;
    private double[] roundIn;
    private double[] roundOut;
    private long roundSeed;
    /** Fused round weights a_i by sign(r_i) (l1 subgradient) instead of r_i. */
    private boolean roundL1;
    private boolean closed;

    private RankOneOperator(int n, int m, int threads) {
        if (n < 1) throw new SodInputException("matrix dimension n = " + n + " must be >= 1");
        if (m < 1) throw new SodInputException("number of measurements m = " + m + " must be >= 1");
        if (threads < 1) throw new SodInputException("threads = " + threads + " must be >= 1");
        this.n = n;
        this.m = m;
        this.stride = ((long) n + 7) / 8 * 8;
        this.data = arena.allocate(stride * m * 8, 64);
        this.pool = new WorkerGang(threads, "sod-rank1");
    }

    /**
     * Seeded Gaussian vectors {@code a_i ~ N(0, s^2 I)} with {@code s^4 = 1/(2m)}. Then
     * {@code E (a^T M a)^2 = s^4 (2 ||M||_F^2 + (tr M)^2)}, so
     * {@code E ||A(M)||^2 = ||M||_F^2 + (tr M)^2 / 2}: the isometry in expectation holds exactly for
     * traceless symmetric M only; for rank-one PSD M the expectation is {@code 1.5 ||M||_F^2}
     * (rank-one measurements cannot be isotropic on all of S^n, the trace direction is always
     * over-weighted). Vector i is drawn from its own stream seeded by (seed, i).
     */
    public static RankOneOperator gaussian(int n, int m, long seed, int threads) {
        RankOneOperator op = new RankOneOperator(n, m, threads);
        op.roundSeed = seed;
        op.mode = MODE_GAUSSIAN;
        op.pool.run(op.body);
        return op;
    }

    /** Operator from given vectors ({@code vectors[i]} of length n): {@code A_i = a_i a_i^T}. */
    public static RankOneOperator fromVectors(int n, double[][] vectors, int threads) {
        if (vectors == null || vectors.length == 0) throw new SodInputException("rank-one sensing vectors: none given (m = 0)");
        for (int i = 0; i < vectors.length; i++) {
            double[] a = vectors[i];
            if (a == null || a.length != n) {
                throw new SodInputException("sensing vector " + i + " has " + (a == null ? 0 : a.length)
                        + " entries, expected n = " + n);
            }
            for (int p = 0; p < n; p++) {
                if (!Double.isFinite(a[p])) {
                    throw new SodInputException("sensing vector " + i + " has a non-finite entry at " + p
                            + "; remove NaN/Inf from the input");
                }
            }
        }
        RankOneOperator op = new RankOneOperator(n, vectors.length, threads);
        for (int i = 0; i < vectors.length; i++) {
            MemorySegment.copy(vectors[i], 0, op.data, F64_LE, 8L * i * op.stride, n);
        }
        return op;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return m;
    }

    @Override
    public int threads() {
        return pool.size();
    }

    /** Component p of {@code a_i}. */
    public double vectorEntry(int i, int p) {
        return data.getAtIndex(F64_LE, i * stride + p);
    }

    /** Read-only view of the storage: {@code a_i} starts at element {@code i * vectorStride()}. */
    public MemorySegment storage() {
        return data.asReadOnly();
    }

    public long vectorStride() {
        return stride;
    }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        checkFactor("u", u, k);
        checkFactor("v", v, k);
        checkLength("out", out, m);
        ensureWork(k);
        Kernels.transposeInto(u, n, k, ut);
        Kernels.transposeInto(v, n, k, vt);
        roundK = k;
        roundOut = out;
        mode = MODE_MEASURE;
        runRound();
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        checkLength("y", y, m);
        checkFactor("v", v, k);
        checkFactor("out", out, k);
        ensureWork(k);
        Kernels.transposeInto(v, n, k, ut);
        roundK = k;
        roundIn = y;
        mode = MODE_ADJOINT_TIMES;
        runRound();
        sumPartials(k);
        Kernels.transposeFrom(partials, n, k, 1.0, out);
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        checkLength("y", y, m);
        checkLength("g", g, (long) n * n);
        // n x n only for the caller that asks for it: the hot paths never form it
        if (packedAdjoint == null) packedAdjoint = arena.allocate(8 * Kernels.packedLength(n), 64);
        Kernels.zero(packedAdjoint, 0, (int) Kernels.packedLength(n));
        for (int i = 0; i < m; i++) {
            long a = i * stride;
            for (int p = 0; p < n; p++) {
                double weight = y[i] * data.getAtIndex(F64_LE, a + p);
                Kernels.axpy(weight, data, a + p, packedAdjoint, Kernels.packedRowStart(n, p), n - p);
            }
        }
        for (int p = 0; p < n; p++) {
            long row = Kernels.packedRowStart(n, p) - p;
            for (int q = p; q < n; q++) {
                double value = packedAdjoint.getAtIndex(F64_LE, row + q);
                g[p * n + q] = value;
                g[q * n + p] = value;
            }
        }
    }

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return fused(x, r, b, residual, grad, false);
    }

    @Override
    public double residualAndSubgradientL1(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return fused(x, r, b, residual, grad, true);
    }

    /** One fused pass; returns 1/2 sum r_i^2 (l2) or sum |r_i| (l1). */
    private double fused(double[] x, int r, double[] b, double[] residual, double[] grad, boolean l1) {
        checkFactor("x", x, r);
        checkLength("b", b, m);
        checkLength("residual", residual, m);
        checkFactor("grad", grad, r);
        ensureWork(r);
        Kernels.transposeInto(x, n, r, ut);
        roundK = r;
        roundIn = b;
        roundOut = residual;
        roundL1 = l1;
        mode = MODE_FUSED;
        runRound();
        double h = 0;
        if (l1) {
            for (int i = 0; i < m; i++) h += Math.abs(residual[i]);
        } else {
            for (int i = 0; i < m; i++) h += residual[i] * residual[i];
        }
        sumPartials(r);
        Kernels.transposeFrom(partials, n, r, 2.0, grad);
        return l1 ? h : 0.5 * h;
    }

    private void runRound() {
        if (closed) throw new IllegalStateException("operator closed");
        try {
            pool.run(body);
        } finally {
            roundIn = null;
            roundOut = null;
        }
    }

    private void sumPartials(int k) {
        int len = k * n;
        for (int w = 1; w < pool.size(); w++) Kernels.axpy(1.0, partials, (long) w * workK * n, partials, 0, len);
    }

    private void work(int worker) {
        int threads = pool.size();
        int lo = WorkerGang.rangeStart(m, threads, worker), hi = WorkerGang.rangeStart(m, threads, worker + 1);
        int k = roundK;
        switch (mode) {
            case MODE_FUSED -> {
                double[] b = roundIn, residual = roundOut, xta = xtaBuffers[worker];
                boolean l1 = roundL1;
                long part = (long) worker * workK * n;
                Kernels.zero(partials, part, k * n);
                for (int i = lo; i < hi; i++) {
                    long a = i * stride;
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        double w = Kernels.dot(data, a, ut, (long) j * n, n);
                        xta[j] = w;
                        s += w * w;
                    }
                    double ri = s - b[i];
                    residual[i] = ri;
                    if (l1) ri = Math.signum(ri);
                    for (int j = 0; j < k; j++) Kernels.axpy(ri * xta[j], data, a, partials, part + (long) j * n, n);
                }
            }
            case MODE_MEASURE -> {
                double[] out = roundOut;
                for (int i = lo; i < hi; i++) {
                    long a = i * stride;
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        s += Kernels.dot(data, a, ut, (long) j * n, n) * Kernels.dot(data, a, vt, (long) j * n, n);
                    }
                    out[i] = s;
                }
            }
            case MODE_ADJOINT_TIMES -> {
                double[] y = roundIn;
                long part = (long) worker * workK * n;
                Kernels.zero(partials, part, k * n);
                for (int i = lo; i < hi; i++) {
                    long a = i * stride;
                    for (int j = 0; j < k; j++) {
                        double w = Kernels.dot(data, a, ut, (long) j * n, n);
                        Kernels.axpy(y[i] * w, data, a, partials, part + (long) j * n, n);
                    }
                }
            }
            case MODE_GAUSSIAN -> {
                double sd = Math.pow(2.0 * m, -0.25);
                for (int i = lo; i < hi; i++) {
                    SplittableRandom random = new SplittableRandom(DenseSymmetricOperator.streamSeed(roundSeed, i));
                    for (int p = 0; p < n; p++) data.setAtIndex(F64_LE, i * stride + p, sd * random.nextGaussian());
                }
            }
            default -> throw new IllegalStateException("mode " + mode);
        }
    }

    private void ensureWork(int k) {
        if (k < 1) throw new SodInputException("factor width k = " + k + " must be >= 1");
        if (k <= workK) return;
        if (workArena != null) workArena.close();
        workArena = Arena.ofShared();
        long bytes = 8L * k * n;
        ut = workArena.allocate(bytes, 64);
        vt = workArena.allocate(bytes, 64);
        partials = workArena.allocate(bytes * pool.size(), 64);
        xtaBuffers = new double[pool.size()][k];
        workK = k;
    }

    private void checkFactor(String name, double[] a, int k) {
        if (a == null || a.length < (long) n * k) {
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected n*k = "
                    + (long) n * k + " (n = " + n + ", k = " + k + ")");
        }
    }

    private static void checkLength(String name, double[] a, long expected) {
        if (a == null || a.length < expected) {
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected " + expected);
        }
    }

    @Override
    public long bytesPerIteration(int r) {
        return 8L * m * n;
    }

    @Override
    public double flopsPerIteration(int r) {
        // Per measurement: r dots and r axpys of length n.
        return 4.0 * m * n * r;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pool.close();
        if (workArena != null) workArena.close();
        arena.close();
    }
}
