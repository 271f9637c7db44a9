package sod.solver.stall;

import sod.solver.local.Iterate;

/**
 * The plateau rule: every {@code interval} iterations, once {@code max(minIterations, window)} iterations
 * have passed since the start or the last escape attempt, the run is stalled when h dropped by at most a
 * fraction {@code tolerance} over the last {@code window} iterations:
 * {@code (h[k - window] - h[k]) / h[k - window] <= tolerance}.
 */
public final class RelativeDecrease implements StallRule {
    private final int window, interval, wait;
    private final double tolerance;
    private final double[] history;
    private int lastRestart;

    public RelativeDecrease(int window, double tolerance, int interval, int minIterations) {
        if (window < 1 || interval < 1 || minIterations < 0 || !(tolerance >= 0))
            throw new IllegalArgumentException("stall rule: window " + window + ", interval " + interval
                    + ", minIterations " + minIterations + ", tolerance " + tolerance);
        this.window = window;
        this.interval = interval;
        this.wait = Math.max(minIterations, window);
        this.tolerance = tolerance;
        this.history = new double[window + 1];
    }

    @Override
    public void restart(int iteration) {
        lastRestart = iteration;
    }

    @Override
    public void record(int iteration, double h) {
        history[iteration % history.length] = h;
    }

    @Override
    public boolean stalled(int iteration, Iterate at) {
        if (iteration % interval != 0 || iteration - lastRestart < wait) return false;
        double old = history[(iteration - window) % history.length];
        double h = history[iteration % history.length];
        return (old - h) <= tolerance * old;
    }
}
