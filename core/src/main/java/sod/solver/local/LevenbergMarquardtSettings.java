package sod.solver.local;

import sod.SodInputException;

/**
 * Tolerances and choices of {@link LevenbergMarquardt}.
 *
 * @param relativeResidualTolerance stop when {@code ||W^{1/2} r|| / ||W^{1/2} b||} is at most this (>= 0)
 * @param gradientTolerance         stop when {@code ||J^T W r||_F} is at most this (>= 0)
 * @param stepTolerance             stop when {@code ||D|| <= stepTolerance (||X|| + stepTolerance)}: no progress left (>= 0)
 * @param maxIterations             steps tried, accepted or not (>= 0)
 * @param initialDamping            tau: the first mu is tau times a curvature of J^T W J (finite, > 0)
 * @param denseMaxUnknowns          n r at or below which the dense path (formed J^T W J, Cholesky) is used, CG above
 * @param cgMaxIterations           CG iterations per step on the matrix-free path (>= 1)
 * @param forcingMin                smallest relative CG tolerance (Eisenstat-Walker etaMin)
 * @param forcingMax                largest relative CG tolerance, also the first (etaMax)
 * @param preconditioning           Jacobi preconditioning of CG
 */
public record LevenbergMarquardtSettings(double relativeResidualTolerance, double gradientTolerance, double stepTolerance,
                                         int maxIterations, double initialDamping, int denseMaxUnknowns, int cgMaxIterations,
                                         double forcingMin, double forcingMax, Preconditioning preconditioning) {

    /** Whether CG is preconditioned by the diagonal of J^T W J. */
    public enum Preconditioning {
        NONE,
        JACOBI,
        /** Jacobi when the operator's kernel forms the diagonal in at most {@value #AUTO_JACOBI_MAX_PASSES} passes. */
        AUTO
    }

    /**
     * Passes a diagonal may cost for AUTO to use Jacobi: about two CG iterations' worth, which a
     * diagonal preconditioner saves on any badly scaled system. The generic kernel costs n r passes,
     * so AUTO means no preconditioner until an operator has a fast kernel.
     */
    public static final int AUTO_JACOBI_MAX_PASSES = 4;

    /**
     * The dense/CG crossover for the generic kernel. The dense path spends n r products per accepted
     * point (plus a Cholesky, negligible below n r ~ 1000); CG spends one product per iteration, so
     * dense pays only when CG needs more than about n r iterations per accepted step. Measured
     * (LevenbergMarquardtTiming crossover, dense Gaussian, 1 thread): from n r = 32 to 256, CG took
     * 3-6 iterations per step and the whole run was 2-20x faster than dense (two runs). Ill-conditioned systems
     * (CG iterations grow like sqrt(condition)) and an operator with a fast dense kernel (about r
     * passes instead of n r products) move the crossover up; re-measure then.
     */
    public static final int DENSE_MAX_UNKNOWNS = 16;

    public LevenbergMarquardtSettings {
        require(relativeResidualTolerance >= 0 && Double.isFinite(relativeResidualTolerance), "relativeResidualTolerance",
                "must be a finite value >= 0, got " + relativeResidualTolerance);
        require(gradientTolerance >= 0 && Double.isFinite(gradientTolerance), "gradientTolerance",
                "must be a finite value >= 0, got " + gradientTolerance);
        require(stepTolerance >= 0 && Double.isFinite(stepTolerance), "stepTolerance", "must be a finite value >= 0, got " + stepTolerance);
        require(maxIterations >= 0, "maxIterations", "must be >= 0, got " + maxIterations);
        require(initialDamping > 0 && Double.isFinite(initialDamping), "initialDamping (mu)",
                "must be a finite value > 0, got " + initialDamping);
        require(denseMaxUnknowns >= 0, "denseMaxUnknowns", "must be >= 0 (0: always CG), got " + denseMaxUnknowns);
        require(cgMaxIterations >= 1, "cgMaxIterations", "the CG budget must be >= 1 iteration, got " + cgMaxIterations);
        require(forcingMin > 0 && forcingMin <= forcingMax && forcingMax < 1, "forcingMin/forcingMax",
                "need 0 < forcingMin <= forcingMax < 1, got " + forcingMin + " and " + forcingMax);
        require(preconditioning != null, "preconditioning", "must be given (NONE, JACOBI or AUTO)");
    }

    private static void require(boolean ok, String name, String what) {
        if (!ok) throw new SodInputException("levenberg-marquardt: " + name + " " + what);
    }

    /** Relative residual 1e-10, no gradient tolerance, step tolerance 1e-15, 500 steps, tau 1e-3, CG budget 500, eta in [1e-10, 0.5], AUTO. */
    public static LevenbergMarquardtSettings defaults() {
        return new LevenbergMarquardtSettings(1e-10, 0, 1e-15, 500, 1e-3, DENSE_MAX_UNKNOWNS, 500, 1e-10, 0.5, Preconditioning.AUTO);
    }

    public LevenbergMarquardtSettings withRelativeResidualTolerance(double v) {
        return new LevenbergMarquardtSettings(v, gradientTolerance, stepTolerance, maxIterations, initialDamping, denseMaxUnknowns,
                cgMaxIterations, forcingMin, forcingMax, preconditioning);
    }

    public LevenbergMarquardtSettings withMaxIterations(int v) {
        return new LevenbergMarquardtSettings(relativeResidualTolerance, gradientTolerance, stepTolerance, v, initialDamping,
                denseMaxUnknowns, cgMaxIterations, forcingMin, forcingMax, preconditioning);
    }

    public LevenbergMarquardtSettings withInitialDamping(double v) {
        return new LevenbergMarquardtSettings(relativeResidualTolerance, gradientTolerance, stepTolerance, maxIterations, v,
                denseMaxUnknowns, cgMaxIterations, forcingMin, forcingMax, preconditioning);
    }

    public LevenbergMarquardtSettings withDenseMaxUnknowns(int v) {
        return new LevenbergMarquardtSettings(relativeResidualTolerance, gradientTolerance, stepTolerance, maxIterations,
                initialDamping, v, cgMaxIterations, forcingMin, forcingMax, preconditioning);
    }

    public LevenbergMarquardtSettings withCgMaxIterations(int v) {
        return new LevenbergMarquardtSettings(relativeResidualTolerance, gradientTolerance, stepTolerance, maxIterations,
                initialDamping, denseMaxUnknowns, v, forcingMin, forcingMax, preconditioning);
    }

    public LevenbergMarquardtSettings withPreconditioning(Preconditioning v) {
        return new LevenbergMarquardtSettings(relativeResidualTolerance, gradientTolerance, stepTolerance, maxIterations,
                initialDamping, denseMaxUnknowns, cgMaxIterations, forcingMin, forcingMax, v);
    }
}
