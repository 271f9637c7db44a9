package sod.solver.local;

import sod.kernels.Factors;
import sod.operators.SensingOperator;

/**
 * The current point X (n x r) of a local method with its residual {@code A(X X^T) - b}, its gradient
 * {@code 2 A*(residual) X} and {@code h = 1/2 ||residual||^2}, plus one trial point of the same shape:
 * a step rule writes the trial X, evaluates it and accepts it, which swaps the two buffers (no copy,
 * no allocation). The gradient norm is computed on first request after each change.
 *
 * <p>Bound to one problem's operator and data at a time ({@link #bind}); reusable across problems of
 * the same sizes. Not thread-safe.
 */
public final class Iterate {
    private final int n, r, m;
    private double[] x, grad, residual;
    private double[] trialX, trialGrad, trialResidual;
    private double h = Double.NaN, trialH = Double.NaN;
    private double gradNorm;
    private boolean gradNormKnown;
    private double divergenceLevel = Double.POSITIVE_INFINITY;
    private SensingOperator op;
    private double[] b;

    public Iterate(int n, int r, int m) {
        this.n = n;
        this.r = r;
        this.m = m;
        x = new double[n * r];
        grad = new double[n * r];
        residual = new double[m];
        trialX = new double[n * r];
        trialGrad = new double[n * r];
        trialResidual = new double[m];
    }

    /** Whether this iterate has the given sizes. */
    public boolean fits(int n, int r, int m) {
        return this.n == n && this.r == r && this.m == m;
    }

    /** Binds the operator and the data b (length m); the point itself is unchanged. */
    public void bind(SensingOperator op, double[] b) {
        this.op = op;
        this.b = b;
    }

    public int n() {
        return n;
    }

    public int r() {
        return r;
    }

    public int m() {
        return m;
    }

    public SensingOperator operator() {
        return op;
    }

    public double[] b() {
        return b;
    }

    /** X (n x r, row-major); write through {@link #set} or evaluate after changing it in place. */
    public double[] x() {
        return x;
    }

    public double[] gradient() {
        return grad;
    }

    public double[] residual() {
        return residual;
    }

    public double h() {
        return h;
    }

    /** ||grad h(X)||_F, overflow-safe. */
    public double gradNorm() {
        if (!gradNormKnown) {
            gradNorm = Factors.norm(grad, n * r);
            gradNormKnown = true;
        }
        return gradNorm;
    }

    /**
     * The relative gradient {@code ||grad h|| ||X||_F / (2 h)}: the first-order change a step of the size
     * of X could make, against the loss. Dimensionless; 0 at a stationary point, large near a zero residual.
     */
    public double relativeGradient() {
        double g = gradNorm();
        return g == 0 ? 0 : g * Factors.norm(x, n * r) / (2 * h);
    }

    /** h above this (or not finite) means a step diverged; set by the driver for each run. */
    public double divergenceLevel() {
        return divergenceLevel;
    }

    public void divergenceLevel(double level) {
        divergenceLevel = level;
    }

    /** Copies {@code from} (n x r) into X and evaluates there. */
    public double set(double[] from) {
        System.arraycopy(from, 0, x, 0, n * r);
        return evaluate();
    }

    /** Copies X into {@code out}. */
    public void copyX(double[] out) {
        System.arraycopy(x, 0, out, 0, n * r);
    }

    /** Re-evaluates h, the residual and the gradient at X (after X was changed in place). */
    public double evaluate() {
        h = op.residualAndGradient(x, r, b, residual, grad);
        gradNormKnown = false;
        return h;
    }

    /** The trial point's X, written by a step rule before {@link #evaluateTrial}. */
    public double[] trialX() {
        return trialX;
    }

    public double[] trialGradient() {
        return trialGrad;
    }

    public double[] trialResidual() {
        return trialResidual;
    }

    /** h (with residual and gradient) at the trial point. */
    public double evaluateTrial() {
        trialH = op.residualAndGradient(trialX, r, b, trialResidual, trialGrad);
        return trialH;
    }

    /** Makes the evaluated trial point the current one (the old current point becomes the next trial buffer). */
    public void acceptTrial() {
        double[] t = x; x = trialX; trialX = t;
        t = grad; grad = trialGrad; trialGrad = t;
        t = residual; residual = trialResidual; trialResidual = t;
        h = trialH;
        gradNormKnown = false;
    }
}
