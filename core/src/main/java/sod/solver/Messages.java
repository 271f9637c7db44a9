package sod.solver;

import java.util.Locale;
import sod.solver.Result.Status;

/** The one-sentence {@link Result#message()} of a run: what happened, with the figures behind it. */
final class Messages {
    private Messages() {}

    static String of(Status status, StationaryPointAnalysis.Report point, Run run, SolverConfig config,
                     double relativeResidual, double distance) {
        String residual = "relative residual " + sci(relativeResidual);
        return switch (status) {
            case CONVERGED -> point == null
                    ? "converged to a zero-residual point (" + residual + ", at most sqrt(htol) = "
                            + sci(Math.sqrt(config.stopping().residualTolerance())) + ")"
                    : "converged to a certified global minimum: G = A*(residual) is positive semidefinite (lambda_min "
                            + sci(point.gMin()) + ", " + residual + ")";
            case STATIONARY -> "stopped at a " + describe(point) + " with " + residual
                    + (config.method() == SolverConfig.Method.SOD ? "; no escape was accepted there"
                    : "; " + methodName(config) + " does not escape it (--method sod does)");
            case TARGET_REACHED -> "reached the target: ||X X^T - M*||_F = " + sci(distance) + " (" + residual + ")";
            case ITERATION_BUDGET -> "used the iteration budget of " + config.stopping().maxIterations() + " before converging ("
                    + residual + "); raise --iters or loosen the tolerances";
            case TIME_BUDGET -> "used the time budget of " + config.stopping().timeBudgetSeconds() + " s before converging (" + residual + ")";
            case DIVERGED -> "diverged at iteration " + run.iteration + " with step " + config.descent().step()
                    + "; try a smaller step, e.g. " + config.descent().step() / 10;
            case STOPPED -> "stopped on request at iteration " + run.iteration;
        };
    }

    private static String describe(StationaryPointAnalysis.Report point) {
        return switch (point.verdict()) {
            case SPURIOUS_SECOND_ORDER -> "spurious second-order point (Hessian PSD, lambda_min(G) = " + sci(point.gMin()) + " < 0)";
            case STRICT_SADDLE -> "saddle point (lambda_min(Hessian) = " + sci(point.hessianMin()) + " < 0)";
            case NOT_STATIONARY -> "point where the local method makes no further progress (gradient norm "
                    + sci(point.gradientNorm()) + ")";
            case GLOBAL_OPTIMUM -> "global minimum";
        };
    }

    /** The method a user chose: the local method's name when nothing happens at stalls (gd, lm, ...). */
    private static String methodName(SolverConfig config) {
        Enum<?> named = config.method() == SolverConfig.Method.GD ? config.descent().local() : config.method();
        return named.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String sci(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
