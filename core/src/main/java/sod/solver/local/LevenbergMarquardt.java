package sod.solver.local;

import sod.SodInputException;
import sod.operators.SensingOperator;

/**
 * A Levenberg-Marquardt driver for the weighted factor problem
 * {@code min_X 1/2 sum_i w_i ((A(X X^T) - b)_i)^2}, usable on its own until the local-step seam
 * exists: {@link LevenbergMarquardtStep} iterated until the relative residual or the gradient
 * tolerance is met, the step becomes negligible, the damping overflows, or the iteration budget is
 * spent. No SOD escapes: a spurious stationary point ends the run like any other.
 *
 * <p>Cost per step: the linear solve (dense: n r products once per accepted point plus a Cholesky;
 * CG: one product per iteration) and one measure pass for the trial, plus one adjoint pass when
 * the step is accepted. Owns its workspace; reusable for several starts. Not thread-safe.
 */
public final class LevenbergMarquardt implements AutoCloseable {
    /** mu relative to its curvature scale beyond which the run gives up. */
    static final double MAX_RELATIVE_DAMPING = 1e16;

    /** Sees every step (for traces and tests); {@code system.point()} is the iterate after it. */
    @FunctionalInterface
    public interface Listener {
        void afterStep(int iteration, GaussNewtonSystem system, LevenbergMarquardtStep step, boolean accepted);
    }

    private final GaussNewtonSystem system;
    private final LevenbergMarquardtStep step;
    private final LevenbergMarquardtSettings settings;

    /**
     * @param weights per-measurement weights (finite, >= 0) or null for all ones
     */
    public LevenbergMarquardt(SensingOperator op, double[] b, int r, double[] weights, LevenbergMarquardtSettings settings) {
        if (settings == null) throw new SodInputException("levenberg-marquardt: settings must be given");
        this.settings = settings;
        system = new GaussNewtonSystem(op, b, r, weights);
        step = new LevenbergMarquardtStep(system, settings);
    }

    public LevenbergMarquardtResult solve(double[] x0) {
        return solve(x0, null);
    }

    public LevenbergMarquardtResult solve(double[] x0, Listener listener) {
        long start = System.nanoTime();
        system.setPoint(x0);
        step.start();
        int iterations = 0, accepted = 0;
        long linear = 0;
        LevenbergMarquardtResult.Status status;
        while (true) {
            if (system.relativeResidual() <= settings.relativeResidualTolerance()) {
                status = LevenbergMarquardtResult.Status.RESIDUAL_TOLERANCE;
                break;
            }
            if (system.gradientNorm() <= settings.gradientTolerance()) {
                status = LevenbergMarquardtResult.Status.GRADIENT_TOLERANCE;
                break;
            }
            if (iterations >= settings.maxIterations()) {
                status = LevenbergMarquardtResult.Status.ITERATION_BUDGET;
                break;
            }
            if (!(step.relativeDamping() <= MAX_RELATIVE_DAMPING)) {
                status = LevenbergMarquardtResult.Status.DAMPING_OVERFLOW;
                break;
            }
            double xNorm = Vectors.norm(system.point(), system.size());
            boolean taken = step.iterate();
            iterations++;
            linear += step.solver().lastIterations();
            if (taken) accepted++;
            if (listener != null) listener.afterStep(iterations, system, step, taken);
            if (step.lastStepNorm() <= settings.stepTolerance() * (xNorm + settings.stepTolerance())) {
                status = LevenbergMarquardtResult.Status.SMALL_STEP;
                break;
            }
        }
        return new LevenbergMarquardtResult(system.point().clone(), status, iterations, accepted, linear, system.value(),
                system.relativeResidual(), system.gradientNorm(), step.usesDensePath(), (System.nanoTime() - start) * 1e-9);
    }

    /** The system this driver works on (its current point is the last iterate). */
    public GaussNewtonSystem system() {
        return system;
    }

    @Override
    public void close() {
        step.close();
    }
}
