package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.io.SparseSymmetricSet;
import sod.kernels.SparseLowerKernels;
import sod.kernels.SparseSensingKernels;
import sod.kernels.SparseUpperKernels;

/**
 * Sparse symmetric sensing matrices {@code A_1..A_m} (e.g. the quadratic forms of power-grid state
 * estimation, ~12 nonzeros each), built from a {@link SparseSymmetricSet}: each A_i stored once, as its
 * upper triangle with the diagonal, an off-diagonal entry counting twice in {@code <A_i, M>}.
 *
 * <p>Storage: the positions (p, q) that any A_i uses form one union pattern (a {@link SymmetricPattern});
 * entry e of A_i keeps only its value and the index of its position, 12 bytes per stored nonzero
 * (the set's value array is taken over, not copied; its row and column arrays are not kept). The
 * workspaces are per position: about 40 + 8 x threads bytes per position, which is little when the A_i
 * share positions (a power grid: ~10 positions per bus against ~12 stored entries per measurement).
 *
 * <p>Every pass goes through the pattern, so the factor's rank touches only the positions, never the
 * m measurements:
 * <ol>
 *   <li>{@code gram[s] = f_s (X X^T)_pq} for every position ({@link SparseSensingKernels#gram}, vectorised
 *       for r >= 4), rows split over threads;</li>
 *   <li>for each measurement, {@code r_i = sum_e a_e gram[slot_e] - b_i}, and while its entries are in L1
 *       {@code G[slot_e] += r_i a_e} into the thread's own partial (one per thread, {@link ThreadPartials});
 *       measurements split into contiguous ranges of equal entry counts;</li>
 *   <li>the partials summed in thread order, slice by slice;</li>
 *   <li>{@code grad = 2 G X}, a product with one sparse symmetric matrix on the pattern (the completion
 *       kernels), rows split over threads.</li>
 * </ol>
 * Steps 1, 3 and 4 are O(positions x r) and run on the caller unless that is large (one hand-over to
 * the threads per pass instead of four). Residuals and {@link #measure} never depend on the thread count; the gradient and
 * {@link #adjointTimes} depend on it only through the order of step 3, so every result is bitwise the
 * same run after run for a thread count. {@link #adjointMap} sums {@code A*(y)} once (steps 2-3) and each
 * Lanczos product is step 4 alone.
 */
public final class SparseSymmetricOperator extends FusedSensingOperator {

    /** Largest n for which {@link #adjoint} forms the dense n x n matrix. */
    public static final int MAX_DENSE_ADJOINT_N = 20000;

    /** Stored entries below which a measurement pass runs on the caller (a hand-over costs more than it saves). */
    private static final long PARALLEL_MIN_ENTRIES = 1 << 15;

    /**
     * Positions x rank below which the pattern passes (Gram, reduction, product) run on the caller: they
     * are a fraction of the measurement pass when the A_i share positions, and each hand-over to the gang
     * is a barrier, which on a shared, oversubscribed machine costs up to a scheduler time slice (2869-bus
     * grid, r = 1, 21,599 positions: four hand-overs per iteration measured 4x slower than one thread).
     */
    private static final long PATTERN_PARALLEL_MIN_WORK = 1 << 18;

    /** Work per row chunk of the pattern passes (see {@link RowChunks}). */
    private static final int CHUNK_WORK = 1 << 14;

    private static final String WHAT = "sparse sensing operator";

    private final long[] start;
    private final int[] slot;
    private final double[] value;
    private final SymmetricPattern pattern;
    private final RowChunks chunks;
    /** True at the positions on the diagonal (they count once, the others twice). */
    private final boolean[] diagonal;
    /** First measurement of each thread's range: equal shares of the stored entries. */
    private final int[] partStart;
    private final long nnz;

    /** Per position: the Gram of the factors (doubled off the diagonal), then the coefficients of the product. */
    private final double[] gram;
    private final double[] coefficients;
    private final ThreadPartials partials;
    private final double[][] rowScratch;
    /** For {@link #adjointMap} with k = 1: the coefficients in lower-list order; allocated at first use. */
    private double[] lowerCoef;
    private final AdjointMap map = this::mapTimes;

