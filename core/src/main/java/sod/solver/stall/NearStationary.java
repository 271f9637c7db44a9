package sod.solver.stall;

import sod.solver.local.Iterate;

/**
 * Waits for near-stationarity instead of a plateau: every {@code interval} iterations, once
 * {@code minIterations} have passed since the start or the last escape attempt, the run is stalled when
 * the relative gradient {@code ||grad h|| ||X||_F / (2 h)} is at most {@code tolerance}. Slower to fire
 * than the plateau rule on a slowly converging trajectory, but it never fires on a slope.
 */
public final class NearStationary implements StallRule {
    private final double tolerance;
    private final int interval, minIterations;
    private int lastRestart;

    public NearStationary(double tolerance, int interval, int minIterations) {
        if (!(tolerance > 0) || interval < 1 || minIterations < 0)
            throw new IllegalArgumentException("stall rule: tolerance " + tolerance + ", interval " + interval
                    + ", minIterations " + minIterations);
        this.tolerance = tolerance;
        this.interval = interval;
        this.minIterations = minIterations;
    }

    @Override
    public void restart(int iteration) {
        lastRestart = iteration;
    }

    @Override
    public void record(int iteration, double h) {}

    @Override
    public boolean stalled(int iteration, Iterate at) {
        if (iteration % interval != 0 || iteration - lastRestart < minIterations) return false;
        return at.relativeGradient() <= tolerance;
    }
}
