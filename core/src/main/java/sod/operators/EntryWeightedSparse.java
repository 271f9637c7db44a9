package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.SparseLowerKernels;
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
 * <p>Storage, never anything n x n: the observed pairs are a {@link SymmetricPattern}, observation k
 * its k-th upper entry in CSR order (row i, then column j), with every row's strictly-lower
 * neighbours listed beside. That is 12 bytes per observation of indices (plus 8 for weights when
 * given), so n = 10^6 and m = 10^8 fit.
 *
 * <p>{@link #residualAndGradient} makes two passes over rows. Pass 1 walks row i's upper list:
 * residuals (written in observation order) and row i's upper share of the gradient,
 * {@code g_i = sum_j c_ij x_j} with {@code c = w res}, held in registers or an L1 scratch and
 * written once. Pass 2 walks row i's lower list, gathering c of (j, i) by index and
 * {@code x_j}, and adds to {@code g_i}. Every row is owned by one thread in both passes, so there
 * are no scattered writes, no per-thread gradient copies and no reduction; each row's sums run in
 * a fixed order, and h is summed over fixed row chunks in chunk order, so results are bitwise
 * identical for every thread count. {@link #adjointTimes} has the same shape.
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
    /** Sum of squared residuals of each chunk, added in chunk order. */
    private final double[] chunkH;
    /** Per-thread r-vector for a row's gradient sum when r is too large to keep in registers. */
    private final double[][] rowScratch;
    /** w * residual (or w * y / 2), observation order; only with weights, allocated on first use. */
    private double[] coefScratch;
    /** For {@link #adjointMap}: w y / 2 of each lower-list entry, in lower-list order; allocated on first use. */
    private double[] lowerCoef;
    private double[] mapY;
    private final AdjointMap map = this::mapTimes;

    // One task per pass, preallocated; arguments in parked (x, v: the factor pass 2 gathers,
    // measurements: b or y, residual, out, coefficients and scale: what pass 2 weights by, k).
    private final IntConsumer measureTask = this::measureForThread;
    private final IntConsumer adjointUpperTask = this::adjointUpperForThread;
    private final IntConsumer residualUpperTask = this::residualUpperForThread;
    private final IntConsumer lowerTask = this::lowerForThread;
    private final IntConsumer mapFillTask = this::mapFillForThread;
    private final IntConsumer mapTimesTask = this::mapTimesForThread;

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
        this.rowScratch = new double[threads][0];
        this.chunks = new RowChunks(pattern, CHUNK_WORK, threads);
        this.chunkH = new double[chunks.count()];
    }

    private static int[] rowStarts(int n, int[] rows, int[] cols) {
        if (n < 1) throw new SodInputException(WHAT + ": n must be >= 1, got " + n);
        return SymmetricPattern.rowStartsFromRows(n, rows, cols, WHAT, NORMALISER);
    }

    /** The pattern, after every check of the constructors' arguments. */
    private static SymmetricPattern checkedPattern(int n, int[] rowStart, int[] cols, double[] weights, int threads) {
        if (n < 1) throw new SodInputException(WHAT + ": n must be >= 1, got " + n);
        if (threads < 1) throw new SodInputException(WHAT + ": threads must be >= 1, got " + threads);
        SymmetricPattern pattern = SymmetricPattern.fromUpperCsr(n, rowStart, cols, WHAT, NORMALISER);
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
     * wants bitwise the same h keeps every chunk in one piece and adds the chunk sums in this order.
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
        long bytes = pattern.indexBytes();
        if (weights != null) bytes += 8L * (weights.length + (coefScratch == null ? 0 : coefScratch.length));
        if (lowerCoef != null) bytes += 8L * lowerCoef.length;
        return bytes + 8L * chunkH.length + chunks.bytes();
    }

    /**
     * The objective without the residual ({@link EntryWeightedSparseObjective}): the same two row-owned
     * passes and the same bits as {@link #residualAndGradient}, with b kept in lower-list order so that
     * neither pass reads anything by observation index.
     */
    @Override
    public Objective objective(double[] b) {
        return new EntryWeightedSparseObjective(this, pattern, chunks, weights, b);
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
        if (weights != null) ensureCoefScratch();
        ensureRowScratch(k);
        parked.measurements = y;
        parked.v = v;
        parked.k = k;
        parked.out = out;
        // Pass 2 reads c = w y / 2 by observation index: the scratch when weighted, else y itself.
        parked.coefficients = weights == null ? y : coefScratch;
        parked.scale = weights == null ? 0.5 : 1.0;
        runParts(adjointUpperTask, lowerTask, parallel());
    }

    /**
     * Gathers {@code w y / 2} into lower-list order once (8 bytes per observation of workspace,
     * kept), so each rank-1 product is a single sequential pass over rows instead of two passes with
     * a random gather of y: the Lanczos products of the SOD check. Results equal
     * {@link #adjointTimes} bit for bit.
     */
    @Override
    protected AdjointMap adjointMapChecked(double[] y) {
        if (lowerCoef == null) lowerCoef = new double[pattern.lowerSize()];
        mapY = y;
        parked.measurements = y;
        runParts(mapFillTask, null, parallel());
        return map;
    }

    private void mapTimes(double[] v, int k, double[] out) {
        checkProduct(v, k, out);
        if (k != 1) {
            adjointTimes(mapY, v, k, out);
            return;
        }
        parked.measurements = mapY;
        parked.v = v;
        parked.out = out;
        runParts(mapTimesTask, null, parallel());
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
        if (weights != null) ensureCoefScratch();
        ensureRowScratch(r);
        parked.x = x;
        parked.v = x;
        parked.measurements = b;
        parked.residual = residual;
        parked.k = r;
        parked.out = grad;
        parked.coefficients = weights == null ? residual : coefScratch;
        parked.scale = 1.0;
        runParts(residualUpperTask, lowerTask, parallel());
        double h = 0;
        for (double part : chunkH) h += part;
        return 0.5 * h;
    }

    /**
     * Bytes one {@link #residualAndGradient} moves: index, weight, b and residual traffic (the
     * residual written once and gathered once) plus every row of X gathered and the gradient written.
     */
    @Override
    public long bytesPerIteration(int r) {
        long lower = pattern.lowerSize();
        long perUpper = Integer.BYTES + 2L * Double.BYTES + (weights == null ? 0 : 2L * Double.BYTES);
        long perLower = 2L * Integer.BYTES + Double.BYTES;
        long xRows = (long) m + lower + 2L * n; // gathered rows, own rows, gradient rows
        return perUpper * m + perLower * lower + 8L * (n + 1) + xRows * r * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) m * (4.0 * r + 4.0) + (double) pattern.lowerSize() * 2.0 * r;
    }

    private void ensureRowScratch(int r) {
        if (rowScratch[0].length < r) {
            for (int t = 0; t < rowScratch.length; t++) rowScratch[t] = new double[r];
        }
    }

    private void ensureCoefScratch() {
        if (coefScratch == null) coefScratch = new double[m];
    }

    // ---- the passes of thread t: pass 1 chunk by chunk (h per chunk), pass 2 over its rows ----

    private void measureForThread(int t) {
        SymmetricPattern p = pattern;
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            SparseUpperKernels.measure(chunks.firstRow(c), chunks.firstRow(c + 1), p.upperStart, p.upperCols, weights,
                    parked.x, parked.v, parked.k, parked.out);
        }
    }

    private void adjointUpperForThread(int t) {
        SymmetricPattern p = pattern;
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            SparseUpperKernels.adjoint(chunks.firstRow(c), chunks.firstRow(c + 1), p.upperStart, p.upperCols, weights,
                    coefScratch, parked.measurements, parked.v, parked.k, parked.out, rowScratch[t]);
        }
    }

    private void residualUpperForThread(int t) {
        SymmetricPattern p = pattern;
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            chunkH[c] = SparseUpperKernels.residual(chunks.firstRow(c), chunks.firstRow(c + 1), p.upperStart, p.upperCols,
                    weights, coefScratch, parked.x, parked.k, parked.measurements, parked.residual, parked.out, rowScratch[t]);
        }
    }

    private void lowerForThread(int t) {
        SymmetricPattern p = pattern;
        SparseLowerKernels.gather(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), p.lowerStart, p.lowerCols, p.lowerEntry,
                parked.coefficients, parked.scale, parked.v, parked.k, parked.out, rowScratch[t]);
    }

    private void mapFillForThread(int t) {
        SparseLowerKernels.gatherCoefficients(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), pattern.lowerStart,
                pattern.lowerEntry, weights, parked.measurements, lowerCoef);
    }

    private void mapTimesForThread(int t) {
        SymmetricPattern p = pattern;
        SparseLowerKernels.adjointRank1(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), p.upperStart, p.upperCols, weights,
                parked.measurements, p.lowerStart, p.lowerCols, lowerCoef, parked.v, parked.out);
    }
}
