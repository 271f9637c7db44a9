package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
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
 * <p>Storage is primitive coordinate arrays sorted by (i, j) (row-major locality for X and the
 * gradient) and never anything n x n, so n can be 10^6 and m 10^7. Work is split over contiguous
 * entry ranges on the operator's own threads; each thread but the first accumulates into a private
 * n x r gradient partial which is added in thread order, so results are bitwise reproducible for a
 * fixed thread count.
 */
public final class EntryWeightedSparse implements SensingOperator {

    /** Largest n for which {@link #adjoint} forms the dense n x n matrix. */
    public static final int MAX_DENSE_ADJOINT_N = 20000;

    /** Entry counts below which threading costs more than it saves. */
    private static final int PARALLEL_MIN_ENTRIES = 1 << 14;

    private final int n;
    private final int[] rows;
    private final int[] cols;
    private final double[] weights; // null: all weights 1
    private final int threads;
    private final WorkerGang gang;
    private final double[] partialH;
    /** Per-thread r-vector for the running sum of a row's own gradient share. */
    private final double[][] rowScratch;
    /** partialGrad[t] for t >= 1 is thread t's private accumulator; kept all zero between calls. */
    private double[][] partialGrad;
    private int partialCapacity;
    private boolean partialsDirty;

    // Arguments of the current parallel call, read by the preallocated tasks.
    private static final int MODE_RESIDUAL_GRADIENT = 0, MODE_ADJOINT_TIMES = 1, MODE_MEASURE = 2;
    private int callMode;
    private double[] callX, callV, callB, callOut, callResidual;
    private int callK;
    private final IntConsumer entriesTask = this::entriesForThread;
    private final IntConsumer reduceTask = this::reduceForThread;

