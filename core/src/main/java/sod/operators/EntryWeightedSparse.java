package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.SparsePairKernels;
import sod.kernels.SparseUpperKernels;

/**
 * Symmetric matrix completion: one measurement per observed unordered pair {@code (i, j)},
 * {@code i <= j}, with {@code A_k = w_k (E_ij + E_ji)/2}, so {@code <A_k, M> = w_k M_ij} for
 * symmetric M (a diagonal observation is {@code w_k E_ii}). With {@code b_k = w_k M*_ij},
 * {@code h = 1/2 sum_k w_k^2 ((X X^T)_ij - M*_ij)^2}.
 *
 * <p>Relation to {@link EntryWeightedDense}, which measures both ordered entries (i, j) and (j, i):
 * the dense operator with weights W has the same h and gradient as this one holding every pair
 * {@code i <= j} with {@code w = sqrt(2) W_ij} off the diagonal and {@code w = W_ii} on it.
 *
 * <p>Storage, never anything n x n: the observed pairs as an upper triangle in CSR order (row i, then
 * column j), observation k its k-th entry; no transposed (lower) lists. That is 4 bytes per observation
 * of indices (plus 8 for weights when given) and a few ints per row, so n = 10^6 and m = 10^8 fit.
 *
 * <p>{@link #residualAndGradient}, the {@link #objective} and {@link #adjointTimes} make one pass over
 * the pairs ({@link SparsePairKernels}): pair (i, j) is visited once, from row i; its neighbour row x_j is
 * read and its dot computed once, and it adds to g_i (kept in registers) and to g_j (in memory). Threads
 * split the columns into segments and run as a pipeline over fixed row chunks ({@link ColumnSegments}), so
 * every row's sum runs in one fixed order (pairs (j', i) in ascending j', then row i's own entries in
 * ascending column) and h is summed per row, then per chunk, in fixed order: results are bitwise identical
 * for every thread count.
 */
public final class EntryWeightedSparse extends AbstractSensingOperator {

    /** Largest n for which {@link #adjoint} forms the dense n x n matrix. */
    public static final int MAX_DENSE_ADJOINT_N = 20000;

    /** Entry counts below which threading costs more than it saves. */
    private static final int PARALLEL_MIN_ENTRIES = 1 << 14;

    /** Work (row count + list entries) per chunk: the unit of thread balance and of the h sum. */
    private static final int CHUNK_WORK = 1 << 14;

    private static final String WHAT = "sparse completion operator";
    private static final String NORMALISER = "EntryWeightedSparse.sortEntries";

    private final SymmetricPattern pattern;
    private final double[] weights; // null: all weights 1
    private final RowChunks chunks;
    private final ColumnSegments segments;
    /** Each row's sum of squared residuals in the pass under way (added per chunk, then over chunks). */
    private final double[] rowH;

    /** The kernel a pipelined pass runs on rows [lo, hi) of one column segment. */
    private interface SegmentRows {
        void run(int lo, int hi, int[] from, int[] to);
    }

    // One task per pass, preallocated; arguments in parked (x; v; measurements: b or y; residual; out; k).
    private final IntConsumer measureTask = this::measureForThread;
    private final SegmentRows residualRows = this::residualRows;
    private final SegmentRows adjointRows = this::adjointRows;
    private final IntConsumer residualTask = t -> pipelineForThread(t, residualRows, true);
    private final IntConsumer adjointTask = t -> pipelineForThread(t, adjointRows, false);

    /**
     * Takes ownership of the arrays (no copy: they can be hundreds of megabytes; {@code rows} is
     * only read).
     *
     * @param n       dimension
     * @param rows    row index i of each observation
     * @param cols    column index j of each observation, {@code rows[k] <= cols[k] < n}; the pairs
     *                strictly increasing in (i, j) (see {@link #sortEntries} for arbitrary input)
     * @param weights weight of each observation (finite), or null for all ones
     * @param threads threads used for large m (>= 1)
     */
    public EntryWeightedSparse(int n, int[] rows, int[] cols, double[] weights, int threads) {
        this(checkedPattern(n, rowStarts(n, rows, cols), cols, weights, threads), weights, threads);
    }

    /**
     * The same operator from the upper triangle in CSR form (what a generator can produce without a
     * row-index array). Takes ownership of the arrays.
     *
     * @param n        dimension
     * @param rowStart length n + 1, nondecreasing, {@code rowStart[0] = 0}, {@code rowStart[n] = m}:
     *                 the observations of row i are {@code rowStart[i] .. rowStart[i+1]-1}
     * @param cols     column of each observation: {@code i <= cols[k] < n}, strictly increasing in a row
     * @param weights  weight of each observation (finite), or null for all ones
     * @param threads  threads used for large m (>= 1)
     */
    public static EntryWeightedSparse fromUpperCsr(int n, int[] rowStart, int[] cols, double[] weights, int threads) {
        return new EntryWeightedSparse(checkedPattern(n, rowStart, cols, weights, threads), weights, threads);
    }

