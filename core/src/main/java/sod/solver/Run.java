package sod.solver;

import java.util.ArrayList;
import java.util.List;
import sod.solver.local.Iterate;

/**
 * The mutable state of one solve, shared by the driver and the method's {@link Boundary}: the iteration
 * count (probe steps charged to it included), the escape records, the lowest h since the start or the
 * last perturbation (for the early-divergence test) and the time the last step ended.
 */
final class Run {
    final Iterate iterate;
    Listener listener;
    final List<Escape> escapes = new ArrayList<>();
    int iteration;
    double lowest;
    /** End of the previous step (System.nanoTime); iteration latencies are measured from it. */
    long lastStepEnd;
    /** h before the last local step, NaN at the start and after a jump (for the decrease tolerance). */
    double hBeforeLastStep;
    /** Resuming from a stall checkpoint: the first boundary is a stall whatever the stall rule says. */
    boolean stallNow;

    /** A run state for solves on {@code iterate}; each solve starts it with {@link #restart}. */
    Run(Iterate iterate) {
        this.iterate = iterate;
    }

    /** A new solve from the iterate's current point (evaluated): no escapes yet, the clock and the divergence reference reset. */
    void restart(Listener listener, int startIteration, boolean stallNow) {
        this.listener = listener;
        this.iteration = startIteration;
        this.stallNow = stallNow;
        this.lowest = iterate.h();
        this.hBeforeLastStep = Double.NaN;
        this.lastStepEnd = System.nanoTime();
        escapes.clear();
    }

    /** The iterate was moved by a jump (escape, perturbation): latencies restart and so does the divergence test's reference. */
    void jumped(boolean resetLowest) {
        if (resetLowest) lowest = iterate.h();
        hBeforeLastStep = Double.NaN;
        lastStepEnd = System.nanoTime();
    }
}
