package sod.operators;

import static sod.kernels.Kernels.F32_LE;
import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.Kernels;
import sod.kernels.RowBlockKernels;

/**
 * Dense symmetric sensing matrices {@code A_1..A_m} (n x n), each stored packed (upper triangle, row by
 * row, {@code n(n+1)/2} elements padded to a multiple of 16 so that every matrix starts 64-byte
 * aligned) in one off-heap segment owned by the operator, as float64 or float32; large storage is
 * backed by huge pages where the system allows it ({@link StreamedStorage}).
 *
 * <p>{@link #residualAndGradient} is one fused sweep: for each measurement,
 * {@code r_i = <A_i, X X^T> - b_i} is the dot of packed {@code A_i} with the packed Gram of X (its
 * off-diagonals doubled), and {@code G += r_i A_i} follows while {@code A_i} is still in cache (blocks of
 * four measurements: one sweep for their dots, one sweep over G; for float32 the dots of the next block
 * share the sweep over G). Measurements are split into fixed contiguous ranges, one per
 * thread, each thread accumulating its own packed partial G; the partials are summed in thread order,
 * so results are bitwise reproducible for a given thread count and vector width. Then
 * {@code grad = 2 G X}.
 */
public final class DenseSymmetricOperator extends FusedSensingOperator {

    private final Precision precision;
    private final int packedLength;
    /** Elements from one packed matrix to the next (packedLength rounded up to 16). */
    private final long stride;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    /** Packed (doubled off-diagonal) Gram or symmetric product, read by all workers. */
    private final MemorySegment gram;
    /** Per-worker packed partial sums of r_i A_i; worker w at element w * stride. */
    private final MemorySegment partials;
    /** U^T, V^T and the k x n output (G X)^T. */
    private final TransposedFactors work;

    // One task per pass, preallocated. Their arguments are in parked (measurements: b or y, residual,
    // out: measure's output, l1, seed); the transposed factors and the Gram are in work and gram.
    private final IntConsumer fusedTask = this::fusedPart;
    private final IntConsumer measureTask = this::measurePart;
    private final IntConsumer adjointTask = this::adjointPart;
    private final IntConsumer gaussianTask = this::gaussianPart;

    private DenseSymmetricOperator(int n, int m, Precision precision, int threads) {
        super(checkedDimension(n), atLeastOne("number of measurements m", m), atLeastOne("threads", threads), "sod-dense");
        this.precision = precision;
        long packed = Kernels.packedLength(n);
        this.packedLength = (int) packed;
        this.stride = (packed + 15) / 16 * 16;
        this.data = StreamedStorage.allocate(arena, stride * m * precision.bytes());
        this.gram = arena.allocate(stride * 8, 64);
        this.partials = arena.allocate(stride * 8 * threads, 64);
        this.work = new TransposedFactors(n, 1);
    }

    private static int checkedDimension(int n) {
        atLeastOne("matrix dimension n", n);
        if (Kernels.packedLength(n) > Integer.MAX_VALUE - 16) throw new SodInputException("n = " + n + " is too large for packed storage");
        return n;
    }

    /**
     * Seeded Gaussian operator: symmetric {@code A_i} with independent entries, diagonal N(0, 1/m) and
     * off-diagonal N(0, 1/(2m)), so that {@code E ||A(M)||^2 = ||M||_F^2} for every symmetric M
     * (each {@code <A_i, M>} is N(0, ||M||_F^2 / m)). Matrix i is drawn from its own stream seeded by
     * (seed, i), so the operator does not depend on the thread count. With FLOAT32 storage the drawn
     * values are rounded to float and the operator is exactly the stored matrices.
     */
    public static DenseSymmetricOperator gaussian(int n, int m, long seed, Precision precision, int threads) {
        DenseSymmetricOperator op = new DenseSymmetricOperator(n, m, precision, threads);
        op.parked.seed = seed;
        op.runParts(op.gaussianTask);
        return op;
    }