    // One task per pass, preallocated; their arguments are in parked (x, v: the factors; measurements: b
    // or y; residual; out; k; l1; scale: the factor of the reduction).
    private final IntConsumer gramTask = this::gramForThread;
    private final IntConsumer measureTask = this::measureForThread;
    private final IntConsumer fusedTask = this::fusedForThread;
    private final IntConsumer scatterTask = this::scatterForThread;
    private final IntConsumer reduceTask = this::reduceForThread;
    private final IntConsumer productTask = this::productForThread;
    private final IntConsumer mapFillTask = this::mapFillForThread;
    private final IntConsumer mapTimesTask = this::mapTimesForThread;

    private SparseSymmetricOperator(SparseSymmetricSet set, int[] slot, SymmetricPattern pattern, int threads) {
        super(set.n(), set.m(), threads, "sod-sparse-sensing");
        this.start = set.start();
        this.value = set.value();
        this.slot = slot;
        this.pattern = pattern;
        this.nnz = set.nnz();
        this.chunks = new RowChunks(pattern, CHUNK_WORK, threads);
        int positions = pattern.size();
        this.diagonal = new boolean[positions];
        for (int p = 0; p < n; p++) {
            for (int s = pattern.upperStart[p]; s < pattern.upperStart[p + 1]; s++) diagonal[s] = pattern.upperCols[s] == p;
        }
        this.partStart = new int[threads + 1];
        int i = 0;
        for (int t = 1; t < threads; t++) {
            long target = nnz * t / threads;
            while (i < m && start[i] < target) i++;
            partStart[t] = i;
        }
        partStart[threads] = m;
        this.gram = new double[positions];
        this.coefficients = new double[positions];
        this.partials = new ThreadPartials(threads);
        this.rowScratch = new double[threads][0];
    }

    /** The rows of {@code A_i X} one measurement at a time, for the Gauss-Newton matrix of a Levenberg-Marquardt step. */
    public SparseJacobianRows jacobianRows() {
        return new SparseJacobianRows(n, m, start, slot, value, pattern);
    }

    /**
     * The operator of a set of sparse symmetric matrices. Takes the set over: its {@code start} and
     * {@code value} arrays become the operator's (not copied; do not change them afterwards), its
     * {@code row} and {@code col} arrays are read once and not kept.
     *
     * @param threads threads of the passes (>= 1); passes over fewer than 2^15 stored entries run on the caller
     * @throws SodInputException if the set has no measurement, or threads &lt; 1
     */
    public static SparseSymmetricOperator of(SparseSymmetricSet set, int threads) {
        if (set == null) throw new SodInputException(WHAT + ": no sensing matrices given");
        if (set.m() < 1) throw new SodInputException(WHAT + ": no measurements (m = 0)");
        atLeastOne("threads", threads);
        int[] slot = new int[(int) set.nnz()];
        SymmetricPattern pattern = UnionPattern.of(set, slot, WHAT);
        return new SparseSymmetricOperator(set, slot, pattern, threads);
    }

    // ---- what is stored ----

    /** Stored (upper-triangle) entries of all A_i. */
    public long nnz() {
        return nnz;
    }

    /** Distinct positions (p &lt;= q) used by some A_i. */
    public int positions() {
        return pattern.size();
    }

    /** First stored entry of A_i; its entries are {@code entryStart(i) .. entryStart(i + 1) - 1}. */
    public long entryStart(int i) {
        return start[i];
    }

    /** Row p of stored entry e (p &lt;= column). */
    public int entryRow(long e) {
        return pattern.row(slot[Math.toIntExact(e)]);
    }

    /** Column q of stored entry e. */
    public int entryCol(long e) {
        return pattern.upperCols[slot[Math.toIntExact(e)]];
    }

    /** Value of stored entry e: {@code (A_i)_pq = (A_i)_qp}. */
    public double entryValue(long e) {
        return value[Math.toIntExact(e)];
    }

    /** Bytes this operator holds: entries (12 per stored nonzero), pattern and workspaces. */
    public long storageBytes() {
        long perPosition = 8L * 2 + 1 + 8L * threads() + (lowerCoef == null ? 0 : 8);
        return 12L * nnz + 8L * start.length + pattern.indexBytes() + perPosition * pattern.size() + chunks.bytes();
    }

    private boolean parallel() {
        return threads() > 1 && nnz >= PARALLEL_MIN_ENTRIES;
    }

