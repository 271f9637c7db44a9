package sod.solver.local;

import sod.SodInputException;

/**
 * Eisenstat and Walker's choice 2 (SIAM J. Sci. Comput. 17, 1996):
 * {@code eta_k = gamma (||F_k|| / ||F_{k-1}||)^alpha}, here with {@code gamma = 0.9}, {@code alpha = 2}.
 * Choice 2 needs only the nonlinear residual norms, not the linear residual of the previous step,
 * so it fits both the dense and the matrix-free path. With {@code alpha = 2} the tolerance falls like
 * the square of the progress, which keeps Newton-like methods quadratic (their Theorem 2.3 gives
 * order (1 + sqrt 5)/2 and better for alpha up to 2).
 *
 * <p>Safeguards (their section 3): when {@code gamma eta_{k-1}^alpha > 0.1} the new term is at
 * least that, so that one lucky step does not make the next solve needlessly exact; every term is
 * clipped to {@code [etaMin, etaMax]} (etaMin: below it the linear solve only fights rounding). The
 * first term is etaMax.
 */
public final class EisenstatWalker implements ForcingSequence {
    static final double GAMMA = 0.9, ALPHA = 2, SAFEGUARD_THRESHOLD = 0.1;

    private final double etaMin, etaMax;
    private double previousNorm = Double.NaN, previousEta;

    public EisenstatWalker(double etaMin, double etaMax) {
        if (!(etaMin > 0 && etaMin <= etaMax && etaMax < 1))
            throw new SodInputException("forcing terms: need 0 < etaMin <= etaMax < 1, got etaMin = " + etaMin
                    + ", etaMax = " + etaMax);
        this.etaMin = etaMin;
        this.etaMax = etaMax;
    }

    /** etaMin 1e-10, etaMax 0.5. */
    public static EisenstatWalker standard() {
        return new EisenstatWalker(1e-10, 0.5);
    }

    @Override
    public void reset() {
        previousNorm = Double.NaN;
    }

    @Override
    public double next(double residualNorm) {
        double eta;
        if (Double.isNaN(previousNorm) || !(previousNorm > 0)) {
            eta = etaMax;
        } else {
            eta = GAMMA * Math.pow(residualNorm / previousNorm, ALPHA);
            double floor = GAMMA * Math.pow(previousEta, ALPHA);
            if (floor > SAFEGUARD_THRESHOLD) eta = Math.max(eta, floor);
            eta = Math.min(etaMax, Math.max(etaMin, eta));
        }
        previousNorm = residualNorm;
        previousEta = eta;
        return eta;
    }
}
