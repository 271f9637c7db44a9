package sod.solver.local;

/**
 * Backtracking (Armijo) along a descent direction D of h at the iterate: from
 * {@code min(maxStep, 2 * last accepted step)}, halve s until
 * {@code h(X - s D) <= h(X) - 1e-4 s <grad h, D>}, at most 60 times. Starting from twice the last step
 * lets the step grow again after a narrow valley without searching from {@code maxStep} at every
 * iteration. The line search of {@link ArmijoStep} (D = the gradient) and {@link ScaledGradientStep}
 * (D = the gradient times (X^T X)^{-1}).
 */
final class Backtracking {
    static final double SUFFICIENT_DECREASE = 1e-4;
    static final int MAX_HALVINGS = 60;

    private final double maxStep, firstStep;
    private double lastStep;

    /**
     * @param maxStep   the largest step tried
     * @param firstStep the "last accepted step" a run starts from (its first try is twice that, capped)
     */
    Backtracking(double maxStep, double firstStep) {
        this.maxStep = maxStep;
        this.firstStep = firstStep;
        this.lastStep = firstStep;
    }

    void start() {
        lastStep = firstStep;
    }

    /**
     * One step {@code X - s D}; {@code slope = <grad h, D>} (&gt; 0 for a descent direction). With no
     * sufficient decrease at any tried s the iterate is kept (the caller's stationarity tests decide).
     */
    void step(Iterate it, double[] direction, double slope) {
        double[] x = it.x(), next = it.trialX();
        int len = it.n() * it.r();
        double s = Math.min(maxStep, 2 * lastStep);
        double h = it.h();
        for (int tries = 0; tries < MAX_HALVINGS; tries++) {
            for (int i = 0; i < len; i++) next[i] = x[i] - s * direction[i];
            double hn = it.evaluateTrial();
            if (hn <= h - SUFFICIENT_DECREASE * s * slope) {
                it.acceptTrial();
                lastStep = s;
                return;
            }
            s *= 0.5;
        }
        lastStep = s;
    }
}
