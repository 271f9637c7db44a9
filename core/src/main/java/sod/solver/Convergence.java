package sod.solver;

import sod.kernels.Factors;
import sod.solver.local.Iterate;

/**
 * The tolerance tests of a run, all dimensionless so that they do not depend on the scale of A or b:
 * <ul>
 *   <li>zero residual: {@code h / h(0) <= htol} with {@code h(0) = ||b||^2 / 2} (the squared relative
 *       residual);</li>
 *   <li>a vanishing relative gradient: {@code ||grad h|| ||X||_F / (2 h) <= gtol}, the gradient's size
 *       against the loss it would remove; near a zero residual this ratio grows like
 *       {@code ||J|| ||X|| / ||r||}, so a consistent problem always ends by the residual test, while at a
 *       stationary point with h &gt; 0 (spurious, saddle, or the noisy global minimum) it goes to 0;</li>
 *   <li>a step that no longer changes h: {@code |h_before - h| <= ftol h_before} (ftol = 0 turns it off).</li>
 * </ul>
 */
final class Convergence {
    private final double gtol, ftol, htol;
    private double h0 = Double.NaN;

    Convergence(SolverConfig config) {
        gtol = config.stopping().gradientTolerance();
        ftol = config.stopping().decreaseTolerance();
        htol = config.stopping().residualTolerance();
    }

    /** The tests of a run on data b. */
    void bind(double[] b) {
        double bb = Factors.norm(b);
        h0 = 0.5 * bb * bb;
    }

    /** h(0) = ||b||^2 / 2, the scale of every test. */
    double zeroH() {
        return h0;
    }

    boolean zeroResidual(double h) {
        return h <= htol * h0;
    }

    /** ||A(X X^T) - b|| / ||b|| = sqrt(h / h(0)); NaN when b = 0. */
    double relativeResidual(double h) {
        return h0 > 0 ? Math.sqrt(h / h0) : Double.NaN;
    }

    /** The local method has converged to a stationary point: a vanishing gradient, or a step without progress. */
    boolean stationary(Iterate it, double hBeforeLastStep) {
        if (it.relativeGradient() <= gtol) return true;
        return ftol > 0 && Math.abs(hBeforeLastStep - it.h()) <= ftol * hBeforeLastStep; // false for NaN (no step yet)
    }
}
