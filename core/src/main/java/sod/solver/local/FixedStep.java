package sod.solver.local;

/** Gradient descent with a constant step: {@code X <- X - step grad h(X)}. */
public final class FixedStep implements StepRule {
    private final double step;

    public FixedStep(double step) {
        this.step = step;
    }

    @Override
    public void start() {}

    @Override
    public boolean step(Iterate it) {
        writeTrial(it);
        it.evaluateTrial();
        return finish(it);
    }

    /**
     * The first half of {@link #step}: the trial point {@code X - step grad}. The batch solver evaluates
     * many iterates' trial points at once between the halves.
     */
    public void writeTrial(Iterate it) {
        double[] x = it.x(), grad = it.gradient(), next = it.trialX();
        int len = it.n() * it.r();
        for (int i = 0; i < len; i++) next[i] = x[i] - step * grad[i];
    }

    /** The second half of {@link #step}, once the trial point is evaluated: accepts it unless it diverged. */
    public boolean finish(Iterate it) {
        if (!(it.trialH() <= it.divergenceLevel())) return false; // NaN, Inf or huge
        it.acceptTrial();
        return true;
    }
}
