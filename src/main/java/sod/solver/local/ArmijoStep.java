package sod.solver.local;

/**
 * Gradient descent with backtracking (Armijo): from {@code min(maxStep, 2 * last accepted step)}, halve
 * until {@code h(X - s grad) <= h(X) - 1e-4 s ||grad||^2}, at most 60 times. Starting from twice the
 * last step lets the step grow again after a narrow valley without searching from {@code maxStep} at
 * every iteration.
 */
public final class ArmijoStep implements StepRule {
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final int MAX_HALVINGS = 60;

    private final double maxStep;
    private double lastStep;

    public ArmijoStep(double maxStep) {
        this.maxStep = maxStep;
        this.lastStep = maxStep;
    }

    @Override
    public void start() {
        lastStep = maxStep;
    }

    @Override
    public boolean step(Iterate it) {
        double[] x = it.x(), grad = it.gradient(), next = it.trialX();
        int len = it.n() * it.r();
        double s = Math.min(maxStep, 2 * lastStep);
        double gradNorm = it.gradNorm();
        double gg = gradNorm * gradNorm;
        double h = it.h();
        for (int tries = 0; tries < MAX_HALVINGS; tries++) {
            for (int i = 0; i < len; i++) next[i] = x[i] - s * grad[i];
            double hn = it.evaluateTrial();
            if (hn <= h - SUFFICIENT_DECREASE * s * gg) {
                it.acceptTrial();
                lastStep = s;
                return true;
            }
            s *= 0.5;
        }
        // no decrease along -grad at any tried step: keep the point (treated as stationary by the caller)
        lastStep = s;
        return true;
    }
}
