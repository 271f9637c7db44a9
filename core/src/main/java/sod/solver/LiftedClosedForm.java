package sod.solver;

/**
 * The multi-step SOD closed form (spec section 4) evaluated entirely in log space.
 *
 * <p>After t+1 truncated lifted GD steps from {@code a + rho b} the iterate is
 * {@code a + beta b + gamma c} with {@code beta = rho q^(t+1)},
 * {@code gamma = -2 eta rho (sigma/2)^l S_t}, {@code q = 1 - eta lambda^l} and
 * {@code S_t = sum_{k=0..t} q^k = (q^(t+1) - 1)/(q - 1)}. For odd l and {@code lambda < 0},
 * {@code -eta lambda^l = eta |lambda|^l > 0}, so {@code log q = log1p(eta |lambda|^l)} and
 * {@code log S_t = logExpm1((t+1) log q) - logExpm1(log q)} never cancel, overflow or produce NaN,
 * also for l = 11 and t up to 1e12 (or with {@code eta |lambda|^l} below the smallest double, where
 * {@code S_t = t + 1}). The three terms' magnitudes {@code ||a|| = normA^l}, {@code |beta|} and
 * {@code |gamma| normC^l} are compared in logs; the escape point is the real l-th root of the dominant
 * rank-one term, whose norm is the l-th root of the term's magnitude, so the norm window is tested in
 * logs as well and nothing is exponentiated unless it is in range.
 */
public final class LiftedClosedForm {

    /** Which rank-one term dominates the lifted iterate. */
    public enum Dominant { A, BETA, GAMMA }

    /** Result of one evaluation (mutable, reused to avoid allocation). */
    public static final class Terms {
        /** log of ||a|| = normA^l. */
        public double logA;
        /** log of |beta_{t+1}| (= the b term's magnitude, ||b|| = 1). */
        public double logB;
        /** log of |gamma_{t+1}| normC^l. */
        public double logC;
        /** log |gamma_{t+1}|. */
        public double logGamma;
        /** log of S_t. */
        public double logS;
        /** log q. */
        public double logQ;
        /** The dominant term (ties go to A: no escape). */
        public Dominant dominant;
        /** log of the escape point's norm: (log of the dominant term) / l. */
        public double logNorm;

        /**
         * Signed coefficient of the escape point on its direction: {@code rho^(1/l) q^((t+1)/l)} on U for
         * BETA, {@code -(sigma/2)(2 eta rho S_t)^(1/l)} on C for GAMMA; NaN for A. May be infinite only when
         * the point itself is beyond double range (callers test {@link #logNorm} first).
         */
        public double coefficient() {
            return switch (dominant) {
                case A -> Double.NaN;
                case BETA -> Math.exp(logNorm);
                case GAMMA -> -Math.exp(logNorm - logNormC);
            };
        }

        double logNormC;
    }

    private LiftedClosedForm() {}

    /**
     * Evaluates the closed form at step count t.
     *
     * @param lambda smallest eigenvalue of G (must be &lt; 0)
     * @param sigma  sigma_r
     * @param normA  norm of the current point's component (||Xhat||_F for r = 1)
     * @param normC  ||C|| of the c direction
     * @param l      odd lifting order
     */
    public static void evaluate(double lambda, double sigma, double normA, double normC, int l, double rho,
                                double eta, double t, Terms out) {
        if (!(lambda < 0)) throw new IllegalArgumentException("lambda must be negative, got " + lambda);
        double logEtaLambdaL = Math.log(eta) + l * Math.log(-lambda);
        // log(1 + e^x) without overflow: exp(x) is infinite beyond x ~ 709 (lambda_n huge and l large)
        double logQ = logEtaLambdaL > 30 ? logEtaLambdaL + Math.log1p(Math.exp(-logEtaLambdaL)) : Math.log1p(Math.exp(logEtaLambdaL));
        double steps = t + 1;
        double logS = logQ == 0 ? Math.log(steps) : logExpm1(steps * logQ) - logExpm1(logQ);
        out.logQ = logQ;
        out.logS = logS;
        out.logA = l * Math.log(normA);
        out.logB = Math.log(rho) + steps * logQ;
        out.logGamma = Math.log(2 * eta * rho) + l * Math.log(sigma / 2) + logS;
        out.logC = out.logGamma + l * Math.log(normC);
        out.logNormC = Math.log(normC);
        if (out.logB > out.logA && out.logB >= out.logC) {
            out.dominant = Dominant.BETA;
            out.logNorm = out.logB / l;
        } else if (out.logC > out.logA && out.logC > out.logB) {
            out.dominant = Dominant.GAMMA;
            out.logNorm = out.logC / l;
        } else {
            out.dominant = Dominant.A;
            out.logNorm = out.logA / l;
        }
    }

    /** log(exp(x) - 1) for x &gt; 0 without overflow or cancellation. */
    static double logExpm1(double x) {
        return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
    }
}
