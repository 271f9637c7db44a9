package sod.solver.local;

import sod.SodInputException;

/**
 * Levenberg-Marquardt (damped Gauss-Newton) on the factor as a {@link StepRule}: the step solves
 * {@code (J^T J + mu I) D = -J^T r} at the iterate ({@link LevenbergMarquardtStep}, which holds the one
 * dense/matrix-free choice and its measured crossover, {@link LevenbergMarquardtSettings#DENSE_MAX_UNKNOWNS}),
 * and mu follows the gain ratio ({@link NielsenDamping}). One {@link #step} is one accepted move: a
 * rejected trial raises mu and is retried at the same point (the dense path reuses its formed matrix),
 * until a trial decreases h, mu exceeds {@value LevenbergMarquardt#MAX_RELATIVE_DAMPING} times its curvature
 * scale, or the predicted decrease falls below the rounding of h; the last two leave the iterate where
 * it was, which the driver's tolerances then call stationary.
 *
 * <p><b>State.</b> The damping lives here. It starts afresh (the Rayleigh-quotient scale of the gradient,
 * one product) at the first step of a run ({@link #start}) and whenever the iterate was moved by
 * something else than this rule ({@link WhereLeft}): an escape, a probe from a candidate, a perturbation.
 * A probe from a candidate thus sees a fresh damping, like a new run from there.
 *
 * <p><b>Gauge.</b> For r &gt; 1 the r(r-1)/2 directions X Omega (Omega skew) span the null space of
 * {@code J^T J}; the gradient is orthogonal to them, so the damped step (mu &gt; 0) has no component
 * along them on either path (see {@link GaussNewtonSystem}): the damping handles the null space and no
 * projection is needed.
 *
 * <p><b>Weights.</b> The rule minimises the iterate's h, unweighted; weighted least squares reaches it as
 * a weighted view of the problem (rows scaled by sqrt(w_i), {@code sod.solver.WeightedLeastSquares}),
 * the same system as a {@link GaussNewtonSystem} with weights.
 *
 * <p>Cost of a step: the linear solve (dense: n r products for the matrix plus a Cholesky per damping
 * value; CG: one product, two operator passes, per iteration), one evaluation (residual and gradient) per
 * trial. Workspace is created when the operator or the sizes change and reused otherwise; a step
 * allocates nothing. Not thread-safe.
 */
public final class LevenbergMarquardtRule implements StepRule {
    /** A predicted decrease below this fraction of h is rounding: such a step cannot be verified. */
    static final double ROUNDING = 1e-15;

    private final LevenbergMarquardtSettings settings;
    private final WhereLeft left = new WhereLeft();
    private GaussNewtonSystem system;
    private LevenbergMarquardtStep lm;
    private double[] boundB;
    private long trials, linearIterations;

    public LevenbergMarquardtRule(LevenbergMarquardtSettings settings) {
        if (settings == null) throw new SodInputException("levenberg-marquardt: settings must be given");
        this.settings = settings;
    }

    @Override
    public void start() {
        left.forget();
    }

    @Override
    public boolean step(Iterate it) {
        bind(it);
        system.setEvaluatedPoint(it.x(), it.residual(), it.h(), it.gradient());
        if (!left.stillAt(it)) lm.start();
        double h = it.h();
        int size = it.n() * it.r();
        while (lm.relativeDamping() <= LevenbergMarquardt.MAX_RELATIVE_DAMPING) {
            double predicted = lm.propose();
            linearIterations += lm.solver().lastIterations();
            if (!(predicted > ROUNDING * h)) break; // no step, or one below the rounding of h
            double[] x = it.x(), d = lm.step(), next = it.trialX();
            for (int i = 0; i < size; i++) next[i] = x[i] + d[i];
            double hn = it.evaluateTrial();
            trials++;
            double actual = hn <= it.divergenceLevel() ? h - hn : Double.NEGATIVE_INFINITY;
            if (lm.judge(actual, predicted)) {
                it.acceptTrial();
                break;
            }
        }
        left.remember(it);
        return true;
    }

    /** (Re)creates the Gauss-Newton workspace when the iterate's operator, data or sizes changed. */
    private void bind(Iterate it) {
        if (system != null && system.operator() == it.operator() && boundB == it.b() && system.rank() == it.r()) return;
        close();
        system = new GaussNewtonSystem(it.operator(), it.b(), it.r(), null);
        lm = new LevenbergMarquardtStep(system, settings);
        boundB = it.b();
        left.forget();
    }

    /** Whether steps are solved densely at the bound sizes (false before the first step). */
    public boolean usesDensePath() {
        return lm != null && lm.usesDensePath();
    }

    /** Trial evaluations since construction (accepted or not). */
    public long trials() {
        return trials;
    }

    /** CG iterations since construction (0 on the dense path). */
    public long linearIterations() {
        return linearIterations;
    }

    /** mu of the last proposed step. */
    public double lastDamping() {
        return lm == null ? Double.NaN : lm.lastMu();
    }

    @Override
    public void close() {
        if (lm != null) lm.close();
        lm = null;
        system = null;
    }
}
