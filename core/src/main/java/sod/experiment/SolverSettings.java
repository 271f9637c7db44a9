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
 * @param stopping         the convergence tolerances and the target, each null when not given
 * @param local            the local method and its settings, each null when not given
 */
public record SolverSettings(StepRule stepRule, Double step, Integer maxIterations, Double timeLimitSeconds, Double initScale,
                             Stopping stopping, Local local) {
    public static final SolverSettings NONE = new SolverSettings(null, null, null, null, null);

    /**
     * The local method between stalls and the settings of the second-order ones; null means "not given".
     *
     * @param method       gd, lm, trust-region or scaled-gd (a sweep names its local methods in its variants)
     * @param damping      Levenberg-Marquardt's initial damping tau ({@code --damping})
     * @param cgIterations CG iterations per linear solve ({@code --cg-iters})
     */
    public record Local(SolverConfig.LocalMethod method, Double damping, Integer cgIterations) {
        public static final Local NONE = new Local(null, null, null);

        public Local {
            if (damping != null && (!(damping > 0) || !Double.isFinite(damping))) {
                throw new SodInputException("--damping: must be a finite value > 0 (mu = tau times a curvature of J^T J), got "
                        + damping + "; try 1e-3");
            }
            if (cgIterations != null && cgIterations < 1) {
                throw new SodInputException("--cg-iters: the CG budget must be >= 1 iteration per linear solve, got " + cgIterations
                        + "; try 500");
            }
        }

        void applyTo(SolverConfig.Builder b) {
            if (method != null) b.local(method);
            if (damping != null) b.damping(damping);
            if (cgIterations != null) b.cgIterations(cgIterations);
        }
    }

    /**
     * When a run stops or stalls: the tolerances of {@link SolverConfig} (gtol, ftol, htol), a target
     * distance, absolute or relative to ||M*||_F, and the stall rule; null means "not given".
     */
    public record Stopping(Double gradientTolerance, Double decreaseTolerance, Double residualTolerance,
                           Double targetDistance, Double targetRelative, SolverConfig.StallKind stallRule) {
        public static final Stopping NONE = new Stopping(null, null, null, null, null, null);

        public Stopping {
            check(gradientTolerance, "--gtol", false);
            check(decreaseTolerance, "--ftol", false);
            check(residualTolerance, "--htol", false);
            check(targetDistance, "--target-distance", true);
            check(targetRelative, "--target-relative", true);
        }

        private static void check(Double v, String option, boolean positive) {
            if (v != null && (!(positive ? v > 0 : v >= 0) || !Double.isFinite(v) || (!positive && v >= 1 && !option.equals("--gtol")))) {
                throw new SodInputException(option + " must be a finite value " + (positive ? "> 0" : ">= 0")
                        + (positive || option.equals("--gtol") ? "" : " and < 1") + ", got " + v);
            }
        }

        /** Whether a target distance was given. */
        public boolean hasTarget() {
            return targetDistance != null || targetRelative != null;
        }

        void applyTo(SolverConfig.Builder b) {
            if (gradientTolerance != null) b.gradientTolerance(gradientTolerance);
            if (decreaseTolerance != null) b.decreaseTolerance(decreaseTolerance);
            if (residualTolerance != null) b.residualTolerance(residualTolerance);
            if (targetDistance != null) b.targetDistance(targetDistance);
            if (targetRelative != null) b.targetRelative(targetRelative);
            if (stallRule != null) b.stallRule(stallRule);
        }
    }

    /** Settings without stopping options. */
    public SolverSettings(StepRule stepRule, Double step, Integer maxIterations, Double timeLimitSeconds, Double initScale) {
        this(stepRule, step, maxIterations, timeLimitSeconds, initScale, Stopping.NONE);
    }

    /** Settings under gradient descent (no local-method options). */
    public SolverSettings(StepRule stepRule, Double step, Integer maxIterations, Double timeLimitSeconds, Double initScale,
                          Stopping stopping) {
        this(stepRule, step, maxIterations, timeLimitSeconds, initScale, stopping, Local.NONE);
    }

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
        if (stopping == null) stopping = Stopping.NONE;
        if (local == null) local = Local.NONE;
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
        stopping.applyTo(b);
        local.applyTo(b);
        return b;
    }
}
