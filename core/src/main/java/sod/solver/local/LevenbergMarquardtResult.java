package sod.solver.local;

/**
 * Outcome of one {@link LevenbergMarquardt} run.
 *
 * @param x                final factor (n x r, a copy)
 * @param status           why the run stopped
 * @param iterations       steps tried (each one trial evaluation of h)
 * @param acceptedSteps    steps taken
 * @param linearIterations CG iterations over the run (0 on the dense path)
 * @param h                1/2 sum_i w_i r_i^2 at x
 * @param relativeResidual ||W^{1/2} r|| / ||W^{1/2} b|| at x
 * @param gradientNorm     ||J^T W r||_F at x
 * @param densePath        whether the dense path solved the steps
 * @param seconds          wall time
 */
public record LevenbergMarquardtResult(double[] x, Status status, int iterations, int acceptedSteps, long linearIterations,
                                       double h, double relativeResidual, double gradientNorm, boolean densePath,
                                       double seconds) {

    /** Why a run stopped. */
    public enum Status {
        RESIDUAL_TOLERANCE,
        GRADIENT_TOLERANCE,
        /** The step became negligible against X: no progress left at this precision. */
        SMALL_STEP,
        /** mu grew beyond 1e16 times the curvature scale: no step of any length decreased h. */
        DAMPING_OVERFLOW,
        ITERATION_BUDGET
    }

    public boolean converged() {
        return status == Status.RESIDUAL_TOLERANCE || status == Status.GRADIENT_TOLERANCE;
    }
}
