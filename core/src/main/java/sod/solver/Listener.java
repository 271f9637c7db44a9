package sod.solver;

/**
 * Progress callbacks of a {@link Solver} run, called on the solving thread. {@link #onIteration} runs
 * every iteration with primitives only (no allocation on the solver's side); throttle in the listener.
 */
public interface Listener {

    /** After evaluating iteration {@code iter}; {@code distance} is NaN when the truth is unknown. */
    void onIteration(int iter, double h, double gradNorm, double distance);

    /** After every escape attempt (accepted or not). */
    default void onEscape(Escape escape) {}

    /** After each candidate of an escape attempt has been probed, before {@link #onEscape}. */
    default void onCandidate(Escape.Candidate candidate) {}

    /** A listener that does nothing. */
    Listener NONE = (iter, h, g, d) -> {};
}
