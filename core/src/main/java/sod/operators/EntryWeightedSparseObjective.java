package sod.operators;

import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.SparseLowerKernels;
import sod.kernels.SparseUpperKernels;

/**
 * {@link EntryWeightedSparse}'s objective: the operator's two row-owned passes without the residual.
 * Pass 1 walks row i's upper list as {@code residualAndGradient} does but writes nothing per
 * observation; pass 2 walks row i's lower list and recomputes each pair's coefficient from its own
 * weight and data, kept in lower-list order ({@code b} and w gathered once per {@link #bind}), instead of
 * reading pass 1's coefficient back by observation index: every pass then streams its lists and makes
 * one random read per entry (the neighbour's row of X) instead of two, and no m-length residual or
 * coefficient array is written or even held. The roundings are those of the operator's own pass, so h and
 * the gradient are bitwise {@code residualAndGradient}'s, for every thread count (both passes are
 * row-owned; h is summed over the operator's fixed row chunks).
 *
 * <p>Memory: 8 bytes per off-diagonal observation for b in lower order (16 with weights).
 */
final class EntryWeightedSparseObjective implements Objective {
    private final EntryWeightedSparse op;
    private final SymmetricPattern pattern;
    private final RowChunks chunks;
    private final double[] weights;
    private final double[] chunkH;
    private final double[] lowerB, lowerW;
    private final double[][] rowScratch;
    private double[] b;
    private double[] residualScratch;

    // the call under way
    private double[] x, grad;
    private int r;
    private final IntConsumer upperTask = this::upperForThread;
    private final IntConsumer lowerTask = this::lowerForThread;
    private final IntConsumer fillTask = this::fillForThread;

    EntryWeightedSparseObjective(EntryWeightedSparse op, SymmetricPattern pattern, RowChunks chunks, double[] weights, double[] b) {
        this.op = op;
        this.pattern = pattern;
        this.chunks = chunks;
        this.weights = weights;
        this.chunkH = new double[chunks.count()];
        this.lowerB = new double[pattern.lowerSize()];
        this.lowerW = weights == null ? null : new double[pattern.lowerSize()];
        this.rowScratch = new double[op.threads()][0];
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

    @Override
    public Objective bind(double[] b) {
        AbstractSensingOperator.checkLength("b", b, op.m());
        this.b = b;
        op.runParts(fillTask, null, op.parallel());
        return this;
    }

    /** Thread t's rows of the lower lists: b (and w) of each pair in lower-list order. */
    private void fillForThread(int t) {
        int[] entry = pattern.lowerEntry;
        for (int p = pattern.lowerStart[chunks.firstRowOf(t)]; p < pattern.lowerStart[chunks.firstRowOf(t + 1)]; p++) {
            int e = entry[p];
            lowerB[p] = b[e];
            if (lowerW != null) lowerW[p] = weights[e];
        }
    }

    @Override
    public double lossAndGradient(double[] x, int r, double[] grad) {
        op.checkFactor("x", x, r);
        op.checkFactor("grad", grad, r);
        if (r < 1) throw new SodInputException("factor width k = " + r + " must be >= 1");
        if (rowScratch[0].length < r) for (int t = 0; t < rowScratch.length; t++) rowScratch[t] = new double[r];
        this.x = x;
        this.grad = grad;
        this.r = r;
        try {
            op.runParts(upperTask, lowerTask, op.parallel());
        } finally {
            this.x = this.grad = null;
        }
        double h = 0;
        for (double part : chunkH) h += part;
        return 0.5 * h;
    }

    private void upperForThread(int t) {
        SymmetricPattern p = pattern;
        for (int c = chunks.firstChunk(t); c < chunks.firstChunk(t + 1); c++) {
            chunkH[c] = SparseUpperKernels.residual(chunks.firstRow(c), chunks.firstRow(c + 1), p.upperStart, p.upperCols,
                    weights, null, x, r, b, null, grad, rowScratch[t]);
        }
    }

    private void lowerForThread(int t) {
        SparseLowerKernels.recompute(chunks.firstRowOf(t), chunks.firstRowOf(t + 1), pattern.lowerStart, pattern.lowerCols,
                lowerW, lowerB, x, r, grad, rowScratch[t]);
    }

    /** Through the operator's own pass (this objective holds no gradient scratch of its own: it is rare). */
    @Override
    public void residual(double[] x, int r, double[] out) {
        int len = op.n() * r;
        if (residualScratch == null || residualScratch.length < len) residualScratch = new double[len];
        op.residualAndGradient(x, r, b, out, residualScratch);
    }
}
