package sod.solver;

import java.util.List;

/**
 * Outcome of one {@link Solver#solve} run. Every figure is of the returned X.
 *
 * @param x                final factor (n x r row-major, a copy; the last finite iterate if the run diverged)
 * @param n                rows of x
 * @param r                columns of x
 * @param h                h(x)
 * @param relativeResidual {@code ||A(x x^T) - b|| / ||b||}
 * @param distance         ||x x^T - M*||_F, NaN when the truth is unknown
 * @param relativeDistance ||x x^T - M*||_F / ||M*||_F, NaN when the truth is unknown
 * @param gradNorm         ||grad h(x)||_F
 * @param iterations       iterations spent (see {@link SolverConfig.Sod#chargeProbeSteps()})
 * @param probeSteps       local steps run inside escape probes (all candidates)
 * @param status           why the run stopped
 * @param verdict          what the final point is when the run stopped at a stationary point
 *                         ({@link Status#CONVERGED} at h &gt; 0 or {@link Status#STATIONARY}), else null
 * @param message          one sentence for the user saying what happened
 * @param escapes          every escape attempt, in order
 * @param totalSeconds     wall time of the run
 * @param gdSeconds        time in local steps outside escapes
 * @param eigenSeconds     time in eigensolves (part of escapeSeconds)
 * @param escapeSeconds    time in escape attempts, probes included
 * @param latencyP50Nanos  median wall time of one iteration (over the last samples kept)
 * @param latencyP99Nanos  99th percentile of the same samples
 */
public record Result(double[] x, int n, int r, double h, double relativeResidual, double distance,
                     double relativeDistance, double gradNorm, int iterations, int probeSteps, Status status,
                     StationaryPointAnalysis.Verdict verdict, String message, List<Escape> escapes, double totalSeconds,
                     double gdSeconds, double eigenSeconds, double escapeSeconds, long latencyP50Nanos,
                     long latencyP99Nanos) {

    /** Why a run stopped. */
    public enum Status {
        /**
         * Converged to a global minimum: a zero residual (h / h(0) at most the residual tolerance), or a
         * stationary point whose G = A*(residual) is positive semidefinite (h &gt; 0 with noisy data).
         */
        CONVERGED,
        /**
         * Converged to a stationary point that is not certified global (a spurious second-order point or
         * a saddle, see the verdict) and no escape was accepted there.
         */
        STATIONARY,
        /** ||X X^T - M*||_F (or its relative form) dropped below the requested target. */
        TARGET_REACHED,
        ITERATION_BUDGET,
        TIME_BUDGET,
        /** h became non-finite or grew hugely; x is the last finite iterate. */
        DIVERGED,
        /** {@link Solver#requestStop()} was called (e.g. on SIGINT); x is the iterate reached. */
        STOPPED
    }

    /** True for a global convergence or a reached target, with or without a truth. */
    public boolean success() {
        return status == Status.CONVERGED || status == Status.TARGET_REACHED;
    }

    /** Number of accepted escapes. */
    public long acceptedEscapes() {
        return escapes.stream().filter(e -> e.kind().accepted()).count();
    }
}
