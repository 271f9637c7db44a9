package sod.solver;

/**
 * Progress callbacks of a {@link Solver} run, called on the solving thread. {@link #onIteration} runs
 * every iteration with primitives only (no allocation on the solver's side); throttle in the listener.
 */
public interface Listener {

    /**
     * After evaluating iteration {@code iter}; {@code distance} is NaN when the truth is unknown, or when
     * {@link #wantsDistance} says the listener does not read it.
     */
    void onIteration(int iter, double h, double gradNorm, double distance);

    /**
     * Whether {@link #onIteration} reads its distance argument: when not, the solver does not compute the
     * distance to the truth at every iteration just to report it (at a small size that is a tenth of an
     * iteration's time). A listener that delegates should ask its delegate.
     */
    default boolean wantsDistance() {
        return true;
    }

    /** After every escape attempt (accepted or not). */
    default void onEscape(Escape escape) {}

    /** After each candidate of an escape attempt has been probed, before {@link #onEscape}. */
    default void onCandidate(Escape.Candidate candidate) {}

    /** A listener that does nothing. */
    Listener NONE = new Listener() {
        @Override
        public void onIteration(int iter, double h, double gradNorm, double distance) {}

        @Override
        public boolean wantsDistance() {
            return false;
        }
    };
}
