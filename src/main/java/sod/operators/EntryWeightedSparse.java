package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import sod.SodInputException;

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
 * <p>Storage, never anything n x n: observation k is the k-th entry of the upper triangle in CSR
 * order (row i, then column j), and a second CSR lists for every row i its strictly-lower
 * neighbours j &lt; i with the observation index of (j, i). That is 12 bytes per observation of
 * indices (plus 8 for weights when given), so n = 10^6 and m = 10^8 fit.
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
public final class EntryWeightedSparse implements SensingOperator {

    /** Largest n for which {@link #adjoint} forms the dense n x n matrix. */
    public static final int MAX_DENSE_ADJOINT_N = 20000;

    /** Entry counts below which threading costs more than it saves. */
    private static final int PARALLEL_MIN_ENTRIES = 1 << 14;

    /** Work (row count + list entries) per chunk: the unit of thread balance and of the h sum. */
    private static final int CHUNK_WORK = 1 << 14;

    // Fixed at 256 bits, not VectorShapes.F64: the register-held row sums (MAX_REGISTER_RANK) are laid
    // out for four-lane vectors.
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final int LANES = SPECIES.length();
    /** Up to 3 vectors and 3 scalars: the rank up to which a row's sums are kept in registers. */
    private static final int MAX_REGISTER_RANK = 3 * LANES + 3;

    private final int n;
    private final int m;
    /** upperStart[i] .. upperStart[i+1]-1 are the observations (i, j >= i), j ascending. */
    private final int[] upperStart;
    private final int[] upperCols;
    /** lowerStart[i] .. lowerStart[i+1]-1 list (j, observation of (j, i)) for j < i, j ascending. */
    private final int[] lowerStart;
    private final int[] lowerCols;
    private final int[] lowerEntry;
    private final double[] weights; // null: all weights 1
    private final int threads;
    private final WorkerGang gang;
    /** chunkRowStart[c] .. chunkRowStart[c+1]-1 are the rows of chunk c; fixed by the data alone. */
    private final int[] chunkRowStart;
    /** threadChunkStart[t] .. threadChunkStart[t+1]-1 are thread t's chunks. */
    private final int[] threadChunkStart;
    private final double[] chunkH;
    /** Per-thread r-vector for a row's gradient sum when r is too large to keep in registers. */
    private final double[][] rowScratch;
    /** w * residual (or w * y / 2), observation order; only with weights, allocated on first use. */
    private double[] coefScratch;
    /** For {@link #adjointMap}: w y / 2 of each lower-list entry, in lower-list order; allocated on first use. */
    private double[] lowerCoef;
    private double[] mapY;
    private final AdjointMap map = this::mapTimes;

