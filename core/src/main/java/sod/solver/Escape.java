package sod.solver;

/**
 * One escape attempt at a stalled point (or one PGD perturbation).
 *
 * @param iteration  trajectory iteration at which the attempt was made
 * @param kind       what was done (or why nothing was)
 * @param hBefore    h at the stalled point
 * @param hAfter     h at the accepted point after its probe; when nothing was accepted, h where the run goes on
 *                   (the end of the plain local steps the candidates were compared with, or Xhat itself)
 * @param lambdaMin  smallest eigenvalue of G = A*(A(X X^T) - b)
 * @param sigmaR     weakest non-zero singular value of X (0 when X is numerically rank deficient)
 * @param ncm        negative curvature margin
 * @param aic        alignment-induced curvature
 * @param efs        escape feasibility score NCM + AIC
 * @param delta      RIP constant used
 * @param t          the lifted-GD step count of the winning TPGD candidate (NaN otherwise)
 * @param scale      step length of the accepted move: s for SINGLE/LINE_SEARCH from Xhat, the candidate's
 *                   norm for replacing candidates (NaN when nothing was accepted)
 * @param candidates number of candidates probed
 * @param seconds    wall time of the attempt (eigensolve, candidates, probes)
 * @param stalledPoint what the stalled point was, with the numbers behind the verdict
 *                     ({@link StationaryPointAnalysis}); null for PGD perturbations and when the escape
 *                     settings' {@code classifyStalls} is off
 */
public record Escape(int iteration, Kind kind, double hBefore, double hAfter, double lambdaMin, double sigmaR,
                     double ncm, double aic, double efs, double delta, double t, double scale, int candidates,
                     double seconds, StationaryPointAnalysis.Report stalledPoint) {

    /** The stalled point's verdict, or null when it was not classified. */
    public StationaryPointAnalysis.Verdict verdict() {
        return stalledPoint == null ? null : stalledPoint.verdict();
    }

    /** Whether the stalled point's EFS certifies a single step (see {@link StallPoint#certified()}). */
    public boolean certified() {
        return efs > 1 + StallPoint.EFS_TOLERANCE;
    }

    /**
     * One probed candidate of a multi-step (TPGD) or line-search escape.
     *
     * @param iteration   iteration of the attempt
     * @param kind        BETA or GAMMA (TPGD), LINE_SEARCH (a ray minimiser)
     * @param direction   "U" or "C" for TPGD; "Xhat+sU", "Xhat+sC", "replace by sU", "replace by sC" for rays
     * @param t           lifted-GD step count (TPGD), NaN for rays
     * @param scale       the candidate's norm (TPGD) or the ray parameter s
     * @param hAfterProbe h after the candidate's probe steps (+Inf when the probe diverged)
     */
    public record Candidate(int iteration, Kind kind, String direction, double t, double scale, double hAfterProbe) {}

    /** What an escape attempt did. */
    public enum Kind {
        /** Certified single step Xhat + s U (EFS &gt; 1), accepted. */
        SINGLE,
        /** Multi-step, beta-type candidate (escape direction U dominates), accepted. */
        BETA,
        /** Multi-step, gamma-type candidate (C = H(P) Xhat dominates), accepted. */
        GAMMA,
        /** Exact line search along an oracle ray (spec section 8), accepted. */
        LINE_SEARCH,
        /**
         * Exact line search along the factor-space Hessian's most negative direction (a strict saddle,
         * where curvature alone escapes), accepted.
         */
        HESSIAN_DIRECTION,
        /** PGD baseline: a random perturbation. */
        PERTURBATION,
        /** Restarts baseline: a fresh random start in place of the stalled point. */
        RESTART,
        /** lambda_n &gt;= 0: no negative curvature to use, nothing attempted. */
        NONE_NO_NEGATIVE_CURVATURE,
        /** No candidate dominated within the norm window (or X is zero and no direction exists). */
        NONE_NO_CANDIDATE,
        /**
         * Candidates existed but none clearly beat the same number of plain local steps from Xhat
         * ({@link EscapeAcceptance}); the run goes on from those steps' end.
         */
        REJECTED;

        /** True when the attempt moved the iterate. */
        public boolean accepted() {
            return this == SINGLE || this == BETA || this == GAMMA || this == LINE_SEARCH || this == HESSIAN_DIRECTION
                    || this == PERTURBATION || this == RESTART;
        }
    }
}
