package sod.solver.local;

/**
 * One linear-algebra path for the damped Gauss-Newton step at a {@link GaussNewtonSystem}'s current
 * point: {@code step = -(J^T W J + mu I)^{-1} g}, exactly or inexactly, with g = J^T W r.
 */
public interface DampedSolver extends AutoCloseable {

    /**
     * Writes the step (length n r) and returns the decrease it predicts for the Gauss-Newton model,
     * {@code L(0) - L(step) = -g^T step - 1/2 step^T J^T W J step}, which is > 0 for any nonzero step
     * the path returns; 0 (with a zero step) when no step could be computed.
     *
     * @param mu damping, finite and > 0
     */
    double solve(double mu, double[] step);

    /** Starts a new run (forgets per-run state such as the forcing sequence). */
    default void reset() {
    }

    /** Linear-system iterations of the last {@link #solve} (0 for a direct solve). */
    int lastIterations();

    @Override
    default void close() {
    }
}
