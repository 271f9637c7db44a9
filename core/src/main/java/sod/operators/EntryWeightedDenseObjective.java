package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.WeightedPairKernels;

/**
 * {@link EntryWeightedDense}'s objective on the pair layout of {@link WeightedPairKernels}: with
 * {@code t = b / W} entrywise, {@code h = 1/2 sum_ij W_ij^2 ((X X^T)_ij - t_ij)^2} summed over the upper
 * triangle only ({@code u = W^2}, halved on the diagonal) and no residual written. A b that is not
 * symmetric is folded exactly: the pair (i, j), (j, i) sees {@code t = (b_ij + b_ji) / (2 W_ij)} plus the
 * constant {@code (b_ij - b_ji)^2 / 4}; an entry of weight 0 adds {@code b^2 / 2} to the constant. For
 * PMC (b = W o M*) the constant is 0 and t = M* exactly.
 *
 * <p>Threads: when the operator's rows pass would run in parallel, the row pairs are split into
 * {@code threads} parts of equal work, each summed into its own gradient and h, added in part order (as
 * the operator's own pass). The batch path evaluates members on the same parts, so each member's bits
 * are those of {@link #lossAndGradient} at its point; members are spread over the threads in blocks of
 * {@link WeightedPairKernels#LANES}, which changes no bit.
 */
final class EntryWeightedDenseObjective implements Objective {
    private static final int L = WeightedPairKernels.LANES;
    /**
     * Entries-times-rank-times-members of a batch call from which its member blocks go to the threads:
     * about 10 us of work, a few times the gang's hand-over.
     */
    static final long BATCH_PARALLEL_MIN_WORK = 1L << 15;
    /**
     * From this n a rank-one batch runs on the member-major layout ({@link WeightedPairKernels#batchRankOneColumns}):
     * same-run ({@code sod.bench.PmcBatchKernels}, loaded machine) 1.1-1.3x faster per point than the
     * interleaved kernel at n = 120-160, about equal at n = 100, 5-10% slower at n = 40-80 (the paper's
     * sizes), where the interleaved kernel's row ends (vertical adds) are cheaper than parked lane sums.
     */
    static final int COLUMNS_MIN_N = 100;

    private final EntryWeightedDense op;
    private final double[] weights;
    private final int n, npad, pairs, threads;
    private final int[] start;
    private final double[] data;
    /** Row-pair boundaries of the parts of a parallel evaluation (equal work). */
    private final int[] partStart;
    private double[] b;
    private double constant;

    // single-point workspace, sized for the current r: padded transposed X and one padded gradient per part
    private int rank;
    private double[] xt;
    private double[][] gParts;
    private final double[] hParts;
    private double[][] acc;
    /** Per part: the rank-one kernel's parked lane sums. */
    private final double[][] rowSums;
    // batch workspace: k members (a multiple of L), interleaved or (rank one, n >= COLUMNS_MIN_N) member-major;
    // per part a gradient block and k losses
    private int batchRank, batchMembers;
    private double[] xb;
    private double[][] gbParts, hbParts, batchScratch;
    private int callParts, callRank, callMembers;
    private boolean callColumns;

    private final IntConsumer partTask = this::evaluatePart;
    private final IntConsumer reduceTask = this::reducePart;
    private final IntConsumer batchTask = this::batchPart;

    EntryWeightedDenseObjective(EntryWeightedDense op, double[] weights, double[] b) {
        this.op = op;
        this.weights = weights;
        this.n = op.n();
        this.npad = WeightedPairKernels.paddedDimension(n);
        this.pairs = WeightedPairKernels.rowPairs(n);
        this.threads = op.threads();
        this.start = WeightedPairKernels.blockStarts(n);
        this.data = new double[start[pairs]];
        this.partStart = partition(threads);
        this.hParts = new double[threads];
        this.rowSums = new double[threads][WeightedPairKernels.rankOneScratchLength(n)];
        fillWeights();
        bind(b);
    }

    @Override
    public SensingOperator operator() {
        return op;
    }

    @Override
    public double[] b() {
        return b;
    }