    private EntryWeightedSparse(SymmetricPattern pattern, double[] weights, int threads) {
        super(pattern.n, pattern.size(), threads, "sod-completion");
        this.pattern = pattern;
        this.weights = weights;
        this.chunks = new RowChunks(pattern, CHUNK_WORK, threads);
        this.segments = new ColumnSegments(pattern, chunks, threads);
        this.rowH = new double[pattern.n];
    }

    private static int[] rowStarts(int n, int[] rows, int[] cols) {
        if (n < 1) throw new SodInputException(WHAT + ": n must be >= 1, got " + n);
        return SymmetricPattern.rowStartsFromRows(n, rows, cols, WHAT, NORMALISER);
    }

    /** The pattern, after every check of the constructors' arguments. */
    private static SymmetricPattern checkedPattern(int n, int[] rowStart, int[] cols, double[] weights, int threads) {
        if (n < 1) throw new SodInputException(WHAT + ": n must be >= 1, got " + n);
        if (threads < 1) throw new SodInputException(WHAT + ": threads must be >= 1, got " + threads);
        SymmetricPattern pattern = SymmetricPattern.upperOnly(n, rowStart, cols, WHAT, NORMALISER);
        int m = pattern.size();
        if (m == 0) throw new SodInputException(WHAT + ": no observations");
        if (weights != null && weights.length != m)
            throw new SodInputException(WHAT + ": " + weights.length + " weights for " + m + " observations");
        if (weights != null) {
            for (int k = 0; k < m; k++) {
                if (!Double.isFinite(weights[k]))
                    throw new SodInputException(WHAT + ": weight of observation " + k + " is not finite");
            }
        }
        return pattern;
    }

    /**
     * Puts arbitrary observations into the form the constructor wants, in place: swaps each pair to
     * {@code i <= j}, then sorts all arrays together by (i, j) (counting sort by row, then by column
     * within each row). {@code weights} and {@code values} may be null.
     *
     * @throws SodInputException on an index out of range or a pair observed twice
     */
    public static void sortEntries(int n, int[] rows, int[] cols, double[] weights, double[] values) {
        int distinct = ObservationSort.sort(n, rows, cols, weights, values, -1);
        assert distinct == rows.length;
    }

    /**
     * Like {@link #sortEntries(int, int[], int[], double[], double[])}, but a pair given twice (as
     * (i, j) and (j, i), say) is kept once when both copies have values within
     * {@code relativeTolerance} of each other (and equal weights), the first copy winning. The
     * distinct pairs end up in the first {@code returned} places of the arrays.
     *
     * @return the number of distinct pairs
     * @throws SodInputException on an index out of range or a repeated pair whose values disagree
     */
    public static int sortEntriesMergingRepeats(int n, int[] rows, int[] cols, double[] weights, double[] values, double relativeTolerance) {
        if (!(relativeTolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0");
        return ObservationSort.sort(n, rows, cols, weights, values, relativeTolerance);
    }

    /**
     * The row chunks over which {@link #residualAndGradient} sums h, as a function of the pattern alone:
     * chunk c is rows {@code starts[c] .. starts[c+1]-1}, and h is 1/2 times the sum, in chunk order, of
     * each chunk's sum of squared residuals (taken in observation order). A distributed operator that
     * wants bitwise the same h keeps every chunk in one piece and adds the chunk sums in this order. A
     * chunk's sum is the sum, over its rows in ascending order, of each row's sum of squared residuals
     * (taken over the row's upper entries in ascending column).
     *
     * @param rowDegree for every row i, its upper entries (i, j >= i) plus its strictly-lower ones
     *                  (j &lt; i, i): a diagonal observation counts once, an off-diagonal one in both rows
     * @return the first row of every chunk, followed by n (length: chunk count + 1)
     */
    public static int[] chunkRowStarts(int[] rowDegree) {
        if (rowDegree == null || rowDegree.length < 1) throw new SodInputException(WHAT + ": n must be >= 1");
        return RowChunks.rowStarts(rowDegree.length, i -> 1L + rowDegree[i], CHUNK_WORK);
    }

    /** Row index of observation k (a binary search over the row starts). */
    public int row(int k) {
        return pattern.row(k);
    }

    /** Column index of observation k. */
    public int col(int k) {
        return pattern.upperCols[k];
    }

    /** Weight of observation k. */
    public double weight(int k) {
        return weights == null ? 1.0 : weights[k];
    }

    /** Bytes of index, weight and workspace arrays this operator holds (excluding b and the caller's residual). */
    public long storageBytes() {
        long bytes = pattern.indexBytes() + (weights == null ? 0 : 8L * weights.length);
        return bytes + 8L * rowH.length + chunks.bytes() + segments.bytes();
    }

    /**
     * The objective without the residual ({@link EntryWeightedSparseObjective}): the pass of
     * {@link #residualAndGradient} writing no residual, on the b it is bound to (not copied).
     */
    @Override
    public Objective objective(double[] b) {
        return new EntryWeightedSparseObjective(this, b);
    }

    boolean parallel() {
        return threads() > 1 && m >= PARALLEL_MIN_ENTRIES;
    }

    @Override
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        parked.x = u;
        parked.v = v;
        parked.k = k;
        parked.out = out;
        runParts(measureTask, null, parallel());
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
        parked.measurements = y;
        parked.v = v;
        parked.k = k;
        parked.out = out;
        segments.reset();
        runParts(adjointTask, null, parallel());
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        if (n > MAX_DENSE_ADJOINT_N)
            throw new UnsupportedOperationException("sparse completion operator: n = " + n + " is too large to form A*(y) as a dense n x n matrix (limit "
                    + MAX_DENSE_ADJOINT_N + "); use adjointTimes");
        super.adjoint(y, g);
    }

    @Override
    protected void adjointChecked(double[] y, double[] g) {
        Arrays.fill(g, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            for (int e = pattern.upperStart[i]; e < pattern.upperStart[i + 1]; e++) {
                int j = pattern.upperCols[e];
                double half = 0.5 * weight(e) * y[e];
                g[i * n + j] += half;
                g[j * n + i] += half;
            }
        }
    }

    @Override
    protected double residualAndGradientChecked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return pairPass(x, r, b, residual, grad);
    }