    /**
     * Takes ownership of the arrays (no copy: they can be hundreds of megabytes).
     *
     * @param n       dimension
     * @param rows    row index i of each observation
     * @param cols    column index j of each observation, {@code rows[k] <= cols[k] < n}; the pairs
     *                strictly increasing in (i, j) (see {@link #sortEntries} for arbitrary input)
     * @param weights weight of each observation (finite), or null for all ones
     * @param threads threads used for large m (>= 1)
     */
    public EntryWeightedSparse(int n, int[] rows, int[] cols, double[] weights, int threads) {
        if (n < 1) throw new SodInputException("sparse completion operator: n must be >= 1, got " + n);
        if (threads < 1) throw new SodInputException("sparse completion operator: threads must be >= 1, got " + threads);
        if (rows == null || cols == null || rows.length != cols.length)
            throw new SodInputException("sparse completion operator: row and column index arrays must have equal length");
        if (rows.length == 0) throw new SodInputException("sparse completion operator: no observations");
        if (weights != null && weights.length != rows.length)
            throw new SodInputException("sparse completion operator: " + weights.length + " weights for " + rows.length + " observations");
        long previous = -1;
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k], j = cols[k];
            if (i < 0 || j >= n || i > j)
                throw new SodInputException("sparse completion operator: observation " + k + " at (" + i + ", " + j
                        + ") must satisfy 0 <= i <= j < n = " + n + "; use EntryWeightedSparse.sortEntries to normalise");
            long key = (long) i * n + j;
            if (key <= previous)
                throw new SodInputException("sparse completion operator: observation " + k + " at (" + i + ", " + j
                        + ") is out of (i, j) order or repeated; use EntryWeightedSparse.sortEntries");
            previous = key;
            if (weights != null && !Double.isFinite(weights[k]))
                throw new SodInputException("sparse completion operator: weight of observation " + k + " is not finite");
        }
        this.n = n;
        this.rows = rows;
        this.cols = cols;
        this.weights = weights;
        this.threads = threads;
        this.gang = new WorkerGang(threads, "sod-completion");
        this.partialH = new double[threads];
        this.rowScratch = new double[threads][0];
    }

    /**
     * Puts arbitrary observations into the form the constructor wants, in place: swaps each pair to
     * {@code i <= j}, then sorts all arrays together by (i, j) (counting sort by row, then by column
     * within each row). {@code weights} and {@code values} may be null.
     *
     * @throws SodInputException on an index out of range or a pair observed twice
     */
    public static void sortEntries(int n, int[] rows, int[] cols, double[] weights, double[] values) {
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
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] - rowStart[i] > 1) Arrays.sort(order, rowStart[i], rowStart[i + 1]);
        }
        int[] newCols = new int[m];
        for (int p = 0; p < m; p++) newCols[p] = (int) (order[p] >>> 32);
        int row = 0;
        for (int p = 0; p < m; p++) {
            while (rowStart[row + 1] <= p) row++;
            if (p > rowStart[row] && newCols[p] == newCols[p - 1])
                throw new SodInputException("observations: entry (" + row + ", " + newCols[p] + ") is given more than once");
            rows[p] = row;
        }
        System.arraycopy(newCols, 0, cols, 0, m);
        if (weights != null) permute(weights, order);
        if (values != null) permute(values, order);
    }

    private static void permute(double[] a, long[] order) {
        double[] copy = a.clone();
        for (int p = 0; p < a.length; p++) a[p] = copy[(int) order[p]];
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return rows.length;
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Row index of observation k. */
    public int row(int k) {
        return rows[k];
    }

    /** Column index of observation k. */
    public int col(int k) {
        return cols[k];
    }

    /** Weight of observation k. */
    public double weight(int k) {
        return weights == null ? 1.0 : weights[k];
    }

    private boolean parallel() {
        return threads > 1 && rows.length >= PARALLEL_MIN_ENTRIES;
    }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        if (!parallel()) {
            measureRange(0, rows.length, u, v, k, out);
            return;
        }
        callMode = MODE_MEASURE;
        callX = u;
        callV = v;
        callK = k;
        callOut = out;
        try {
            gang.run(entriesTask);
        } finally {
            clearCall();
        }
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        if (!parallel()) {
            Arrays.fill(out, 0, n * k, 0.0);
            adjointTimesRange(0, rows.length, y, v, k, out);
            return;
        }
        runAccumulating(MODE_ADJOINT_TIMES, null, v, y, k, out);
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        if (n > MAX_DENSE_ADJOINT_N)
            throw new UnsupportedOperationException("sparse completion operator: n = " + n + " is too large to form A*(y) as a dense n x n matrix (limit "
                    + MAX_DENSE_ADJOINT_N + "); use adjointTimes");
        Arrays.fill(g, 0, n * n, 0.0);
        for (int e = 0; e < rows.length; e++) {
            int i = rows[e], j = cols[e];
            double half = 0.5 * weight(e) * y[e];
            g[i * n + j] += half;
            g[j * n + i] += half;
        }
    }

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (!parallel()) {
            Arrays.fill(grad, 0, n * r, 0.0);
            ensureRowScratch(r);
            return 0.5 * residualGradientRange(0, 0, rows.length, x, r, b, residual, grad);
        }
        ensureRowScratch(r);
        callResidual = residual;
        runAccumulating(MODE_RESIDUAL_GRADIENT, x, null, b, r, grad);
        double h = 0;
        for (int t = 0; t < threads; t++) h += partialH[t];
        return 0.5 * h;
    }

    @Override
    public long bytesPerIteration(int r) {
        long perEntry = 2L * Integer.BYTES + 2L * Double.BYTES + (weights == null ? 0 : Double.BYTES);
        return perEntry * rows.length;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) rows.length * (6.0 * r + 4.0);
    }

    @Override
    public void close() {
        gang.close();
    }

    // ---- parallel plumbing ----

    private void runAccumulating(int mode, double[] x, double[] v, double[] data, int k, double[] out) {
        ensurePartials(k);
        callMode = mode;
        callX = x;
        callV = v;
        callB = data;
        callK = k;
        callOut = out;
        try {
            partialsDirty = true;
            gang.run(entriesTask);
            gang.run(reduceTask);
            partialsDirty = false;
        } finally {
            clearCall();
        }
    }

    private void clearCall() {
        callX = callV = callB = callOut = callResidual = null;
    }

    private void ensureRowScratch(int r) {
        if (rowScratch[0].length < r) {
            for (int t = 0; t < threads; t++) rowScratch[t] = new double[r];
        }
    }

    private void ensurePartials(int k) {
        if (partialGrad == null || partialCapacity < n * k) {
            partialCapacity = n * k;
            partialGrad = new double[threads][];
            for (int t = 1; t < threads; t++) partialGrad[t] = new double[partialCapacity];
            partialsDirty = false;
        } else if (partialsDirty) {
            for (int t = 1; t < threads; t++) Arrays.fill(partialGrad[t], 0.0);
            partialsDirty = false;
        }
    }

    private void entriesForThread(int t) {
        int lo = WorkerGang.rangeStart(rows.length, threads, t), hi = WorkerGang.rangeStart(rows.length, threads, t + 1);
        int k = callK;
        switch (callMode) {
            case MODE_MEASURE -> measureRange(lo, hi, callX, callV, k, callOut);
            case MODE_ADJOINT_TIMES -> {
                double[] target = t == 0 ? callOut : partialGrad[t];
                if (t == 0) Arrays.fill(target, 0, n * k, 0.0);
                adjointTimesRange(lo, hi, callB, callV, k, target);
            }
            default -> {
                double[] target = t == 0 ? callOut : partialGrad[t];
                if (t == 0) Arrays.fill(target, 0, n * k, 0.0);
                partialH[t] = residualGradientRange(t, lo, hi, callX, k, callB, callResidual, target);
            }
        }
    }

    /** out[q] += sum of the partials, which are reset to zero, over this thread's slice of n*k. */
    private void reduceForThread(int t) {
        int total = n * callK;
        int lo = WorkerGang.rangeStart(total, threads, t), hi = WorkerGang.rangeStart(total, threads, t + 1);
        double[] out = callOut;
        for (int p = 1; p < threads; p++) {
            double[] g = partialGrad[p];
            for (int q = lo; q < hi; q++) {
                out[q] += g[q];
                g[q] = 0.0;
            }
        }
    }

    // ---- kernels over an entry range ----

    private void measureRange(int lo, int hi, double[] u, double[] v, int k, double[] out) {
        final int[] rs = rows, cs = cols;
        final double[] ws = weights;
        for (int e = lo; e < hi; e++) {
            int io = rs[e] * k, jo = cs[e] * k;
            double uv = 0, vu = 0;
            for (int c = 0; c < k; c++) {
                uv += u[io + c] * v[jo + c];
                vu += v[io + c] * u[jo + c];
            }
            double w = ws == null ? 1.0 : ws[e];
            out[e] = w * 0.5 * (uv + vu);
        }
    }

    private void adjointTimesRange(int lo, int hi, double[] y, double[] v, int k, double[] out) {
        final int[] rs = rows, cs = cols;
        final double[] ws = weights;
        for (int e = lo; e < hi; e++) {
            int io = rs[e] * k, jo = cs[e] * k;
            double half = 0.5 * y[e] * (ws == null ? 1.0 : ws[e]);
            for (int c = 0; c < k; c++) {
                out[io + c] += half * v[jo + c];
                out[jo + c] += half * v[io + c];
            }
        }
    }

    /** Residuals of [lo, hi) into {@code residual}, {@code g += 2 A*(residual) X} over them; returns sum res^2. */
    private double residualGradientRange(int thread, int lo, int hi, double[] x, int r, double[] b, double[] residual, double[] g) {
        final int[] rs = rows, cs = cols;
        final double[] ws = weights;
        double h = 0;
        if (r == 1) {
            for (int e = lo; e < hi; e++) {
                int i = rs[e], j = cs[e];
                double xi = x[i], xj = x[j];
                double w = ws == null ? 1.0 : ws[e];
                double res = w * (xi * xj) - b[e];
                residual[e] = res;
                h += res * res;
                double coef = w * res;
                g[i] += coef * xj;
                g[j] += coef * xi;
            }
            return h;
        }
        // Entries are sorted by row: x_i stays hot and row i's own share of the gradient is summed
        // in rowSum and written once per row, leaving only the column share scattered.
        final double[] rowSum = rowScratch[thread];
        int e = lo;
        while (e < hi) {
            final int i = rs[e];
            final int io = i * r;
            Arrays.fill(rowSum, 0, r, 0.0);
            for (; e < hi && rs[e] == i; e++) {
                final int jo = cs[e] * r;
                double p0 = 0, p1 = 0;
                int c = 0;
                for (; c + 1 < r; c += 2) {
                    p0 += x[io + c] * x[jo + c];
                    p1 += x[io + c + 1] * x[jo + c + 1];
                }
                if (c < r) p0 += x[io + c] * x[jo + c];
                double w = ws == null ? 1.0 : ws[e];
                double res = w * (p0 + p1) - b[e];
                residual[e] = res;
                h += res * res;
                double coef = w * res;
                for (c = 0; c < r; c++) {
                    rowSum[c] += coef * x[jo + c];
                    g[jo + c] += coef * x[io + c];
                }
            }
            for (int c = 0; c < r; c++) g[io + c] += rowSum[c];
        }
        return h;
    }
}
