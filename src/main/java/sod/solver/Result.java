package sod.solver;

import java.util.List;

/**
 * Outcome of one {@link Solver#solve} run.
 *
 * @param x               final factor (n x r row-major, a copy; the last finite iterate if the run diverged)
 * @param n               rows of x
 * @param r               columns of x
 * @param h               h(x)
 * @param distance        ||x x^T - M*||_F, NaN when the truth is unknown
 * @param gradNorm        ||grad h(x)||_F
 * @param iterations      iterations spent (see {@link SolverConfig#chargeProbeSteps()})
 * @param probeSteps      GD steps run inside escape probes (all candidates)
 * @param status          why the run stopped
 * @param message         one line for the user (e.g. the suggested smaller step after a divergence)
 * @param escapes         every escape attempt, in order
 * @param totalSeconds    wall time of the run
 * @param gdSeconds       time in gradient steps outside escapes
 * @param eigenSeconds    time in eigensolves (part of escapeSeconds)
 * @param escapeSeconds   time in escape attempts, probes included
 * @param latencyP50Nanos median wall time of one GD iteration (over the last samples kept)
 * @param latencyP99Nanos 99th percentile of the same samples
 */
public record Result(double[] x, int n, int r, double h, double distance, double gradNorm, int iterations,
                     int probeSteps, Status status, String message, List<Escape> escapes, double totalSeconds,
                     double gdSeconds, double eigenSeconds, double escapeSeconds, long latencyP50Nanos,
                     long latencyP99Nanos) {

    /** Why a run stopped. */
    public enum Status {
        /** ||X X^T - M*||_F dropped below the target. */
        TARGET_REACHED,
        /** ||grad h|| dropped below the tolerance (and no escape applies for the method). */
        GRADIENT_TOLERANCE,
        ITERATION_BUDGET,
        TIME_BUDGET,
        /** Stationary point where no escape could be found (no negative curvature or no decreasing candidate). */
        NO_ESCAPE,
        /** h became non-finite or grew hugely; x is the last finite iterate. */
        DIVERGED
    }

    /** True when the target distance was reached. */
    public boolean success() {
        return status == Status.TARGET_REACHED;
    }

    /** Number of accepted escapes. */
    public long acceptedEscapes() {
        return escapes.stream().filter(e -> e.kind().accepted()).count();
    }
}
