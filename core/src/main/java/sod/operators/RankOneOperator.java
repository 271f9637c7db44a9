package sod.operators;

import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
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
public final class RankOneOperator extends FusedSensingOperator {

    private final long stride;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    /** U^T, V^T and the per-worker k x n partials of (G X)^T; worker w's at element w * capacity * n. */
    private final TransposedFactors work;
    private MemorySegment packedAdjoint;
    /** Per-worker X^T a_i. */
    private double[][] xtaBuffers;

    // One task per pass, preallocated; their arguments are in parked.
    private final IntConsumer fusedTask = this::fusedPart;
    private final IntConsumer measureTask = this::measurePart;
    private final IntConsumer adjointTimesTask = this::adjointTimesPart;
    private final IntConsumer gaussianTask = this::gaussianPart;

    private RankOneOperator(int n, int m, int threads) {
        super(atLeastOne("matrix dimension n", n), atLeastOne("number of measurements m", m), atLeastOne("threads", threads), "sod-rank1");
        this.stride = ((long) n + 7) / 8 * 8;
        this.data = arena.allocate(stride * m * 8, 64);
        this.work = new TransposedFactors(n, threads);
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
        op.parked.seed = seed;
        op.runParts(op.gaussianTask);
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
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        ensureWork(k);
        Kernels.transposeInto(u, n, k, work.ut());
        Kernels.transposeInto(v, n, k, work.vt());
        parked.k = k;
        parked.out = out;
        runParts(measureTask);
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
        ensureWork(k);
        Kernels.transposeInto(v, n, k, work.ut());
        parked.k = k;
        parked.measurements = y;
        runParts(adjointTimesTask);
        sumPartialsIntoFirst(work.scratch(), partStride(), k * n);
        Kernels.transposeFrom(work.scratch(), n, k, 1.0, out);
    }

    @Override
    protected void adjointChecked(double[] y, double[] g) {
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

    /** One fused pass; returns 1/2 sum r_i^2 (l2) or sum |r_i| (l1). */
    @Override
    protected double fused(double[] x, int r, double[] b, double[] residual, double[] grad, boolean l1) {
        ensureWork(r);
        Kernels.transposeInto(x, n, r, work.ut());
        parked.k = r;
        parked.measurements = b;
        parked.residual = residual;
        parked.l1 = l1;
        runParts(fusedTask);
        double loss = lossOf(residual, l1);
        sumPartialsIntoFirst(work.scratch(), partStride(), r * n);
        Kernels.transposeFrom(work.scratch(), n, r, 2.0, grad);
        return loss;
    }

    /** Elements from one worker's partial to the next. */
    private long partStride() {
        return (long) work.capacity() * n;
    }

    private void fusedPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        int k = parked.k;
        double[] b = parked.measurements, residual = parked.residual, xta = xtaBuffers[worker];
        boolean l1 = parked.l1;
        MemorySegment ut = work.ut(), partials = work.scratch();
        long part = worker * partStride();
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

    private void measurePart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        int k = parked.k;
        double[] out = parked.out;
        MemorySegment ut = work.ut(), vt = work.vt();
        for (int i = lo; i < hi; i++) {
            long a = i * stride;
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Kernels.dot(data, a, ut, (long) j * n, n) * Kernels.dot(data, a, vt, (long) j * n, n);
            }
            out[i] = s;
        }
    }

    private void adjointTimesPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        int k = parked.k;
        double[] y = parked.measurements;
        MemorySegment ut = work.ut(), partials = work.scratch();
        long part = worker * partStride();
        Kernels.zero(partials, part, k * n);
        for (int i = lo; i < hi; i++) {
            long a = i * stride;
            for (int j = 0; j < k; j++) {
                double w = Kernels.dot(data, a, ut, (long) j * n, n);
                Kernels.axpy(y[i] * w, data, a, partials, part + (long) j * n, n);
            }
        }
    }

    private void gaussianPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        double sd = Math.pow(2.0 * m, -0.25);
        for (int i = lo; i < hi; i++) {
            SplittableRandom random = new SplittableRandom(streamSeed(parked.seed, i));
            for (int p = 0; p < n; p++) data.setAtIndex(F64_LE, i * stride + p, sd * random.nextGaussian());
        }
    }

    private void ensureWork(int k) {
        if (work.ensure(k)) xtaBuffers = new double[threads()][k];
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
    protected void release() {
        work.close();
        arena.close();
    }
}
