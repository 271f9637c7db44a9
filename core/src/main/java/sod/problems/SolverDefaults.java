package sod.problems;

/**
 * The solver settings a problem starts from when the user gives none. They are stated here, in the
 * problem's terms, because the problems sit below the solver; {@code sod.experiment.SolverSettings}
 * is the one place that turns them into a solver configuration.
 *
 * @param backtracking        true: a backtracking (Armijo) step; false: a fixed step
 * @param fixedStep           the step of the fixed rule (also when the user picks that rule)
 * @param maxBacktrackingStep the largest step the backtracking rule tries
 * @param initScale           X0 = initScale * N(0,1) per entry
 */
public record SolverDefaults(boolean backtracking, double fixedStep, double maxBacktrackingStep, double initScale) {

    /**
     * The paper's settings (spec section 7): fixed step 0.005, X0 = 0.7 N(0,1). PMC and the
     * counterexample were calibrated on them; their scale is known, so nothing has to adapt.
     */
    public static final SolverDefaults PAPER = new SolverDefaults(false, 0.005, 0.005, 0.7);

    /**
     * For data whose scale is not known in advance (the random ensembles, files): a backtracking step
     * from at most 1000, which adapts to the scale, and a small start X0 = 0.01 N(0,1).
     */
    public static final SolverDefaults ADAPTIVE = new SolverDefaults(true, 0.005, 1000, 0.01);
}
