package sod.solver.local;

/**
 * What the last {@link ConjugateGradient} solve did. One instance belongs to each solver and is
 * overwritten by its next solve (so that solving allocates nothing); copy the values to keep them.
 */
public final class CgOutcome {

    /** Why CG stopped. */
    public enum Stop {
        /** The relative residual reached the tolerance. */
        CONVERGED,
        /** The iteration cap was reached first. */
        ITERATION_CAP,
        /**
         * A search direction p had {@code p^T (B + mu I) p <= 0}: the system is not positive definite
         * (or not finite); the solution holds the last iterate before that direction.
         */
        NOT_POSITIVE_DEFINITE,
        /** The right-hand side is zero, so is the solution. */
        ZERO_RIGHT_HAND_SIDE
    }

    private int iterations;
    private double relativeResidual;
    private Stop stop;

    void set(int iterations, double relativeResidual, Stop stop) {
        this.iterations = iterations;
        this.relativeResidual = relativeResidual;
        this.stop = stop;
    }

    /** Products with B spent. */
    public int iterations() {
        return iterations;
    }

    /** {@code ||rhs - (B + mu I) d|| / ||rhs||} as CG's recurrence carries it. */
    public double relativeResidual() {
        return relativeResidual;
    }

    public Stop stop() {
        return stop;
    }

    @Override
    public String toString() {
        return stop + " after " + iterations + " iterations, relative residual " + relativeResidual;
    }
}