    /**
     * h at X, the gradient into {@code grad} and, unless {@code residual} is null, the residuals: the one
     * pass behind both {@link #residualAndGradient} and the objective (arguments checked by the caller).
     */
    double pairPass(double[] x, int r, double[] b, double[] residual, double[] grad) {
        parked.x = x;
        parked.measurements = b;
        parked.residual = residual;
        parked.k = r;
        parked.out = grad;
        segments.reset();
        runParts(residualTask, null, parallel());
        double h = 0;
        for (int c = 0; c < chunks.count(); c++) {
            double part = 0;
            for (int i = chunks.firstRow(c); i < chunks.firstRow(c + 1); i++) part += rowH[i];
            h += part;
        }
        return 0.5 * h;
    }

    /**
     * Bytes one {@link #residualAndGradient} moves: index, weight, b and residual traffic, the neighbour
     * row of X gathered per pair and its gradient row read and written (off the diagonal), and each row's
     * own rows of X and of the gradient.
     */
    @Override
    public long bytesPerIteration(int r) {
        long lower = pattern.lowerSize();
        long perUpper = Integer.BYTES + 2L * Double.BYTES + (weights == null ? 0 : Double.BYTES);
        long xRows = (long) m + 2L * lower + 3L * n; // gathered rows, scattered gradient rows, own rows
        return perUpper * m + 8L * (n + 1) + xRows * r * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) m * (4.0 * r + 4.0) + (double) pattern.lowerSize() * 2.0 * r;
    }

    // ---- the passes of thread t ----

    private void measureForThread(int t) {
        SymmetricPattern p = pattern;
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            SparseUpperKernels.measure(chunks.firstRow(c), chunks.firstRow(c + 1), p.upperStart, p.upperCols, weights,
                    parked.x, parked.v, parked.k, parked.out);
        }
    }

    /**
     * Thread t's share of a pair pass ({@link ColumnSegments}): clears the output rows (and the h of the
     * rows) of its segment, which nobody else touches before it has passed them, then runs
     * {@code rows} chunk by chunk behind thread t-1. Always reports itself finished, so that a failure
     * cannot leave the next thread waiting.
     */
    private void pipelineForThread(int t, SegmentRows rows, boolean withH) {
        try {
            int width = parked.k, own = segments.colStart(t), ownEnd = segments.colStart(t + 1);
            Arrays.fill(parked.out, own * width, ownEnd * width, 0.0);
            if (withH) Arrays.fill(rowH, own, ownEnd, 0.0);
            int[] from = segments.from(t), to = segments.to(t);
            for (int c = 0; c < segments.chunkEnd(t); c++) {
                segments.await(t, c);
                rows.run(chunks.firstRow(c), Math.min(chunks.firstRow(c + 1), ownEnd), from, to);
                segments.finished(t, c + 1);
            }
        } finally {
            segments.finishedAll(t);
        }
    }

    private void residualRows(int lo, int hi, int[] from, int[] to) {
        SparsePairKernels.residual(lo, hi, from, to, pattern.upperCols, weights, parked.x, parked.k, parked.measurements,
                parked.residual, parked.out, rowH);
    }

    private void adjointRows(int lo, int hi, int[] from, int[] to) {
        SparsePairKernels.adjoint(lo, hi, from, to, pattern.upperCols, weights, parked.measurements, parked.v, parked.k,
                parked.out);
    }
}