    // Arguments of the current parallel call, read by the preallocated tasks.
    private static final int MODE_RESIDUAL_GRADIENT = 0, MODE_ADJOINT_TIMES = 1, MODE_MEASURE = 2, MODE_MAP_FILL = 3, MODE_MAP_TIMES = 4;
    private int callMode;
    private double[] callX, callV, callData, callOut, callResidual, callSource;
    private double callScale;
    private int callK;
    private final IntConsumer upperTask = this::upperForThread;
    private final IntConsumer lowerTask = this::lowerForThread;
    private final IntConsumer mapTask = this::mapForThread;

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
        this(n, upperStartFromRows(n, rows, cols), cols, weights, threads, true);
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
        return new EntryWeightedSparse(n, rowStart, cols, weights, threads, true);
    }

    private EntryWeightedSparse(int n, int[] rowStart, int[] cols, double[] weights, int threads, boolean csr) {
        if (n < 1) throw new SodInputException("sparse completion operator: n must be >= 1, got " + n);
        if (threads < 1) throw new SodInputException("sparse completion operator: threads must be >= 1, got " + threads);
        if (cols == null || rowStart == null || rowStart.length != n + 1 || rowStart[0] != 0 || rowStart[n] != cols.length)
            throw new SodInputException("sparse completion operator: row starts must have n + 1 = " + (n + 1L)
                    + " entries from 0 to the number of observations");
        int m = cols.length;
        if (m == 0) throw new SodInputException("sparse completion operator: no observations");
        if (weights != null && weights.length != m)
            throw new SodInputException("sparse completion operator: " + weights.length + " weights for " + m + " observations");
        int[] lowerCount = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] < rowStart[i])
                throw new SodInputException("sparse completion operator: row starts decrease at row " + i);
            int previous = i - 1;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int j = cols[k];
                if (j < i || j >= n)
                    throw new SodInputException("sparse completion operator: observation " + k + " at (" + i + ", " + j
                            + ") must satisfy 0 <= i <= j < n = " + n + "; use EntryWeightedSparse.sortEntries to normalise");
                if (j <= previous)
                    throw new SodInputException("sparse completion operator: observation " + k + " at (" + i + ", " + j
                            + ") is out of (i, j) order or repeated; use EntryWeightedSparse.sortEntries");
                previous = j;
                if (weights != null && !Double.isFinite(weights[k]))
                    throw new SodInputException("sparse completion operator: weight of observation " + k + " is not finite");
                if (j > i) lowerCount[j + 1]++;
            }
        }
        for (int i = 0; i < n; i++) lowerCount[i + 1] += lowerCount[i];
        int[] lowerStart = lowerCount;
        int lowerSize = lowerStart[n];
        int[] lowerCols = new int[lowerSize], lowerEntry = new int[lowerSize];
        int[] fill = Arrays.copyOf(lowerStart, n);
        // Walking observations in (i, j) order fills every lower row with ascending i.
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int j = cols[k];
                if (j > i) {
                    int p = fill[j]++;
                    lowerCols[p] = i;
                    lowerEntry[p] = k;
                }
            }
        }
        this.n = n;
        this.m = m;
        this.upperStart = rowStart;
        this.upperCols = cols;
        this.lowerStart = lowerStart;
        this.lowerCols = lowerCols;
        this.lowerEntry = lowerEntry;
        this.weights = weights;
        this.threads = threads;
        this.gang = new WorkerGang(threads, "sod-completion");
        this.rowScratch = new double[threads][0];

        // Chunks: consecutive rows with about CHUNK_WORK of work each (a function of the data only).
        int[] chunkStarts = new int[16];
        int chunks = 0;
        long work = 0;
        chunkStarts[0] = 0;
        for (int i = 0; i < n; i++) {
            work += 1 + (rowStart[i + 1] - rowStart[i]) + (lowerStart[i + 1] - lowerStart[i]);
            if (work >= CHUNK_WORK || i == n - 1) {
                if (chunks + 2 > chunkStarts.length) chunkStarts = Arrays.copyOf(chunkStarts, 2 * chunkStarts.length);
                chunkStarts[++chunks] = i + 1;
                work = 0;
            }
        }
        this.chunkRowStart = Arrays.copyOf(chunkStarts, chunks + 1);
        this.chunkH = new double[chunks];
        // Threads: contiguous chunk ranges with about equal work.
        long total = (long) n + m + lowerSize;
        this.threadChunkStart = new int[threads + 1];
        long done = 0;
        int c = 0;
        for (int t = 1; t < threads; t++) {
            long target = total * t / threads;
            while (c < chunks && done + chunkWork(c) <= target) done += chunkWork(c++);
            threadChunkStart[t] = c;
        }
        threadChunkStart[threads] = chunks;
    }

    private long chunkWork(int c) {
        int lo = chunkRowStart[c], hi = chunkRowStart[c + 1];
        return (long) (hi - lo) + (upperStart[hi] - upperStart[lo]) + (lowerStart[hi] - lowerStart[lo]);
    }

    private static int[] upperStartFromRows(int n, int[] rows, int[] cols) {
        if (n < 1) throw new SodInputException("sparse completion operator: n must be >= 1, got " + n);
        if (rows == null || cols == null || rows.length != cols.length)
            throw new SodInputException("sparse completion operator: row and column index arrays must have equal length");
        int[] start = new int[n + 1];
        int previous = 0;
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            if (i < 0 || i >= n)
                throw new SodInputException("sparse completion operator: observation " + k + " has row " + i + " outside 0.." + (n - 1));
            if (i < previous)
                throw new SodInputException("sparse completion operator: observation " + k + " at (" + i + ", " + cols[k]
                        + ") is out of (i, j) order; use EntryWeightedSparse.sortEntries");
            previous = i;
            start[i + 1]++;
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        return start;
    }

    /**
     * Puts arbitrary observations into the form the constructor wants, in place: swaps each pair to
     * {@code i <= j}, then sorts all arrays together by (i, j) (counting sort by row, then by column
     * within each row). {@code weights} and {@code values} may be null.
     *
     * @throws SodInputException on an index out of range or a pair observed twice
     */
    public static void sortEntries(int n, int[] rows, int[] cols, double[] weights, double[] values) {
        int distinct = sortEntries(n, rows, cols, weights, values, -1);
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
        return sortEntries(n, rows, cols, weights, values, relativeTolerance);
    }

    /** A negative tolerance: repeats are errors. */
    private static int sortEntries(int n, int[] rows, int[] cols, double[] weights, double[] values, double tolerance) {
        int m = rows.length;
        if (cols.length != m || (weights != null && weights.length != m) || (values != null && values.length != m))
            throw new SodInputException("observations: index, weight and value arrays must have equal length");
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < m; k++) {
            int i = rows[k], j = cols[k];
            if (i < 0 || j < 0 || i >= n || j >= n)
                throw new SodInputException("observations: entry " + k + " at (" + i + ", " + j + ") is outside 0.." + (n - 1));
            if (i > j) {
                rows[k] = j;
                cols[k] = i;
            }
            rowStart[rows[k] + 1]++;
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        // (column << 32 | original index), grouped by row, then sorted by column inside each row
        long[] order = new long[m];
        int[] fill = Arrays.copyOf(rowStart, n);
        for (int k = 0; k < m; k++) order[fill[rows[k]]++] = ((long) cols[k] << 32) | k;
        fill = null;
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] - rowStart[i] > 1) Arrays.sort(order, rowStart[i], rowStart[i + 1]);
        }
        double[] weightCopy = weights == null ? null : weights.clone();
        double[] valueCopy = values == null ? null : values.clone();
        int row = 0, out = 0;
        for (int p = 0; p < m; p++) {
            while (rowStart[row + 1] <= p) row++;
            int col = (int) (order[p] >>> 32), source = (int) order[p];
            if (p > rowStart[row] && col == cols[out - 1]) {
                int kept = (int) order[p - 1];
                if (tolerance < 0)
                    throw new SodInputException("observations: entry (" + row + ", " + col + ") is given more than once");
                double a = valueCopy == null ? 0 : valueCopy[kept], b = valueCopy == null ? 0 : valueCopy[source];
                if (Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b))
                        || (weightCopy != null && weightCopy[kept] != weightCopy[source]))
                    throw new SodInputException("observations: entry (" + row + ", " + col + ") is given twice with different values "
                            + a + " and " + b + (weightCopy != null ? " (or weights)" : "") + "; give each pair once");
                continue;
            }
            rows[out] = row;
            cols[out] = col;
            if (weights != null) weights[out] = weightCopy[source];
            if (values != null) values[out] = valueCopy[source];
            out++;
        }
        return out;
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
        return threads;
    }

    /** Row index of observation k (a binary search over the row starts). */
    public int row(int k) {
        if (k < 0 || k >= m) throw new IndexOutOfBoundsException(k);
        int lo = 0, hi = n - 1;
        while (lo < hi) { // largest i with upperStart[i] <= k
            int mid = (lo + hi + 1) >>> 1;
            if (upperStart[mid] <= k) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** Column index of observation k. */
    public int col(int k) {
        return upperCols[k];
    }

    /** Weight of observation k. */
    public double weight(int k) {
        return weights == null ? 1.0 : weights[k];
    }

    /** Bytes of index, weight and workspace arrays this operator holds (excluding b and the caller's residual). */
    public long storageBytes() {
        long bytes = 4L * (upperStart.length + upperCols.length + lowerStart.length + lowerCols.length + lowerEntry.length);
        if (weights != null) bytes += 8L * (weights.length + (coefScratch == null ? 0 : coefScratch.length));
        if (lowerCoef != null) bytes += 8L * lowerCoef.length;
        return bytes + 8L * chunkH.length + 4L * chunkRowStart.length;
    }

    private boolean parallel() {
        return threads > 1 && m >= PARALLEL_MIN_ENTRIES;
    }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        callMode = MODE_MEASURE;
        callX = u;
        callV = v;
        callK = k;
        callOut = out;
        try {
            runPass(upperTask);
        } finally {
            clearCall();
        }
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        if (weights != null) ensureCoefScratch();
        ensureRowScratch(k);
        callMode = MODE_ADJOINT_TIMES;
        callData = y;
        callV = v;
        callK = k;
        callOut = out;
        // Pass 2 reads c = w y / 2 by observation index: the scratch when weighted, else y itself.
        callSource = weights == null ? y : coefScratch;
        callScale = weights == null ? 0.5 : 1.0;
        try {
            runPass(upperTask);
            runPass(lowerTask);
        } finally {
            clearCall();
        }
    }

    /**
     * Gathers {@code w y / 2} into lower-list order once (8 bytes per observation of workspace,
     * kept), so each rank-1 product is a single sequential pass over rows instead of two passes with
     * a random gather of y: the Lanczos products of the SOD check. Results equal
     * {@link #adjointTimes} bit for bit.
     */
    @Override
    public AdjointMap adjointMap(double[] y) {
        if (y.length < m) throw new IllegalArgumentException("y has " + y.length + " entries, expected m = " + m);
        if (lowerCoef == null) lowerCoef = new double[lowerCols.length];
        mapY = y;
        callMode = MODE_MAP_FILL;
        callData = y;
        try {
            runPass(mapTask);
        } finally {
            clearCall();
        }
        return map;
    }

    private void mapTimes(double[] v, int k, double[] out) {
        if (k != 1) {
            adjointTimes(mapY, v, k, out);
            return;
        }
        callMode = MODE_MAP_TIMES;
        callData = mapY;
        callV = v;
        callOut = out;
        try {
            runPass(mapTask);
        } finally {
            clearCall();
        }
    }

    private void mapForThread(int t) {
        int lo = chunkRowStart[threadChunkStart[t]], hi = chunkRowStart[threadChunkStart[t + 1]];
        if (callMode == MODE_MAP_FILL) {
            final double[] y = callData, ws = weights, coef = lowerCoef;
            final int[] entry = lowerEntry;
            for (int p = lowerStart[lo]; p < lowerStart[hi]; p++) {
                int e = entry[p];
                double c = 0.5 * y[e]; // the same rounding as adjointTimes: (y/2) * w
                if (ws != null) c *= ws[e];
                coef[p] = c;
            }
            return;
        }
        final double[] y = callData, v = callV, out = callOut, ws = weights, coef = lowerCoef;
        final int[] ucs = upperCols, ustart = upperStart, lcs = lowerCols, lstart = lowerStart;
        for (int i = lo; i < hi; i++) {
            double oi = 0;
            for (int e = ustart[i]; e < ustart[i + 1]; e++) {
                int j = ucs[e];
                double c = 0.5 * y[e];
                if (ws != null) c *= ws[e];
                if (j == i) c *= 2;
                oi = Math.fma(c, v[j], oi);
            }
            for (int p = lstart[i]; p < lstart[i + 1]; p++) oi = Math.fma(coef[p], v[lcs[p]], oi);
            out[i] = oi;
        }
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        if (n > MAX_DENSE_ADJOINT_N)
            throw new UnsupportedOperationException("sparse completion operator: n = " + n + " is too large to form A*(y) as a dense n x n matrix (limit "
                    + MAX_DENSE_ADJOINT_N + "); use adjointTimes");
        Arrays.fill(g, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            for (int e = upperStart[i]; e < upperStart[i + 1]; e++) {
                int j = upperCols[e];
                double half = 0.5 * weight(e) * y[e];
                g[i * n + j] += half;
                g[j * n + i] += half;
            }
        }
    }

    /** Sign workspace of the l1 pass, allocated at its first use. */
    private double[] l1Signs;

    @Override
    public double residualAndSubgradientL1(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (l1Signs == null || l1Signs.length != residual.length) l1Signs = new double[residual.length];
        return SensingOperator.subgradientL1ByMeasure(this, x, r, b, residual, l1Signs, grad);
    }

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (weights != null) ensureCoefScratch();
        ensureRowScratch(r);
        callMode = MODE_RESIDUAL_GRADIENT;
        callX = x;
        callData = b;
        callResidual = residual;
        callK = r;
        callOut = grad;
        callSource = weights == null ? residual : coefScratch;
        callScale = 1.0;
        try {
            runPass(upperTask);
            runPass(lowerTask);
        } finally {
            clearCall();
        }
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
        long lower = lowerCols.length;
        long perUpper = Integer.BYTES + 2L * Double.BYTES + (weights == null ? 0 : 2L * Double.BYTES);
        long perLower = 2L * Integer.BYTES + Double.BYTES;
        long xRows = (long) m + lower + 2L * n; // gathered rows, own rows, gradient rows
        return perUpper * m + perLower * lower + 8L * (n + 1) + xRows * r * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) m * (4.0 * r + 4.0) + (double) lowerCols.length * 2.0 * r;
    }

    @Override
    public void close() {
        gang.close();
    }

    // ---- plumbing ----

    private void runPass(IntConsumer task) {
        if (parallel()) gang.run(task);
        else for (int t = 0; t < threads; t++) task.accept(t);
    }

    private void clearCall() {
        callX = callV = callData = callOut = callResidual = callSource = null;
    }

    private void ensureRowScratch(int r) {
        if (rowScratch[0].length < r) {
            for (int t = 0; t < threads; t++) rowScratch[t] = new double[r];
        }
    }

    private void ensureCoefScratch() {
        if (coefScratch == null) coefScratch = new double[m];
    }

    private void upperForThread(int t) {
        double[] acc = rowScratch[t];
        for (int c = threadChunkStart[t]; c < threadChunkStart[t + 1]; c++) {
            int lo = chunkRowStart[c], hi = chunkRowStart[c + 1];
            switch (callMode) {
                case MODE_MEASURE -> measureRows(lo, hi, callX, callV, callK, callOut);
                case MODE_ADJOINT_TIMES -> adjointUpperRows(lo, hi, callData, callV, callK, callOut, acc);
                default -> chunkH[c] = residualUpperRows(lo, hi, callX, callK, callData, callResidual, callOut, acc);
            }
        }
    }

    private void lowerForThread(int t) {
        double[] acc = rowScratch[t];
        int k = callK;
        int lo = chunkRowStart[threadChunkStart[t]], hi = chunkRowStart[threadChunkStart[t + 1]];
        double[] v = callMode == MODE_ADJOINT_TIMES ? callV : callX;
        if (k == 1) gatherLowerRank1(lo, hi, callSource, callScale, v, callOut);
        else if (k >= LANES && k <= MAX_REGISTER_RANK) gatherLowerRegisters(lo, hi, callSource, callScale, v, k, callOut);
        else if (k >= LANES) gatherLowerVector(lo, hi, callSource, callScale, v, k, callOut, acc);
        else gatherLowerScalar(lo, hi, callSource, callScale, v, k, callOut, acc);
    }

    // ---- kernels over a row range ----

    private void measureRows(int lo, int hi, double[] u, double[] v, int k, double[] out) {
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights;
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int jo = cs[e] * k;
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[io + c] * v[jo + c];
                    vu += v[io + c] * u[jo + c];
                }
                double w = ws == null ? 1.0 : ws[e];
                out[e] = w * 0.5 * (uv + vu);
            }
        }
    }

    /** out_i = sum over row i's upper list of (w y / 2) v_j (the diagonal twice); fills the scratch. */
    private void adjointUpperRows(int lo, int hi, double[] y, double[] v, int k, double[] out, double[] acc) {
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights, coef = coefScratch;
        if (k == 1) { // the Lanczos product A*(y) v
            for (int i = lo; i < hi; i++) {
                double oi = 0;
                for (int e = start[i]; e < start[i + 1]; e++) {
                    int j = cs[e];
                    double c = 0.5 * y[e];
                    if (ws != null) {
                        c *= ws[e];
                        coef[e] = c;
                    }
                    if (j == i) c *= 2;
                    oi = Math.fma(c, v[j], oi);
                }
                out[i] = oi;
            }
            return;
        }
        for (int i = lo; i < hi; i++) {
            Arrays.fill(acc, 0, k, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cs[e];
                double c = 0.5 * y[e];
                if (ws != null) {
                    c *= ws[e];
                    coef[e] = c;
                }
                if (j == i) c *= 2;
                int jo = j * k;
                for (int q = 0; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, i * k, k);
        }
    }

    /**
     * Residuals of row i's upper list and {@code g_i = sum c_ij x_j} over it (c = w res, the
     * diagonal counted twice); returns the sum of squared residuals.
     */
    private double residualUpperRows(int lo, int hi, double[] x, int r, double[] b, double[] residual, double[] g, double[] acc) {
        if (r == 1) return residualUpperRank1(lo, hi, x, b, residual, g);
        if (r >= LANES && r <= MAX_REGISTER_RANK) return residualUpperRegisters(lo, hi, x, r, b, residual, g);
        if (r >= LANES) return residualUpperVector(lo, hi, x, r, b, residual, g, acc);
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights, coef = coefScratch;
        double h = 0;
        for (int i = lo; i < hi; i++) {
            int io = i * r;
            Arrays.fill(acc, 0, r, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cs[e], jo = j * r;
                double dot = 0;
                for (int q = 0; q < r; q++) dot = Math.fma(x[io + q], x[jo + q], dot);
                double w = ws == null ? 1.0 : ws[e];
                double res = w * dot - b[e];
                residual[e] = res;
                h += res * res;
                double c = w * res;
                if (ws != null) coef[e] = c;
                if (j == i) c *= 2;
                for (int q = 0; q < r; q++) acc[q] = Math.fma(c, x[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, g, io, r);
        }
        return h;
    }

    private double residualUpperRank1(int lo, int hi, double[] x, double[] b, double[] residual, double[] g) {
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights, coef = coefScratch;
        double h = 0;
        for (int i = lo; i < hi; i++) {
            double xi = x[i], gi = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cs[e];
                double xj = x[j];
                double w = ws == null ? 1.0 : ws[e];
                double res = w * (xi * xj) - b[e];
                residual[e] = res;
                h += res * res;
                double c = w * res;
                if (ws != null) coef[e] = c;
                if (j == i) c *= 2;
                gi = Math.fma(c, xj, gi);
            }
            g[i] = gi;
        }
        return h;
    }

    /** r >= 4: x_i·x_j by 4-lane FMAs reduced in a fixed lane order, the row sum in an L1 scratch. */
    private double residualUpperVector(int lo, int hi, double[] x, int r, double[] b, double[] residual, double[] g, double[] acc) {
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights, coef = coefScratch;
        final int bound = r - r % LANES;
        double h = 0;
        for (int i = lo; i < hi; i++) {
            final int io = i * r;
            Arrays.fill(acc, 0, r, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                final int j = cs[e], jo = j * r;
                DoubleVector s = DoubleVector.fromArray(SPECIES, x, io).mul(DoubleVector.fromArray(SPECIES, x, jo));
                int q = LANES;
                for (; q < bound; q += LANES)
                    s = DoubleVector.fromArray(SPECIES, x, io + q).fma(DoubleVector.fromArray(SPECIES, x, jo + q), s);
                double dot = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                for (; q < r; q++) dot = Math.fma(x[io + q], x[jo + q], dot);
                double w = ws == null ? 1.0 : ws[e];
                double res = w * dot - b[e];
                residual[e] = res;
                h += res * res;
                double c = w * res;
                if (ws != null) coef[e] = c;
                if (j == i) c *= 2;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                for (q = 0; q < bound; q += LANES)
                    DoubleVector.fromArray(SPECIES, x, jo + q).fma(cv, DoubleVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
                for (; q < r; q++) acc[q] = Math.fma(c, x[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, g, io, r);
        }
        return h;
    }

    /**
     * {@link #residualUpperVector} for r up to {@link #MAX_REGISTER_RANK}: x_i and the row sum live
     * in up to three vectors and three scalars (the branches on nv and tail are loop-invariant), so
     * the inner loop touches memory only for x_j, b and the residual.
     */
    private double residualUpperRegisters(int lo, int hi, double[] x, int r, double[] b, double[] residual, double[] g) {
        final int[] cs = upperCols, start = upperStart;
        final double[] ws = weights, coef = coefScratch;
        final int nv = r / LANES, tail = r % LANES, tailOffset = nv * LANES;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        double h = 0;
        for (int i = lo; i < hi; i++) {
            final int io = i * r, it = io + tailOffset;
            final DoubleVector xi0 = DoubleVector.fromArray(SPECIES, x, io);
            final DoubleVector xi1 = nv > 1 ? DoubleVector.fromArray(SPECIES, x, io + LANES) : zero;
            final DoubleVector xi2 = nv > 2 ? DoubleVector.fromArray(SPECIES, x, io + 2 * LANES) : zero;
            final double xt0 = tail > 0 ? x[it] : 0, xt1 = tail > 1 ? x[it + 1] : 0, xt2 = tail > 2 ? x[it + 2] : 0;
            DoubleVector a0 = zero, a1 = zero, a2 = zero;
            double t0 = 0, t1 = 0, t2 = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                final int j = cs[e], jo = j * r, jt = jo + tailOffset;
                final DoubleVector xj0 = DoubleVector.fromArray(SPECIES, x, jo);
                DoubleVector xj1 = zero, xj2 = zero;
                DoubleVector s = xi0.mul(xj0);
                if (nv > 1) {
                    xj1 = DoubleVector.fromArray(SPECIES, x, jo + LANES);
                    s = xi1.fma(xj1, s);
                    if (nv > 2) {
                        xj2 = DoubleVector.fromArray(SPECIES, x, jo + 2 * LANES);
                        s = xi2.fma(xj2, s);
                    }
                }
                double dot = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                double yt0 = 0, yt1 = 0, yt2 = 0;
                if (tail > 0) {
                    yt0 = x[jt];
                    dot = Math.fma(xt0, yt0, dot);
                    if (tail > 1) {
                        yt1 = x[jt + 1];
                        dot = Math.fma(xt1, yt1, dot);
                        if (tail > 2) {
                            yt2 = x[jt + 2];
                            dot = Math.fma(xt2, yt2, dot);
                        }
                    }
                }
                double w = ws == null ? 1.0 : ws[e];
                double res = w * dot - b[e];
                residual[e] = res;
                h += res * res;
                double c = w * res;
                if (ws != null) coef[e] = c;
                if (j == i) c *= 2;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                a0 = xj0.fma(cv, a0);
                a1 = xj1.fma(cv, a1);
                a2 = xj2.fma(cv, a2);
                t0 = Math.fma(c, yt0, t0);
                t1 = Math.fma(c, yt1, t1);
                t2 = Math.fma(c, yt2, t2);
            }
            a0.intoArray(g, io);
            if (nv > 1) a1.intoArray(g, io + LANES);
            if (nv > 2) a2.intoArray(g, io + 2 * LANES);
            if (tail > 0) g[it] = t0;
            if (tail > 1) g[it + 1] = t1;
            if (tail > 2) g[it + 2] = t2;
        }
        return h;
    }

    /** {@link #gatherLowerVector} with the row sum in registers (see {@link #residualUpperRegisters}). */
    private void gatherLowerRegisters(int lo, int hi, double[] source, double scale, double[] v, int k, double[] out) {
        final int[] cs = lowerCols, entry = lowerEntry, start = lowerStart;
        final int nv = k / LANES, tail = k % LANES, tailOffset = nv * LANES;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = lo; i < hi; i++) {
            if (start[i] == start[i + 1]) continue;
            final int io = i * k, it = io + tailOffset;
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, out, io);
            DoubleVector a1 = nv > 1 ? DoubleVector.fromArray(SPECIES, out, io + LANES) : zero;
            DoubleVector a2 = nv > 2 ? DoubleVector.fromArray(SPECIES, out, io + 2 * LANES) : zero;
            double t0 = tail > 0 ? out[it] : 0, t1 = tail > 1 ? out[it + 1] : 0, t2 = tail > 2 ? out[it + 2] : 0;
            for (int p = start[i]; p < start[i + 1]; p++) {
                final double c = scale * source[entry[p]];
                final int jo = cs[p] * k, jt = jo + tailOffset;
                final DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                a0 = DoubleVector.fromArray(SPECIES, v, jo).fma(cv, a0);
                if (nv > 1) {
                    a1 = DoubleVector.fromArray(SPECIES, v, jo + LANES).fma(cv, a1);
                    if (nv > 2) a2 = DoubleVector.fromArray(SPECIES, v, jo + 2 * LANES).fma(cv, a2);
                }
                if (tail > 0) {
                    t0 = Math.fma(c, v[jt], t0);
                    if (tail > 1) {
                        t1 = Math.fma(c, v[jt + 1], t1);
                        if (tail > 2) t2 = Math.fma(c, v[jt + 2], t2);
                    }
                }
            }
            a0.intoArray(out, io);
            if (nv > 1) a1.intoArray(out, io + LANES);
            if (nv > 2) a2.intoArray(out, io + 2 * LANES);
            if (tail > 0) out[it] = t0;
            if (tail > 1) out[it + 1] = t1;
            if (tail > 2) out[it + 2] = t2;
        }
    }

    /** out_i += sum over row i's lower list of (scale * source[e]) v_j. */
    private void gatherLowerRank1(int lo, int hi, double[] source, double scale, double[] v, double[] out) {
        final int[] cs = lowerCols, entry = lowerEntry, start = lowerStart;
        for (int i = lo; i < hi; i++) {
            double gi = out[i];
            for (int p = start[i]; p < start[i + 1]; p++) gi = Math.fma(scale * source[entry[p]], v[cs[p]], gi);
            out[i] = gi;
        }
    }

    private void gatherLowerScalar(int lo, int hi, double[] source, double scale, double[] v, int k, double[] out, double[] acc) {
        final int[] cs = lowerCols, entry = lowerEntry, start = lowerStart;
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            if (start[i] == start[i + 1]) continue;
            System.arraycopy(out, io, acc, 0, k);
            for (int p = start[i]; p < start[i + 1]; p++) {
                double c = scale * source[entry[p]];
                int jo = cs[p] * k;
                for (int q = 0; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, io, k);
        }
    }

    private void gatherLowerVector(int lo, int hi, double[] source, double scale, double[] v, int k, double[] out, double[] acc) {
        final int[] cs = lowerCols, entry = lowerEntry, start = lowerStart;
        final int bound = k - k % LANES;
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            if (start[i] == start[i + 1]) continue;
            System.arraycopy(out, io, acc, 0, k);
            for (int p = start[i]; p < start[i + 1]; p++) {
                double c = scale * source[entry[p]];
                int jo = cs[p] * k;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                int q = 0;
                for (; q < bound; q += LANES)
                    DoubleVector.fromArray(SPECIES, v, jo + q).fma(cv, DoubleVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
                for (; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, io, k);
        }
    }
}