    /** {@link #gaussian(int, int, long, Precision, int)} using all available processors. */
    public static DenseSymmetricOperator gaussian(int n, int m, long seed, Precision precision) {
        return gaussian(n, m, seed, precision, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Operator from full n x n matrices ({@code matrices[i]} row-major, length n*n), packed on copy.
     * Non-finite entries are rejected; so is a matrix with {@code |A_pq - A_qp|} above 1e-12 times its
     * largest entry, unless {@code symmetrise} is set, in which case {@code (A + A^T)/2} is stored (the
     * measurements of symmetric matrices are unchanged by that).
     */
    public static DenseSymmetricOperator fromFull(int n, double[][] matrices, Precision precision, boolean symmetrise,
                                                  int threads) {
        if (matrices == null || matrices.length == 0) throw new SodInputException("sensing matrices: none given (m = 0)");
        for (int i = 0; i < matrices.length; i++) {
            double[] a = matrices[i];
            if (a == null || a.length != (long) n * n) {
                throw new SodInputException("sensing matrix " + i + " has " + (a == null ? 0 : a.length)
                        + " entries, expected n*n = " + (long) n * n);
            }
        }
        return fromEntries(n, matrices.length, (i, p, q) -> matrices[i][p * n + q], precision, symmetrise, threads);
    }

    /** Entry {@code (p, q)} of sensing matrix {@code i}, e.g. read from a memory-mapped file. */
    @FunctionalInterface
    public interface EntrySource {
        double get(int i, int p, int q);
    }

    /**
     * Operator from m full n x n matrices read entry by entry from {@code source} (e.g. a memory-mapped
     * .npy file): packed straight into the off-heap storage, so no full copy is ever held on the heap.
     * Same checks as {@link #fromFull}; an exception names the matrix and entry.
     */
    public static DenseSymmetricOperator fromEntries(int n, int m, EntrySource source, Precision precision,
                                                     boolean symmetrise, int threads) {
        if (m < 1) throw new SodInputException("sensing matrices: none given (m = 0)");
        DenseSymmetricOperator op = new DenseSymmetricOperator(n, m, precision, threads);
        try {
            for (int i = 0; i < m; i++) {
                double max = 0;
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        double a = source.get(i, p, q);
                        if (!Double.isFinite(a)) {
                            throw new SodInputException("sensing matrix " + i + " has a non-finite entry at (" + p + ", "
                                    + q + "); remove NaN/Inf from the input");
                        }
                        max = Math.max(max, Math.abs(a));
                    }
                }
                long base = i * op.stride;
                for (int p = 0; p < n; p++) {
                    long row = base + Kernels.packedRowStart(n, p) - p;
                    for (int q = p; q < n; q++) {
                        double upper = source.get(i, p, q), lower = source.get(i, q, p);
                        if (!symmetrise && Math.abs(upper - lower) > 1e-12 * max) {
                            throw new SodInputException("sensing matrix " + i + " is not symmetric: A(" + p + "," + q
                                    + ") = " + upper + " but A(" + q + "," + p + ") = " + lower
                                    + "; fix the input or allow symmetrising it");
                        }
                        op.store(row + q, 0.5 * (upper + lower));
                    }
                }
            }
        } catch (RuntimeException e) {
            op.close();
            throw e;
        }
        return op;
    }

    private void store(long index, double value) {
        if (precision == Precision.FLOAT32) data.setAtIndex(F32_LE, index, (float) value);
        else data.setAtIndex(F64_LE, index, value);
    }

    public Precision precision() {
        return precision;
    }

    /**
     * Read-only view of the packed storage: matrix i starts at element {@code i * packedStride()}, holds
     * {@code n(n+1)/2} little-endian values of {@link #precision()}, then zero padding.
     */
    public MemorySegment storage() {
        return data.asReadOnly();
    }

    /** Elements from one packed matrix to the next in {@link #storage()}. */
    public long packedStride() {
        return stride;
    }

    /** Entry (p, q) of {@code A_i} as stored. */
    public double entry(int i, int p, int q) {
        if (p > q) return entry(i, q, p);
        long index = i * stride + Kernels.packedRowStart(n, p) + q - p;
        return precision == Precision.FLOAT32 ? data.getAtIndex(F32_LE, index) : data.getAtIndex(F64_LE, index);
    }

