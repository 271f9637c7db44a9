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
        double[] x = it.x(), grad = it.gradient(), next = it.trialX();
        int len = it.n() * it.r();
        for (int i = 0; i < len; i++) next[i] = x[i] - step * grad[i];
        double hn = it.evaluateTrial();
        if (!(hn <= it.divergenceLevel())) return false; // NaN, Inf or huge
        it.acceptTrial();
        return true;
    }
}
