package sod.solver.local;

import sod.kernels.ArrayKernels;
import sod.kernels.Factors;
import sod.operators.Objective;
import sod.operators.SensingOperator;

/**
 * The current point X (n x r) of a local method with its gradient {@code 2 A*(A(X X^T) - b) X} and
 * {@code h = 1/2 ||A(X X^T) - b||^2}, plus one trial point of the same shape: a step rule writes the
 * trial X, evaluates it and accepts it, which swaps the two buffers (no copy, no allocation). The
 * gradient norm is computed on first request after each change.
 *
 * <p>Evaluations go through the operator's {@link Objective}, which need not form the residual; the
 * residual is formed (and its m doubles allocated) only when {@link #residual} is asked for, e.g. by an
 * escape at a stall, and kept until X changes.
 *
 * <p>{@link #detachX} hands the trial buffer to a finished run's result.
 *
 * <p>Bound to one problem's operator and data at a time ({@link #bind}); reusable across problems of
 * the same sizes. Not thread-safe.
 */
public final class Iterate {
    private final int n, r, m;
    private double[] x, grad, residual;
    private double[] trialX, trialGrad, trialResidual;
    private boolean residualCurrent;
    private double h = Double.NaN, trialH = Double.NaN;
    private double gradNorm, xSquaredNorm;
    private boolean gradNormKnown, xSquaredNormKnown;
    private double divergenceLevel = Double.POSITIVE_INFINITY;
    private SensingOperator op;
    private Objective objective;
    /** The objective this iterate made itself (rebound, never one shared with others). */
    private Objective own;
    private double[] b;

    public Iterate(int n, int r, int m) {
        this.n = n;
        this.r = r;
        this.m = m;
        x = new double[n * r];
        grad = new double[n * r];
        trialX = new double[n * r];
        trialGrad = new double[n * r];
    }

    /** Whether this iterate has the given sizes. */
    public boolean fits(int n, int r, int m) {
        return this.n == n && this.r == r && this.m == m;
    }

    /**
     * Binds the operator and the data b (length m); the point itself is unchanged. The operator's
     * objective is made once per operator and rebound to b on every call (so a b changed in place
     * between runs is read again), without allocating.
     */
    public void bind(SensingOperator op, double[] b) {
        if (own == null || own.operator() != op) own = op.objective(b);
        else own.bind(b);
        objective = own;
        this.op = op;
        this.b = b;
        residualCurrent = false;
    }

    /**
     * Binds to an objective shared with other iterates (the members of a batch): its operator and b,
     * evaluated through it; this iterate never rebinds it.
     */
    public void bind(Objective shared) {
        objective = shared;
        this.op = shared.operator();
        this.b = shared.b();
        residualCurrent = false;
    }

    /** The objective the evaluations use (the batch solver evaluates many iterates' trial points through it). */
    public Objective objective() {
        return objective;
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

    /** {@code A(X X^T) - b} at X, formed on first request after X changed. */
    public double[] residual() {
        if (residual == null) residual = new double[m];
        if (!residualCurrent) {
            objective.residual(x, r, residual);
            residualCurrent = true;
        }
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
     * {@code ||X||_F^2}, computed on first request after each change: the stop tests of every iteration
     * ask for it twice (the relative gradient, the bound on the distance to a truth).
     */
    public double xSquaredNorm() {
        if (!xSquaredNormKnown) {
            xSquaredNorm = ArrayKernels.sumOfSquares(x, 0, n * r);
            xSquaredNormKnown = true;
        }
        return xSquaredNorm;
    }

    /**
     * The relative gradient {@code ||grad h|| ||X||_F / (2 h)}: the first-order change a step of the size
     * of X could make, against the loss. Dimensionless; 0 at a stationary point, large near a zero residual.
     */
    public double relativeGradient() {
        double g = gradNorm();
        return g == 0 ? 0 : g * Factors.norm(xSquaredNorm(), x, n * r) / (2 * h);
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

    /** Re-evaluates h and the gradient at X (after X was changed in place). */
    public double evaluate() {
        h = objective.lossAndGradient(x, r, grad);
        gradNormKnown = false;
        xSquaredNormKnown = false;
        residualCurrent = false;
        return h;
    }

    /** The trial point's X, written by a step rule before {@link #evaluateTrial}. */
    public double[] trialX() {
        if (trialX == null) trialX = new double[n * r]; // handed over by the last run's detachX
        return trialX;
    }

    /**
     * A copy of X that the caller keeps (a run's result), made in the trial buffer, which a finished run
     * no longer needs: at n = 10^6, r = 10 a copy beside the four buffers would be 80 MB more at the run's
     * peak. The next {@link #trialX} allocates a new trial buffer, so a run still allocates one n x r
     * array for its result, only at its start instead of its end. Call it only when the run is over.
     */
    public double[] detachX() {
        double[] out = trialX == null ? new double[n * r] : trialX;
        System.arraycopy(x, 0, out, 0, n * r);
        trialX = null;
        return out;
    }

    public double[] trialGradient() {
        return trialGrad;
    }

    /** A workspace of m doubles beside the residual (allocated on first request; no evaluation writes it). */
    public double[] trialResidual() {
        if (trialResidual == null) trialResidual = new double[m];
        return trialResidual;
    }

    /** h at the trial point as last evaluated. */
    public double trialH() {
        return trialH;
    }

    /** h (with the gradient) at the trial point. */
    public double evaluateTrial() {
        trialH = objective.lossAndGradient(trialX(), r, trialGrad); // the accessor: detachX may have taken the buffer
        return trialH;
    }

    /**
     * Records h at the trial point when someone else evaluated it (the batch solver, through
     * {@link #objective()}'s batch call), having written the gradient into {@link #trialGradient()}.
     */
    public void trialEvaluated(double trialH) {
        this.trialH = trialH;
    }

    /** Makes the evaluated trial point the current one (the old current point becomes the next trial buffer). */
    public void acceptTrial() {
        double[] t = x; x = trialX; trialX = t;
        t = grad; grad = trialGrad; trialGrad = t;
        h = trialH;
        gradNormKnown = false;
        xSquaredNormKnown = false;
        residualCurrent = false;
    }
}
