package sod.solver.local;

/**
 * One local step from an {@link Iterate}: the seam where local methods plug in (fixed-step or
 * backtracking gradient descent, scaled GD, Levenberg-Marquardt, a Newton trust region). A rule writes
 * the trial point, evaluates it and accepts it into the iterate; a rule that rejects trials (a damped or
 * trust-region method) retries inside one step until it accepts one or finds no decrease, so that one
 * step is one accepted move. Rules may keep state between steps (an adaptive step length, a damping, a
 * radius); {@link #start} resets it for a new run. A rule is bound to no problem: it works on whatever
 * iterate it is given, and re-creates per-problem workspace when the operator or the sizes change.
 */
public interface StepRule extends AutoCloseable {

    /** Resets what the rule remembers across steps, before a run starts. */
    void start();

    /**
     * Takes one step from {@code it}. Returns false when the step diverged (the trial's h is not finite or
     * above {@link Iterate#divergenceLevel()}); the iterate is then unchanged. A rule that finds no
     * decrease may return true with the iterate unchanged: the caller's stationarity tests decide.
     */
    boolean step(Iterate it);

    /** Releases native workspace (a dense linear solver's); a no-op for most rules. */
    @Override
    default void close() {}
}
