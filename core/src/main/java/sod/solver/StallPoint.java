package sod.solver;

/**
 * The SOD quantities of a stalled point Xhat (spec sections 2-3).
 *
 * @param lambdaMin     smallest eigenvalue lambda_n of {@code G = A*(A(Xhat Xhat^T) - b)}
 * @param sigmaR        weakest non-zero singular value of Xhat (0 when Xhat is numerically rank deficient)
 * @param alignment     {@code d = <A(P), A(u_n u_n^T)>} with {@code P = u_n v_r^T + v_r u_n^T}
 * @param ncm           negative curvature margin {@code -lambda_n / (sigma_r^2 (1 + delta))}
 * @param aic           alignment-induced curvature {@code d^2 / (2 (1 + delta)^2)}
 * @param efs           escape feasibility score NCM + AIC; above 1 (by a tolerance) a single step is certified
 * @param delta         the RIP constant used
 * @param rankDeficient Xhat has a null direction (or is zero): the step then uses it, sigma_r = 0
 */
public record StallPoint(double lambdaMin, double sigmaR, double alignment, double ncm, double aic, double efs,
                         double delta, boolean rankDeficient) {

    /**
     * EFS above 1 by more than its rounding: the spec's certificate is strict (EFS = 1 at the
     * counterexample is not certified, and computes to 1 + 2e-16 there).
     */
    public static final double EFS_TOLERANCE = 1e-9;

    /** Whether EFS certifies that a single step escapes. */
    public boolean certified() {
        return efs > 1 + EFS_TOLERANCE;
    }

    /** Whether G has negative curvature to use. */
    public boolean hasNegativeCurvature() {
        return lambdaMin < 0;
    }
}
