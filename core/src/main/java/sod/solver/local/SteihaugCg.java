package sod.solver.local;

import sod.SodInputException;

/**
 * Steihaug-Toint truncated conjugate gradients for the trust-region subproblem
 * {@code min_d m(d) = g^T d + 1/2 d^T B d} subject to {@code ||d|| <= radius} (Nocedal and Wright,
 * Algorithm 7.2), with B symmetric and possibly indefinite, given by products.
 *
 * <p>CG from {@code d = 0} on {@code B d = -g}: the first iterate is the Cauchy point (or beyond it
 * towards the boundary), the iterates grow in norm and decrease m, so the result decreases m at least
 * as much as the Cauchy step. A direction p with {@code p^T B p <= 0} is followed to the boundary (to
 * whichever of the two boundary points along p has the lower model), an iterate that would leave
 * the region is cut at the boundary, and inside the region the solve stops when
 * {@code ||g + B d|| <= tolerance ||g||} or at the iteration cap. The region is Euclidean (no
 * preconditioner, whose norm would change the region's shape). Owns its workspace for problems up
 * to {@code maxSize}; a solve allocates nothing. Not thread-safe.
 */
public final class SteihaugCg {
    private final double[] r, p, bp;
    private final SteihaugOutcome outcome = new SteihaugOutcome();

    public SteihaugCg(int maxSize) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
        r = new double[maxSize];
        p = new double[maxSize];
        bp = new double[maxSize];
    }

    /**
     * Writes the step into {@code d} (length at least {@code b.size()}, overwritten).
     *
     * @param radius        trust-region radius, finite and > 0
     * @param tolerance     relative model-gradient norm that ends an interior solve, in [0, 1)
     * @param maxIterations products allowed, >= 1
     * @return this solver's outcome record, overwritten by the next solve
     */
    public SteihaugOutcome solve(LinearMap b, double[] g, double radius, double tolerance, int maxIterations, double[] d) {
        int n = b.size();
        if (n > r.length) throw new IllegalArgumentException("problem of size " + n + " exceeds the workspace (" + r.length + ")");
        if (!(radius > 0) || !Double.isFinite(radius))
            throw new SodInputException("trust region: the radius must be a finite value > 0, got " + radius);
        if (!(tolerance >= 0 && tolerance < 1))
            throw new SodInputException("trust region: the CG tolerance must be in [0, 1), got " + tolerance);
        if (maxIterations < 1)
            throw new SodInputException("trust region: the CG iteration budget must be >= 1, got " + maxIterations);

        java.util.Arrays.fill(d, 0, n, 0.0);
        System.arraycopy(g, 0, r, 0, n); // r = g + B d, the model gradient
        double rr = Vectors.dot(r, r, n);
        double gNorm = Math.sqrt(rr);
        if (gNorm == 0) {
            outcome.set(0, SteihaugOutcome.Stop.ZERO_GRADIENT, 0, 0);
            return outcome;
        }
        for (int i = 0; i < n; i++) p[i] = -r[i];
        double model = 0, dd = 0;
        for (int k = 1; k <= maxIterations; k++) {
            b.apply(p, bp);
            double curvature = Vectors.dot(p, bp, n);
            double rp = Vectors.dot(r, p, n);
            double dp = Vectors.dot(d, p, n), pp = Vectors.dot(p, p, n);
            if (!(curvature > 0)) {
                double tauPlus = boundaryRoot(dd, dp, pp, radius);
                double tauMinus = (dd - radius * radius) / (pp * tauPlus); // the product of the roots
                double mPlus = tauPlus * rp + 0.5 * tauPlus * tauPlus * curvature;
                double mMinus = tauMinus * rp + 0.5 * tauMinus * tauMinus * curvature;
                double tau = mMinus < mPlus ? tauMinus : tauPlus;
                return finish(k, SteihaugOutcome.Stop.NEGATIVE_CURVATURE, d, tau, model + Math.min(mPlus, mMinus), n);
            }
            double alpha = rr / curvature;
            double nextNorm2 = dd + 2 * alpha * dp + alpha * alpha * pp;
            if (nextNorm2 >= radius * radius) {
                double tau = boundaryRoot(dd, dp, pp, radius);
                return finish(k, SteihaugOutcome.Stop.BOUNDARY, d, tau, model + tau * rp + 0.5 * tau * tau * curvature, n);
            }
            Vectors.axpy(alpha, p, d, n);
            model += alpha * rp + 0.5 * alpha * alpha * curvature;
            dd = Vectors.dot(d, d, n);
            Vectors.axpy(alpha, bp, r, n);
            double rrNext = Vectors.dot(r, r, n);
            if (Math.sqrt(rrNext) <= tolerance * gNorm) {
                outcome.set(k, SteihaugOutcome.Stop.CONVERGED, -model, Math.sqrt(dd));
                return outcome;
            }
            double beta = rrNext / rr;
            rr = rrNext;
            for (int i = 0; i < n; i++) p[i] = -r[i] + beta * p[i];
        }
        outcome.set(maxIterations, SteihaugOutcome.Stop.ITERATION_CAP, -model, Math.sqrt(dd));
        return outcome;
    }

    private SteihaugOutcome finish(int k, SteihaugOutcome.Stop stop, double[] d, double tau, double model, int n) {
        Vectors.axpy(tau, p, d, n);
        outcome.set(k, stop, -model, Vectors.norm(d, n));
        return outcome;
    }

    /**
     * The positive root tau of {@code ||d + tau p|| = radius} for ||d|| < radius, in the form that
     * avoids cancellation: {@code pp tau^2 + 2 dp tau + (dd - radius^2) = 0}.
     */
    static double boundaryRoot(double dd, double dp, double pp, double radius) {
        double c = radius * radius - dd; // > 0 inside the region
        double root = Math.sqrt(dp * dp + pp * c);
        return dp >= 0 ? c / (dp + root) : (root - dp) / pp;
    }
}