    /** Whether the pattern passes of width k go to the gang (else the caller runs the same parts in order: the same bits). */
    private boolean patternParallel(int k) {
        return threads() > 1 && (long) pattern.size() * k >= PATTERN_PARALLEL_MIN_WORK;
    }

    // ---- the passes ----

    @Override
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        parked.x = u;
        parked.v = v;
        parked.k = k;
        parked.out = out;
        boolean gang = patternParallel(k);
        runParts(gramTask, gang ? measureTask : null, gang);
        if (!gang) {
            parked.out = out;
            runParts(measureTask, null, parallel());
        }
    }

    /** Steps 1-4 of the class comment; returns 1/2 sum r_i^2 (l2) or sum |r_i| (l1). */
    @Override
    protected double fused(double[] x, int r, double[] b, double[] residual, double[] grad, boolean l1) {
        boolean parallel = parallel();
        partials.ensure(pattern.size());
        ensureRowScratch(r);
        parked.x = x;
        parked.v = x;
        parked.k = r;
        parked.measurements = b;
        parked.residual = residual;
        parked.l1 = l1;
        boolean patternGang = patternParallel(r);
        if (patternGang) {
            runParts(gramTask, fusedTask, parallel);
        } else { // one hand-over per pass: the Gram on the caller, then the measurements on the gang
            runParts(gramTask, null, false);
            parked.x = parked.v = x;
            parked.k = r;
            parked.measurements = b;
            parked.residual = residual;
            parked.l1 = l1;
            runParts(fusedTask, null, parallel);
        }
        parked.scale = 2; // grad = 2 A*(r) X
        parked.v = x;
        parked.k = r;
        parked.out = grad;
        runParts(reduceTask, productTask, patternGang);
        return lossOf(residual, l1);
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
        accumulateAdjoint(y);
        product(v, k, out);
    }

    /** {@code coefficients} := the positions of {@code A*(y)}, scaled for the product kernels. */
    private void accumulateAdjoint(double[] y) {
        partials.ensure(pattern.size());
        parked.measurements = y;
        parked.scale = 1;
        if (patternParallel(1)) {
            runParts(scatterTask, reduceTask, true);
        } else {
            runParts(scatterTask, null, parallel());
            parked.scale = 1;
            runParts(reduceTask, null, false);
        }
    }

    /** {@code out = A*(y) V} from the coefficients {@link #accumulateAdjoint} left. */
    private void product(double[] v, int k, double[] out) {
        ensureRowScratch(k);
        parked.v = v;
        parked.k = k;
        parked.out = out;
        runParts(productTask, null, patternParallel(k));
    }

    /**
     * Sums {@code A*(y)} onto the pattern once; each product is then the pattern pass alone (for k = 1 one
     * sequential pass, {@link SparseLowerKernels#adjointRank1}). Bitwise what {@link #adjointTimes} gives;
     * valid until the next pass of this operator.
     */
    @Override
    protected AdjointMap adjointMapChecked(double[] y) {
        accumulateAdjoint(y);
        if (lowerCoef == null) lowerCoef = new double[pattern.lowerSize()];
        runParts(mapFillTask, null, patternParallel(1));
        return map;
    }

    private void mapTimes(double[] v, int k, double[] out) {
        checkProduct(v, k, out);
        if (k != 1) {
            product(v, k, out);
            return;
        }
        parked.v = v;
        parked.out = out;
        runParts(mapTimesTask, null, patternParallel(1));
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        if (n > MAX_DENSE_ADJOINT_N)
            throw new UnsupportedOperationException(WHAT + ": n = " + n + " is too large to form A*(y) as a dense n x n matrix (limit "
                    + MAX_DENSE_ADJOINT_N + "); use adjointTimes");
        super.adjoint(y, g);
    }

    @Override
    protected void adjointChecked(double[] y, double[] g) {
        accumulateAdjoint(y);
        Arrays.fill(g, 0, n * n, 0.0);
        for (int p = 0; p < n; p++) {
            for (int s = pattern.upperStart[p]; s < pattern.upperStart[p + 1]; s++) {
                int q = pattern.upperCols[s];
                // coefficients hold 2 A*(y)_pq off the diagonal, A*(y)_pp on it (see reduceForThread)
                double a = diagonal[s] ? coefficients[s] : 0.5 * coefficients[s];
                g[p * n + q] = a;
                g[q * n + p] = a;
            }
        }
    }

    // ---- the parts of thread t ----

    private void gramForThread(int t) {
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            SparseSensingKernels.gram(chunks.firstRow(c), chunks.firstRow(c + 1), pattern.upperStart, pattern.upperCols,
                    parked.x, parked.v, parked.k, gram);
        }
    }

    private void measureForThread(int t) {
        SparseSensingKernels.measure(partStart[t], partStart[t + 1], start, slot, value, gram, parked.out);
    }

    private void fusedForThread(int t) {
        double[] partial = partials.part(t);
        Arrays.fill(partial, 0, pattern.size(), 0.0);
        SparseSensingKernels.residualAndScatter(partStart[t], partStart[t + 1], start, slot, value, gram,
                parked.measurements, parked.residual, parked.l1, partial);
    }

    private void scatterForThread(int t) {
        double[] partial = partials.part(t);
        Arrays.fill(partial, 0, pattern.size(), 0.0);
        SparseSensingKernels.scatter(partStart[t], partStart[t + 1], start, slot, value, parked.measurements, partial);
    }

    /**
     * Thread t's slice of the positions: the partials summed in thread order, times {@code parked.scale},
     * then doubled off the diagonal. The product kernels read a coefficient c of position (p, q) as the
     * completion matrix {@code c (E_pq + E_qp) / 2} (c E_pp on the diagonal), and position (p, q) of
     * {@code A*(y)} stands for both (p, q) and (q, p). Scales are powers of two: exact.
     */
    private void reduceForThread(int t) {
        int size = pattern.size();
        partials.reduceSlice(t, size, coefficients);
        int lo = WorkerGang.rangeStart(size, threads(), t), hi = WorkerGang.rangeStart(size, threads(), t + 1);
        double scale = parked.scale;
        for (int s = lo; s < hi; s++) coefficients[s] *= diagonal[s] ? scale : 2 * scale;
    }

    private void productForThread(int t) {
        int lo = chunks.firstRowOf(t), hi = chunks.firstRowOf(t + 1);
        // Unweighted completion kernels: pass 1 reads c/2 per upper entry (the diagonal twice), pass 2 c/2 per lower entry.
        SparseUpperKernels.adjoint(lo, hi, pattern.upperStart, pattern.upperCols, null, null, coefficients,
                parked.v, parked.k, parked.out, rowScratch[t]);
        SparseLowerKernels.gather(lo, hi, pattern.lowerStart, pattern.lowerCols, pattern.lowerEntry, coefficients, 0.5,
                parked.v, parked.k, parked.out, rowScratch[t]);
    }

    private void mapFillForThread(int t) {
        SparseLowerKernels.gatherCoefficients(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), pattern.lowerStart,
                pattern.lowerEntry, null, coefficients, lowerCoef);
    }

    private void mapTimesForThread(int t) {
        SparseLowerKernels.adjointRank1(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), pattern.upperStart, pattern.upperCols,
                null, coefficients, pattern.lowerStart, pattern.lowerCols, lowerCoef, parked.v, parked.out);
    }

    private void ensureRowScratch(int k) {
        if (rowScratch[0].length < k) {
            for (int t = 0; t < rowScratch.length; t++) rowScratch[t] = new double[k];
        }
    }

    /**
     * Bytes one {@link #residualAndGradient} moves: each stored entry read once (value and position), the
     * Gram and the partials per position, the pattern twice (Gram and product) with the factor rows it gathers.
     */
    @Override
    public long bytesPerIteration(int r) {
        long positions = pattern.size(), lower = pattern.lowerSize();
        long entries = 12L * nnz + 8L * start.length + 16L * m; // entries, starts, b and residual
        long perPosition = positions * (8L * 4 + 8L * threads()) + 4L * (positions + 2 * lower) + 8L * lower;
        long factorRows = (2L * positions + lower + 2L * n) * r * Double.BYTES;
        return entries + perPosition + factorRows;
    }

    @Override
    public double flopsPerIteration(int r) {
        return 4.0 * nnz + 2.0 * pattern.size() * r + 2.0 * (pattern.size() + pattern.lowerSize()) * r;
    }
}