    @Override
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        work.ensure(k);
        MemorySegment ut = work.ut();
        Kernels.transposeInto(u, n, k, ut);
        if (u == v) {
            Kernels.packedSymProduct(ut, ut, n, k, gram);
        } else {
            Kernels.transposeInto(v, n, k, work.vt());
            Kernels.packedSymProduct(ut, work.vt(), n, k, gram);
        }
        parked.out = out;
        runParts(measureTask);
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
        accumulateAdjoint(y);
        timesAdjoint(v, k, out);
    }

    /** {@code out = G V} for the packed {@code G = A*(y)} that {@link #accumulateAdjoint} left in partial 0. */
    private void timesAdjoint(double[] v, int k, double[] out) {
        work.ensure(k);
        Kernels.transposeInto(v, n, k, work.ut());
        Kernels.packedSymTimes(partials, n, work.ut(), k, work.scratch());
        Kernels.transposeFrom(work.scratch(), n, k, 1.0, out);
    }

    /**
     * Sums {@code A*(y)} (packed) once; each product is then one packed {@code G V}, the tail of
     * {@link #adjointTimes}. Valid until the next call of this operator that sweeps it (fused pass,
     * adjoint, adjointTimes, another map).
     */
    @Override
    protected AdjointMap adjointMapChecked(double[] y) {
        accumulateAdjoint(y);
        return (v, k, out) -> {
            checkProduct(v, k, out);
            timesAdjoint(v, k, out);
        };
    }

    @Override
    protected void adjointChecked(double[] y, double[] g) {
        accumulateAdjoint(y);
        for (int p = 0; p < n; p++) {
            long row = Kernels.packedRowStart(n, p) - p;
            for (int q = p; q < n; q++) {
                double value = partials.getAtIndex(F64_LE, row + q);
                g[p * n + q] = value;
                g[q * n + p] = value;
            }
        }
    }

    /** Leaves {@code sum_i y_i A_i} packed in the first partial. */
    private void accumulateAdjoint(double[] y) {
        parked.measurements = y;
        runParts(adjointTask);
        sumPartialsIntoFirst(partials, stride, (int) stride);
    }

    /** One fused sweep; returns 1/2 sum r_i^2 (l2) or sum |r_i| (l1). */
    @Override
    protected double fused(double[] x, int r, double[] b, double[] residual, double[] grad, boolean l1) {
        work.ensure(r);
        MemorySegment ut = work.ut();
        Kernels.transposeInto(x, n, r, ut);
        Kernels.packedSymProduct(ut, ut, n, r, gram);
        parked.measurements = b;
        parked.residual = residual;
        parked.l1 = l1;
        runParts(fusedTask);
        double loss = lossOf(residual, l1);
        sumPartialsIntoFirst(partials, stride, (int) stride);
        Kernels.packedSymTimes(partials, n, ut, r, work.scratch());
        Kernels.transposeFrom(work.scratch(), n, r, 2.0, grad);
        return loss;
    }

    /** {@code <A_i, gram>} in the row-block order, so residuals do not depend on how rows are grouped. */
    private double dotWithGram(int i) {
        int len = (int) stride;
        return precision == Precision.FLOAT32
                ? RowBlockKernels.dotOneChainF32(data, i * stride, gram, 0, len)
                : RowBlockKernels.dotOneChain(data, i * stride, gram, 0, len);
    }

    private void measurePart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        double[] out = parked.out;
        int len = (int) stride;
        int i = lo;
        for (; i + 4 <= hi; i += 4) {
            if (precision == Precision.FLOAT32) RowBlockKernels.dot4F32(data, i * stride, stride, gram, 0, out, i, len);
            else RowBlockKernels.dot4(data, i * stride, stride, gram, 0, out, i, len);
        }
        for (; i < hi; i++) out[i] = dotWithGram(i);
    }

    private void fusedPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        double[] b = parked.measurements, residual = parked.residual;
        long g = worker * stride;
        int len = (int) stride;
        boolean f32 = precision == Precision.FLOAT32;
        boolean l1 = parked.l1;
        Kernels.zero(partials, g, len);
        // Blocks of four measurements: one sweep for their four dots (four memory streams at once keep
        // more lines in flight than one dot after another), then one sweep of G += r A over the four
        // rows, still in L2. Float32 overlaps the next block's dots with this block's update
        // (dot4Axpy4F32), which measured a few percent faster on one thread; for float64 the overlap
        // measured 6-8% slower than the two sweeps, so it is not used there.
        // Why float32 gains less than its halved bytes: every stored float is widened twice (for its dot,
        // then again for the update, since r_i is known only after the whole row), and on the AVX2 EPYC
        // one widening of four floats costs ~1.3 cycles, so the in-cache float32 sweep alone takes about
        // as long as a streaming read of its bytes. Measured no faster (issue 16): eight-float loads split
        // into halves (2.4x slower: C2 compiles the upper-half conversion poorly), two-vector unrolling,
        // eight rows per block, two accumulators per row, blocks of two overlapped, keeping the widened
        // rows in a double buffer (faster only while the buffer fits in L1, and a row is 66 KB at n 128).
        // Accumulating the update in float lanes would halve the conversions but err by ~1e-7 relative,
        // far outside the contract's 1e-12.
        int i = lo;
        if (f32 && i + 4 <= hi) RowBlockKernels.dot4F32(data, i * stride, stride, gram, 0, residual, i, len);
        for (; i + 4 <= hi; i += 4) {
            if (!f32) RowBlockKernels.dot4(data, i * stride, stride, gram, 0, residual, i, len);
            double r0 = residual[i] -= b[i];
            double r1 = residual[i + 1] -= b[i + 1];
            double r2 = residual[i + 2] -= b[i + 2];
            double r3 = residual[i + 3] -= b[i + 3];
            if (l1) {
                r0 = Math.signum(r0);
                r1 = Math.signum(r1);
                r2 = Math.signum(r2);
                r3 = Math.signum(r3);
            }
            long a = i * stride;
            if (f32 && i + 8 <= hi) {
                RowBlockKernels.dot4Axpy4F32(data, a + 4 * stride, a, stride, gram, 0, residual, i + 4, r0, r1, r2, r3, partials, g, len);
            } else if (f32) {
                Kernels.axpy4F32(r0, a, r1, a + stride, r2, a + 2 * stride, r3, a + 3 * stride, data, partials, g, len);
            } else {
                Kernels.axpy4(r0, a, r1, a + stride, r2, a + 2 * stride, r3, a + 3 * stride, data, partials, g, len);
            }
        }
        for (; i < hi; i++) {
            double ri = dotWithGram(i) - b[i];
            residual[i] = ri;
            if (l1) ri = Math.signum(ri);
            if (f32) Kernels.axpyF32(ri, data, i * stride, partials, g, len);
            else Kernels.axpy(ri, data, i * stride, partials, g, len);
        }
    }

    private void adjointPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        double[] y = parked.measurements;
        long g = worker * stride;
        int len = (int) stride;
        Kernels.zero(partials, g, len);
        for (int i = lo; i < hi; i++) {
            if (precision == Precision.FLOAT32) Kernels.axpyF32(y[i], data, i * stride, partials, g, len);
            else Kernels.axpy(y[i], data, i * stride, partials, g, len);
        }
    }

    private void gaussianPart(int worker) {
        int lo = measurementStart(worker), hi = measurementStart(worker + 1);
        double diagonalSd = Math.sqrt(1.0 / m), offDiagonalSd = Math.sqrt(0.5 / m);
        for (int i = lo; i < hi; i++) {
            SplittableRandom random = new SplittableRandom(streamSeed(parked.seed, i));
            long base = i * stride;
            for (int p = 0; p < n; p++) {
                long row = base + Kernels.packedRowStart(n, p) - p;
                store(row + p, diagonalSd * random.nextGaussian());
                for (int q = p + 1; q < n; q++) store(row + q, offDiagonalSd * random.nextGaussian());
            }
        }
    }

    @Override
    public long bytesPerIteration(int r) {
        return (long) m * packedLength * precision.bytes();
    }

    @Override
    public double flopsPerIteration(int r) {
        // dot + axpy per measurement, the Gram and G X.
        return 4.0 * m * packedLength + 2.0 * packedLength * r + 2.0 * n * n * r;
    }

    @Override
    protected void release() {
        work.close();
        arena.close();
    }
}
