package sod.solver.local;

/**
 * One local step from an {@link Iterate}: the seam where local methods plug in (fixed-step or
 * backtracking gradient descent today; second-order methods compute their step here too). A rule writes
 * the trial point, evaluates it and accepts it into the iterate. Rules may keep state between steps (an
 * adaptive step length); {@link #start} resets it for a new run.
 */
public interface StepRule {

    /** Resets what the rule remembers across steps, before a run starts. */
    void start();

    /**
     * Takes one step from {@code it}. Returns false when the step diverged (the trial's h is not finite or
     * above {@link Iterate#divergenceLevel()}); the iterate is then unchanged. A rule that finds no
     * decrease may return true with the iterate unchanged: the caller's stationarity tests decide.
     */
    boolean step(Iterate it);
}
