package sod.experiment;

import sod.SodInputException;
import sod.problems.SolverDefaults;
import sod.solver.SolverConfig;
import sod.solver.SolverConfig.StepRule;

/**
 * The solver settings a user may give a solve or a sweep; null means "not given". {@link #builder}
 * is the one place that combines them with a problem's {@link SolverDefaults}: the defaults first,
 * then what was given, so a solve and a sweep of the same problem start from the same settings.
 *
 * @param stepRule         fixed or backtracking; null: the problem's
 * @param step             the fixed step, or the largest backtracking step
 * @param maxIterations    iteration budget
 * @param timeLimitSeconds wall-time budget
 * @param initScale        X0 = initScale * N(0,1)
 */
public record SolverSettings(StepRule stepRule, Double step, Integer maxIterations, Double timeLimitSeconds, Double initScale) {
    public static final SolverSettings NONE = new SolverSettings(null, null, null, null, null);

    public SolverSettings {
        if (step != null && (!(step > 0) || !Double.isFinite(step))) {
            throw new SodInputException("--step must be a finite value > 0, got " + step + "; try 0.005");
        }
        if (maxIterations != null && maxIterations < 0) throw new SodInputException("--iters must be >= 0, got " + maxIterations);
        if (timeLimitSeconds != null && !(timeLimitSeconds > 0)) {
            throw new SodInputException("--time-limit must be > 0 seconds, got " + timeLimitSeconds);
        }
        if (initScale != null && (!(initScale >= 0) || !Double.isFinite(initScale))) {
            throw new SodInputException("--init-scale must be a finite value >= 0, got " + initScale);
        }
    }

    /** The step rule a run of a problem with these defaults uses. */
    public StepRule stepRule(SolverDefaults defaults) {
        if (stepRule != null) return stepRule;
        return defaults.backtracking() ? StepRule.ARMIJO : StepRule.FIXED;
    }

    /** A builder with {@code defaults}, then these settings, applied (method, escape mode and seed untouched). */
    public SolverConfig.Builder builder(SolverDefaults defaults) {
        StepRule rule = stepRule(defaults);
        SolverConfig.Builder b = SolverConfig.builder().stepRule(rule)
                .step(rule == StepRule.ARMIJO ? defaults.maxBacktrackingStep() : defaults.fixedStep())
                .initScale(defaults.initScale());
        if (step != null) b.step(step);
        if (maxIterations != null) b.maxIterations(maxIterations);
        if (timeLimitSeconds != null) b.timeBudgetSeconds(timeLimitSeconds);
        if (initScale != null) b.initScale(initScale);
        return b;
    }
}
