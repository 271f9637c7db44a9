package sod.solver;

/**
 * What a method does at each iteration boundary, after the driver's stop tests and before the next local
 * step: nothing, stop with a status, or move the iterate (an escape, a perturbation). The variation point
 * between the local method alone, with SOD escapes, with random restarts, and perturbed GD.
 */
interface Boundary {

    /** The boundary's decision. */
    enum Next {
        /** Take the next local step. */
        STEP,
        /** The iterate was moved: evaluate the stop tests again at the same iteration count. */
        REEXAMINE,
        /** Stop: the point is stationary and nothing moves it (the driver classifies it). */
        STOP
    }

    /** Prepares for a new run. */
    void start(Run run);

    /** Decides at the current iterate; {@code stationary} is the gradient-tolerance test. */
    Next at(Run run, boolean stationary);

    /** The run ended (any status): the boundary may put the iterate at the point to return (restarts: the best one). */
    default void finish(Run run) {}
}
