package sod.solver.local;

import sod.SodInputException;

/**
 * Levenberg-Marquardt damping by the gain ratio {@code rho = actual / predicted decrease}, with
 * Nielsen's update (Nielsen 1999; Madsen, Nielsen, Tingleff, "Methods for non-linear least squares
 * problems", 2004): accept when rho > 0 and scale by {@code max(1/3, 1 - (2 rho - 1)^3)}, else scale
 * by nu and double nu.
 *
 * <p>The update acts on a multiplier lambda of the residual norm, {@code mu = lambda ||W^{1/2} r||}
 * (the scaling of Fan and Yuan, Computing 74, 2005, with delta = 1), not on mu itself. The reason:
 * with Nielsen's rule on mu alone, mu falls by at most 3 per step while the error of a zero-residual
 * problem squares, so near a solution the damping term {@code mu / sigma_min(J)^2 * e_k} soon
 * dominates and convergence is only superlinear; tying mu to ||r|| (which is O(e_k)) keeps that term
 * O(e_k^2), hence quadratic convergence. On a problem with nonzero residual at the solution the
 * factor is a constant and the rule is plain Nielsen.
 *
 * <p>Start: {@code mu_0 = tau * scale} with scale a curvature of {@code J^T W J} (the driver uses the
 * Rayleigh quotient of the gradient) and tau the user's initial damping (1e-3 by default, as
 * Madsen-Nielsen-Tingleff suggest for a start of unknown quality). mu never falls below
 * {@value #RELATIVE_FLOOR} times the scale, so it stays positive at an exact solution.
 */
public final class NielsenDamping {
    static final double RELATIVE_FLOOR = 1e-15;

    private final double tau;
    private double lambda, nu, floor, scale;

    /** @param tau initial damping relative to the curvature scale, finite and > 0 */
    public NielsenDamping(double tau) {
        if (!(tau > 0) || !Double.isFinite(tau))
            throw new SodInputException("levenberg-marquardt: the initial damping (mu) must be a finite value > 0, got " + tau);
        this.tau = tau;
    }

    /** Starts a run at a point with the given curvature scale (> 0; 1 is used otherwise) and residual norm. */
    public void start(double curvatureScale, double residualNorm) {
        scale = curvatureScale > 0 && Double.isFinite(curvatureScale) ? curvatureScale : 1;
        lambda = tau * scale / Math.max(residualNorm, Double.MIN_NORMAL);
        nu = 2;
        floor = RELATIVE_FLOOR * scale;
    }

    /** The damping for a point with this residual norm. */
    public double mu(double residualNorm) {
        return Math.max(lambda * residualNorm, floor);
    }

    /** mu relative to the curvature scale: a huge value means no step of any length decreased h. */
    public double relativeMu(double residualNorm) {
        return mu(residualNorm) / scale;
    }

    /** Updates from a gain ratio (NaN counts as a failure); returns whether the step is accepted. */
    public boolean judge(double gainRatio) {
        if (gainRatio > 0) {
            double t = 2 * gainRatio - 1;
            lambda *= Math.max(1.0 / 3, 1 - t * t * t);
            nu = 2;
            return true;
        }
        lambda *= nu;
        nu *= 2;
        return false;
    }
}
