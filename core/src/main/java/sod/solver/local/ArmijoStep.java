package sod.solver.local;

/**
 * Gradient descent with backtracking (Armijo, {@link Backtracking}) along the gradient: from
 * {@code min(maxStep, 2 * last accepted step)}, halve until {@code h(X - s grad) <= h(X) - 1e-4 s ||grad||^2}.
 */
public final class ArmijoStep implements StepRule {
    private final Backtracking search;

    public ArmijoStep(double maxStep) {
        search = new Backtracking(maxStep, maxStep);
    }

    @Override
    public void start() {
        search.start();
    }

    @Override
    public boolean step(Iterate it) {
        double gradNorm = it.gradNorm();
        search.step(it, it.gradient(), gradNorm * gradNorm);
        return true;
    }
}
