package sod.solver;

import java.util.function.DoubleSupplier;
import sod.solver.Result.Status;
import sod.solver.local.StepRule;
import sod.solver.stall.StallRule;

/**
 * GD+SOD's boundary: at a stall (the stall rule fires, or the gradient tolerance is met) an escape
 * attempt, up to {@code maxEscapes} per run; the stall rule waits again after every attempt. A
 * stationary point with no accepted escape ends the run with NO_ESCAPE; at a slow-progress stall descent
 * simply goes on (it may still be converging).
 */
final class EscapeAtStalls implements Boundary {
    private final SodEscape escape;
    private final StallRule stallRule;
    private final StepRule probeRule;
    private final DoubleSupplier delta;
    private final long lanczosSeed;
    private final int maxEscapes;
    private int attempts;

    EscapeAtStalls(SodEscape escape, StallRule stallRule, StepRule probeRule, DoubleSupplier delta, int maxEscapes,
                   long lanczosSeed) {
        this.escape = escape;
        this.stallRule = stallRule;
        this.probeRule = probeRule;
        this.delta = delta;
        this.maxEscapes = maxEscapes;
        this.lanczosSeed = lanczosSeed;
    }

    @Override
    public void start(Run run) {
        attempts = 0;
    }

    @Override
    public Next at(Run run, boolean stationary) {
        boolean stalled = stationary || run.stallNow || stallRule.stalled(run.iteration);
        run.stallNow = false;
        if (stalled && attempts < maxEscapes) {
            attempts++;
            SodEscape.Attempt a = escape.attempt(run.iterate, probeRule, run.iteration, delta, run.listener);
            run.iteration += a.iterationsCharged();
            run.escapes.add(a.escape());
            run.listener.onEscape(a.escape());
            stallRule.restart(run.iteration);
            if (a.escape().kind().accepted()) {
                run.jumped(false);
                return Next.REEXAMINE;
            }
        }
        return stationary ? Next.STOP : Next.STEP;
    }

    @Override
    public Status stopStatus() {
        return Status.NO_ESCAPE;
    }
}
