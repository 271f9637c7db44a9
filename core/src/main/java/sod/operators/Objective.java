package sod.operators;

/**
 * The objective {@code h(X) = 1/2 ||A(X X^T) - b||^2} of one operator and one data vector b, prepared
 * for repeated evaluation: what a local method calls at every step. Unlike
 * {@link SensingOperator#residualAndGradient} it does not hand back the residual (a step needs only h
 * and the gradient; an operator may then skip writing m numbers, or lay out its weights and b as one
 * stream), and it can evaluate a batch of points at once.
 *
 * <p>Made by {@link SensingOperator#objective}; b must not change while the objective is in use
 * ({@link #bind} re-reads it). h and the gradient equal {@code residualAndGradient}'s up to rounding: an
 * operator may sum in another order here. Every evaluation of a batch member gives exactly the bits of
 * {@link #lossAndGradient} at that member's point, whatever the batch's size or order. Owns its
 * workspace (no allocation per call once sized); not thread-safe, like its operator.
 */
public interface Objective {

    /** The operator this objective evaluates. */
    SensingOperator operator();

    /** The data vector it is bound to. */
    double[] b();

    /** Binds to another b (length m) of the same operator, reusing the workspace; returns this. */
    Objective bind(double[] b);

    /** h at X (n x r) and {@code grad = 2 A*(A(X X^T) - b) X} (n x r). */
    double lossAndGradient(double[] x, int r, double[] grad);

    /** The residual {@code A(X X^T) - b} (length m) at X, e.g. for an escape at a stall. */
    void residual(double[] x, int r, double[] out);

    /**
     * h and the gradient at {@code count} points at once: {@code losses[k]} and {@code grads[k]} at
     * {@code xs[k]}, each bitwise what {@link #lossAndGradient} gives there. The default evaluates them
     * one after another; an operator with a multi-point kernel reads its data once for all of them.
     */
    default void lossAndGradients(double[][] xs, int r, int count, double[][] grads, double[] losses) {
        for (int k = 0; k < count; k++) losses[k] = lossAndGradient(xs[k], r, grads[k]);
    }

    /**
     * The objective through {@link SensingOperator#residualAndGradient} with its own residual workspace:
     * every operator's default.
     */
    final class ThroughResidual implements Objective {
        private final SensingOperator op;
        private double[] b;
        private final double[] workspace;
        private double[] gradScratch = new double[0];

        public ThroughResidual(SensingOperator op, double[] b) {
            this.op = op;
            this.b = b;
            this.workspace = new double[op.m()];
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
            this.b = b;
            return this;
        }

        @Override
        public double lossAndGradient(double[] x, int r, double[] grad) {
            return op.residualAndGradient(x, r, b, workspace, grad);
        }

        @Override
        public void residual(double[] x, int r, double[] out) {
            int len = op.n() * r;
            if (gradScratch.length < len) gradScratch = new double[len];
            op.residualAndGradient(x, r, b, out, gradScratch);
        }
    }
}
