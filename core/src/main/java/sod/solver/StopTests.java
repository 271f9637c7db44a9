package sod.solver;

import java.util.function.BooleanSupplier;
import sod.solver.Result.Status;
import sod.solver.local.Iterate;

/**
 * The tests every iteration of a {@link Solver} run starts with: the listener's report, a stop request,
 * the budgets, the target distance, a zero residual; and the stationarity test its boundary asks. One
 * per solver, set up again for each run ({@link #restart}).
 */
final class StopTests {
    private final SolverConfig config;
    private final TruthDistance truth;
    private final Convergence convergence;
    private final BooleanSupplier stopRequested;
    private long deadline;
    /** The target as one distance: the larger of the absolute and the relative one (NaN: none). */
    private double target;

    StopTests(SolverConfig config, TruthDistance truth, Convergence convergence, BooleanSupplier stopRequested) {
        this.config = config;
        this.truth = truth;
        this.convergence = convergence;
        this.stopRequested = stopRequested;
    }

    /** Sets the tests up for a run started at {@code start} (System.nanoTime) on the bound problem. */
    void restart(long start) {
        deadline = Double.isInfinite(config.stopping().timeBudgetSeconds()) ? Long.MAX_VALUE
                : start + (long) (config.stopping().timeBudgetSeconds() * 1e9);
        double absolute = config.stopping().targetDistance(), relative = config.stopping().targetRelative() * truth.truthNorm();
        target = Double.isNaN(absolute) ? relative : Double.isNaN(relative) ? absolute : Math.max(absolute, relative);
    }

    /** Reports the iteration to the listener; the status to stop with, or null to go on. */
    Status check(Run run) {
        Iterate it = run.iterate;
        boolean reported = run.listener.wantsDistance();
        double dist = reported ? truth.of(it.x()) : Double.NaN;
        run.listener.onIteration(run.iteration, it.h(), it.gradNorm(), dist);
        if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) return Status.STOPPED;
        if (run.iteration > config.stopping().maxIterations()) return Status.ITERATION_BUDGET; // charged probes overran it
        if (reported ? dist < target : truth.below(it.x(), it.xSquaredNorm(), target)) return Status.TARGET_REACHED;
        if (convergence.zeroResidual(it.h())) return Status.CONVERGED;
        if (run.iteration >= config.stopping().maxIterations()) return Status.ITERATION_BUDGET;
        if (run.lastStepEnd - deadline > 0) return Status.TIME_BUDGET;
        return null;
    }

    /** Whether the local method has converged to a stationary point. */
    boolean stationary(Run run) {
        return convergence.stationary(run.iterate, run.hBeforeLastStep);
    }
}
