package sod.solver;

import java.util.function.DoubleSupplier;
import sod.solver.local.StepRule;
import sod.solver.stall.StallRule;

/**
 * GD+SOD's boundary: at a stall (the stall rule fires, or the point is stationary by the tolerances)
 * an escape attempt, up to {@code maxEscapes} per run; the stall rule waits again after every attempt.
 * A stationary point with no accepted escape ends the run (the driver classifies it); at a slow-progress
 * stall descent goes on from where the attempt's plain local steps ended (it may still be converging).
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
        boolean stalled = stationary || run.stallNow || stallRule.stalled(run.iteration, run.iterate);
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
            // rejected: the run goes on from where the plain local steps ended; a stationary point they did
            // not move from is final
            boolean moved = a.escape().hAfter() < (1 - EscapeAcceptance.MIN_RELATIVE_GAIN) * a.escape().hBefore();
            if (stationary && !moved) return Next.STOP;
            if (a.iterationsCharged() > 0) {
                run.jumped(false);
                return Next.REEXAMINE;
            }
            return stationary ? Next.STOP : Next.STEP;
        }
        return stationary ? Next.STOP : Next.STEP;
    }

}