    /** u = W^2 on the upper triangle (half on the diagonal), 0 elsewhere: b does not enter. */
    private void fillWeights() {
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double w = weights[i * n + j];
                data[WeightedPairKernels.index(start, i, j)] = j == i ? 0.5 * (w * w) : w * w;
            }
        }
    }

    @Override
    public Objective bind(double[] b) {
        if (b == null || b.length != (long) n * n)
            throw new SodInputException("b has " + (b == null ? 0 : b.length) + " entries, expected m = n*n = " + (long) n * n);
        double c = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double w = weights[i * n + j], bij = b[i * n + j], bji = b[j * n + i];
                double t;
                if (w == 0) {
                    t = 0;
                    c += j == i ? 0.5 * bij * bij : 0.5 * (bij * bij + bji * bji);
                } else if (j == i) {
                    t = bij / w;
                } else {
                    t = (bij + bji) / (2 * w);
                    double skew = bij - bji;
                    c += 0.25 * skew * skew;
                }
                data[WeightedPairKernels.index(start, i, j) + L] = -t;
            }
        }
        this.b = b;
        this.constant = c;
        return this;
    }

    /** Row-pair boundaries of {@code parts} ranges with about equal pair counts. */
    private int[] partition(int parts) {
        int[] bounds = new int[parts + 1];
        long total = start[pairs], done = 0;
        int q = 0;
        for (int t = 1; t < parts; t++) {
            long target = total * t / parts;
            while (q < pairs && done + (start[q + 1] - start[q]) <= target) done += start[q + 1] - start[q++];
            bounds[t] = q;
        }
        bounds[parts] = pairs;
        return bounds;
    }

    /** The part count of an evaluation at rank r: the operator's threads when its own pass would use them. */
    private int parts(int r) {
        return op.parallelRows(r) ? threads : 1;
    }

    private void ensure(int r) {
        if (rank == r) return;
        rank = r;
        xt = new double[r * npad];
        gParts = new double[threads][r * npad];
        acc = new double[threads][r * L];
    }

    @Override
    public double lossAndGradient(double[] x, int r, double[] grad) {
        op.checkFactor("x", x, r);
        op.checkFactor("grad", grad, r);
        if (r < 1) throw new SodInputException("factor width k = " + r + " must be >= 1");
        ensure(r);
        if (r == 1) System.arraycopy(x, 0, xt, 0, n); // the transpose of a column; rows n..npad-1 stay 0
        else
            for (int i = 0; i < n; i++)
                for (int c = 0; c < r; c++) xt[c * npad + i] = x[i * r + c];
        int parts = parts(r);
        double h;
        callRank = r;
        if (parts == 1) {
            evaluatePart(0, 0, pairs);
            h = hParts[0];
        } else {
            callParts = parts;
            op.runParts(partTask, reduceTask, true);
            h = 0;
            for (int t = 0; t < parts; t++) h += hParts[t];
        }
        double[] g = gParts[0];
        if (r == 1) {
            for (int i = 0; i < n; i++) grad[i] = 2 * g[i];
        } else {
            for (int i = 0; i < n; i++)
                for (int c = 0; c < r; c++) grad[i * r + c] = 2 * g[c * npad + i];
        }
        return h + constant;
    }

    private void evaluatePart(int t) {
        evaluatePart(t, partStart[t], partStart[t + 1]);
    }

    private void evaluatePart(int t, int qLo, int qHi) {
        double[] g = gParts[t];
        Arrays.fill(g, 0, callRank * npad, 0.0);
        hParts[t] = callRank == 1
                ? WeightedPairKernels.rankOne(n, data, start, qLo, qHi, xt, g, rowSums[t])
                : WeightedPairKernels.general(n, callRank, data, start, qLo, qHi, xt, g, acc[t]);
    }

    /** Part t's slice of {@code gParts[0] += gParts[1] + ...}, in part order. */
    private void reducePart(int t) {
        int len = callRank * npad;
        int lo = WorkerGang.rangeStart(len, threads, t), hi = WorkerGang.rangeStart(len, threads, t + 1);
        double[] g0 = gParts[0];
        for (int p = 1; p < callParts; p++) {
            double[] gp = gParts[p];
            for (int e = lo; e < hi; e++) g0[e] += gp[e];
        }
    }

    @Override
    public void residual(double[] x, int r, double[] out) {
        op.checkFactor("x", x, r);
        AbstractSensingOperator.checkLength("out", out, (long) n * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double p;
                if (r == 1) {
                    p = x[i] * x[j];
                } else {
                    p = 0;
                    for (int c = 0; c < r; c++) p += x[i * r + c] * x[j * r + c];
                }
                out[i * n + j] = weights[i * n + j] * p - b[i * n + j];
            }
        }
    }

    @Override
    public void lossAndGradients(double[][] xs, int r, int count, double[][] grads, double[] losses) {
        if (r < 1) throw new SodInputException("factor width k = " + r + " must be >= 1");
        if (count < 1) return;
        for (int k = 0; k < count; k++) {
            if (xs[k] == null || xs[k].length < n * r) op.checkFactor("xs[" + k + "]", xs[k], r);
            if (grads[k] == null || grads[k].length < n * r) op.checkFactor("grads[" + k + "]", grads[k], r);
        }
        int members = (count + L - 1) / L * L;
        boolean columns = r == 1 && n >= COLUMNS_MIN_N;
        ensureBatch(r, members);
        if (columns) {
            // member k's padded x at xb[k * npad]; the padding rows and the phantom members are zero
            for (int k = 0; k < count; k++) System.arraycopy(xs[k], 0, xb, k * npad, n);
            Arrays.fill(xb, count * npad, members * npad, 0.0);
        } else {
            // rows n..npad-1 must be zero (their weights are 0, but 0 * NaN is not); the rest is overwritten
            Arrays.fill(xb, n * r * members, npad * r * members, 0.0);
            for (int k = 0; k < count; k++) {
                double[] x = xs[k];
                for (int e = 0; e < n * r; e++) xb[e * members + k] = x[e];
            }
        }
        callParts = parts(r);
        callRank = r;
        callMembers = members;
        callColumns = columns;
        boolean gang = threads > 1 && members > L && (long) n * n * r * count >= BATCH_PARALLEL_MIN_WORK;
        op.runParts(batchTask, null, gang);
        double[] g0 = gbParts[0], h0 = hbParts[0];
        for (int k = 0; k < count; k++) {
            double[] grad = grads[k];
            double h;
            // element e of member k: at k * npad + e (columns) or e * members + k (interleaved)
            int first = columns ? k * npad : k, apart = columns ? 1 : members;
            if (callParts == 1) {
                h = h0[k];
                for (int e = 0; e < n * r; e++) grad[e] = 2 * g0[first + e * apart];
            } else {
                h = 0;
                for (int p = 0; p < callParts; p++) h += hbParts[p][k];
                for (int e = 0; e < n * r; e++) {
                    int at = first + e * apart;
                    double g = g0[at];
                    for (int p = 1; p < callParts; p++) g += gbParts[p][at];
                    grad[e] = 2 * g;
                }
            }
            losses[k] = h + constant;
        }
    }

    /** Batch buffers for rank r and at least {@code members} members (kept when large enough: no allocation as a batch shrinks). */
    private void ensureBatch(int r, int members) {
        if (batchRank == r && batchMembers >= members) return;
        batchRank = r;
        batchMembers = members;
        xb = new double[npad * r * members];
        gbParts = new double[threads][npad * r * members];
        hbParts = new double[threads][members];
        int scratch = r == 1 && n >= COLUMNS_MIN_N ? WeightedPairKernels.batchColumnsScratchLength(n) : WeightedPairKernels.batchScratchLength(r);
        batchScratch = new double[threads][scratch];
    }

    /** Thread t's member blocks, on every part. */
    private void batchPart(int t) {
        int blocks = callMembers / L;
        int lo = WorkerGang.rangeStart(blocks, threads, t) * L, hi = WorkerGang.rangeStart(blocks, threads, t + 1) * L;
        if (lo == hi) return;
        int len = npad * callRank * callMembers;
        for (int p = 0; p < callParts; p++) {
            double[] gb = gbParts[p];
            // zero this thread's members of the part's gradient block
            if (callColumns) Arrays.fill(gb, lo * npad, hi * npad, 0.0);
            else for (int e = 0; e < len; e += callMembers) Arrays.fill(gb, e + lo, e + hi, 0.0);
            int qLo = callParts == 1 ? 0 : partStart[p], qHi = callParts == 1 ? pairs : partStart[p + 1];
            if (callColumns)
                WeightedPairKernels.batchRankOneColumns(n, data, start, qLo, qHi, lo, hi, xb, gb, hbParts[p], batchScratch[t]);
            else if (callRank == 1)
                WeightedPairKernels.batchRankOne(n, data, start, qLo, qHi, callMembers, lo, hi, xb, gb, hbParts[p], batchScratch[t]);
            else
                WeightedPairKernels.batchGeneral(n, callRank, data, start, qLo, qHi, callMembers, lo, hi, xb, gb, hbParts[p], batchScratch[t]);
        }
    }
}
