package sod.operators;

import sod.SodInputException;

/**
 * {@link EntryWeightedSparse}'s objective: the operator's pair pass writing no residual, so no m-length
 * array is written or held; b is read where it lies, in observation order, which is the order the pass
 * visits the pairs in (nothing is copied per {@link #bind}). h and the gradient are bitwise
 * {@code residualAndGradient}'s, for every thread count.
 */
final class EntryWeightedSparseObjective implements Objective {
    private final EntryWeightedSparse op;
    private double[] b;
    /** The gradient {@link #residual} discards; allocated at its first (rare) use. */
    private double[] residualScratch;

    EntryWeightedSparseObjective(EntryWeightedSparse op, double[] b) {
        this.op = op;
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
        return this;
    }

    @Override
    public double lossAndGradient(double[] x, int r, double[] grad) {
        op.checkFactor("x", x, r);
        op.checkFactor("grad", grad, r);
        if (r < 1) throw new SodInputException("factor width k = " + r + " must be >= 1");
        return op.pairPass(x, r, b, null, grad);
    }

    @Override
    public void residual(double[] x, int r, double[] out) {
        int len = op.n() * r;
        if (residualScratch == null || residualScratch.length < len) residualScratch = new double[len];
        op.residualAndGradient(x, r, b, out, residualScratch);
    }
}
