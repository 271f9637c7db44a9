package sod.solver.local;

/**
 * What the last {@link SteihaugCg} solve did. One instance belongs to each solver and is overwritten
 * by its next solve; copy the values to keep them.
 */
public final class SteihaugOutcome {

    /** Why the truncated CG stopped. */
    public enum Stop {
        /** The model gradient {@code g + B d} fell to the relative tolerance inside the region. */
        CONVERGED,
        /** The next CG iterate would have left the region: the step was cut at the boundary. */
        BOUNDARY,
        /** A direction of non-positive curvature: followed to the boundary. */
        NEGATIVE_CURVATURE,
        /** The iteration cap was reached inside the region. */
        ITERATION_CAP,
        /** g = 0: the step is 0. */
        ZERO_GRADIENT
    }

    private int iterations;
    private Stop stop;
    private double modelDecrease, stepNorm;

    void set(int iterations, Stop stop, double modelDecrease, double stepNorm) {
        this.iterations = iterations;
        this.stop = stop;
        this.modelDecrease = modelDecrease;
        this.stepNorm = stepNorm;
    }

    /** Products with B spent. */
    public int iterations() {
        return iterations;
    }

    public Stop stop() {
        return stop;
    }

    /** True when the step lies on the trust-region boundary (BOUNDARY or NEGATIVE_CURVATURE). */
    public boolean hitBoundary() {
        return stop == Stop.BOUNDARY || stop == Stop.NEGATIVE_CURVATURE;
    }

    /** {@code -(g^T d + 1/2 d^T B d)}: positive for any nonzero step. */
    public double modelDecrease() {
        return modelDecrease;
    }

    /** {@code ||d||}, at most the radius. */
    public double stepNorm() {
        return stepNorm;
    }

    @Override
    public String toString() {
        return stop + " after " + iterations + " iterations, |d| = " + stepNorm + ", model decrease " + modelDecrease;
    }
}
