package sod.solver.local;

import sod.SodInputException;

/**
 * Preconditioned conjugate gradients for {@code (B + mu I) d = rhs} with B symmetric positive
 * semidefinite, given as a {@link LinearMap}, and {@code mu >= 0} (B + mu I must be positive definite
 * on the Krylov space of rhs; for Gauss-Newton with a gauge null space it is, because rhs lies in the
 * range of B). Starts from {@code d = 0}, so each iterate decreases the error in the
 * {@code (B + mu I)}-norm and the model {@code rhs^T d - 1/2 d^T (B + mu I) d} increases.
 *
 * <p>Stops when {@code ||rhs - (B + mu I) d|| <= tolerance ||rhs||} (the inexact-Newton condition, in
 * the unpreconditioned 2-norm, with the residual carried by the recurrence), at the iteration cap,
 * or on a direction of non-positive curvature. One product with B per iteration. Owns its workspace
 * for systems up to {@code maxSize}; a solve allocates nothing. Not thread-safe.
 */
public final class ConjugateGradient {
    private final double[] r, z, p, q;
    private final CgOutcome outcome = new CgOutcome();

    public ConjugateGradient(int maxSize) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
        r = new double[maxSize];
        z = new double[maxSize];
        p = new double[maxSize];
        q = new double[maxSize];
    }

    /**
     * Solves into {@code d} (length at least {@code b.size()}, overwritten).
     *
     * @param tolerance     relative residual to reach, in [0, 1)
     * @param maxIterations products allowed, >= 1
     * @return this solver's outcome record, overwritten by the next solve
     */
    public CgOutcome solve(LinearMap b, double mu, Preconditioner m, double[] rhs, double[] d, double tolerance,
                           int maxIterations) {
        int n = b.size();
        if (n > r.length) throw new IllegalArgumentException("system of size " + n + " exceeds the workspace (" + r.length + ")");
        if (!(mu >= 0) || !Double.isFinite(mu)) throw new SodInputException("conjugate gradients: mu must be a finite value >= 0, got " + mu);
        if (!(tolerance >= 0 && tolerance < 1))
            throw new SodInputException("conjugate gradients: tolerance must be in [0, 1), got " + tolerance);
        if (maxIterations < 1)
            throw new SodInputException("conjugate gradients: the iteration budget must be >= 1, got " + maxIterations);

        java.util.Arrays.fill(d, 0, n, 0.0);
        System.arraycopy(rhs, 0, r, 0, n);
        double rhsNorm = Vectors.norm(r, n);
        if (rhsNorm == 0) {
            outcome.set(0, 0, CgOutcome.Stop.ZERO_RIGHT_HAND_SIDE);
            return outcome;
        }
        m.apply(r, z, n);
        System.arraycopy(z, 0, p, 0, n);
        double rz = Vectors.dot(r, z, n);
        double relative = 1;
        for (int k = 1; k <= maxIterations; k++) {
            b.apply(p, q);
            if (mu != 0) Vectors.axpy(mu, p, q, n);
            double curvature = Vectors.dot(p, q, n);
            if (!(curvature > 0) || !Double.isFinite(curvature)) {
                outcome.set(k, relative, CgOutcome.Stop.NOT_POSITIVE_DEFINITE);
                return outcome;
            }
            double alpha = rz / curvature;
            Vectors.axpy(alpha, p, d, n);
            Vectors.axpy(-alpha, q, r, n);
            relative = Vectors.norm(r, n) / rhsNorm;
            if (relative <= tolerance) {
                outcome.set(k, relative, CgOutcome.Stop.CONVERGED);
                return outcome;
            }
            m.apply(r, z, n);
            double rzNext = Vectors.dot(r, z, n);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
        }
        outcome.set(maxIterations, relative, CgOutcome.Stop.ITERATION_CAP);
        return outcome;
    }

    /**
     * The residual {@code rhs - (B + mu I) d} of the last solve as the recurrence carries it (a view
     * of the workspace, valid until the next solve); callers use it to evaluate the quadratic model
     * at d without another product.
     */
    public double[] residual() {
        return r;
    }
}
