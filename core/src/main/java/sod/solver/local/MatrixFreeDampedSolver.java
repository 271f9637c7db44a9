package sod.solver.local;

/**
 * The matrix-free path: conjugate gradients on {@code (J^T W J + mu I) d = -g}, each iteration one
 * product (one measure and one adjoint pass), solved to the relative residual the forcing sequence
 * gives for the current point, from d = 0 so that the step has no gauge component. With
 * {@code jacobi} the preconditioner is {@code diag(J^T W J) + mu I}, the diagonal formed once per
 * point by the system's kernel. The predicted decrease comes from CG's residual, so it costs no
 * extra product: with {@code s = -g - (B + mu I) d},
 * {@code L(0) - L(d) = 1/2 (-g^T d + s^T d + mu ||d||^2)}.
 */
public final class MatrixFreeDampedSolver implements DampedSolver {
    private final GaussNewtonSystem system;
    private final int size, maxIterations;
    private final ForcingSequence forcing;
    private final ConjugateGradient cg;
    private final JacobiPreconditioner jacobi;
    private final double[] diagonal, rhs;
    private long seenVersion = -1;
    private double tolerance;
    private CgOutcome lastOutcome;

    /**
     * @param maxIterations CG iterations per solve, >= 1
     * @param jacobi        whether to precondition by the diagonal (costs {@link GaussNewtonSystem#diagonalPasses()} per point)
     */
    public MatrixFreeDampedSolver(GaussNewtonSystem system, ForcingSequence forcing, int maxIterations, boolean jacobi) {
        if (maxIterations < 1)
            throw new sod.SodInputException("levenberg-marquardt: the CG budget must be >= 1 iteration, got " + maxIterations);
        this.system = system;
        this.forcing = forcing;
        this.maxIterations = maxIterations;
        size = system.size();
        cg = new ConjugateGradient(size);
        this.jacobi = jacobi ? new JacobiPreconditioner(size) : null;
        diagonal = jacobi ? new double[size] : null;
        rhs = new double[size];
    }

    @Override
    public void reset() {
        forcing.reset();
        seenVersion = -1;
    }

    @Override
    public double solve(double mu, double[] step) {
        if (seenVersion != system.version()) {
            if (jacobi != null) system.diagonal(diagonal);
            tolerance = forcing.next(system.gradientNorm());
            seenVersion = system.version();
        }
        double[] g = system.gradient();
        for (int i = 0; i < size; i++) rhs[i] = -g[i];
        Preconditioner m = Preconditioner.IDENTITY;
        if (jacobi != null) {
            jacobi.set(diagonal, size, mu);
            m = jacobi;
        }
        lastOutcome = cg.solve(system, mu, m, rhs, step, tolerance, maxIterations);
        double[] s = cg.residual();
        return 0.5 * (-Vectors.dot(g, step, size) + Vectors.dot(s, step, size) + mu * Vectors.dot(step, step, size));
    }

    /** The last CG solve's outcome (overwritten by the next solve). */
    public CgOutcome lastOutcome() {
        return lastOutcome;
    }

    /** The forcing term in use at the current point. */
    public double tolerance() {
        return tolerance;
    }

    @Override
    public int lastIterations() {
        return lastOutcome == null ? 0 : lastOutcome.iterations();
    }
}
