package sod.solver;

import sod.solver.Result.Status;
import sod.solver.local.Iterate;
import sod.solver.stall.StallRule;

/**
 * A run between its start and its result, advanced from outside one local step at a time:
 * {@link Solver} drives one to its end; {@link BatchSolver} drives many in lockstep, evaluating their
 * steps' trial points together. Between {@link #untilStep} and {@link #stepped} the caller takes exactly
 * one step of the solver's step rule. Both drivers share this loop, so a batch member's result is bitwise
 * that of its own solve.
 */
final class ActiveRun {
    /** A step that lifts h above this multiple of the lowest h of the run is divergence. */
    static final double RISE_FACTOR = 10;

    final Run run;
    final StopTests stop;
    Boundary boundary;
    long start;
    double priorSeconds;
    private final StallRule stallRule;
    private final RunStatistics stats;
    private final TruthDistance truth;

    /** The driver of a solver's runs on {@code run}; each run starts it with {@link #restart}. */
    ActiveRun(Run run, StopTests stop, StallRule stallRule, RunStatistics stats, TruthDistance truth) {
        this.run = run;
        this.stop = stop;
        this.stallRule = stallRule;
        this.stats = stats;
        this.truth = truth;
    }

    /** A new run under {@code boundary} (null for SGD's own loop), started at {@code start} (System.nanoTime). */
    void restart(Boundary boundary, long start, double priorSeconds) {
        this.boundary = boundary;
        this.start = start;
        this.priorSeconds = priorSeconds;
    }

    /** The loop up to the next local step: the stop tests and the method's boundary; null when a step is due. */
    Status untilStep() {
        Iterate it = run.iterate;
        while (true) {
            if (!(it.h() <= it.divergenceLevel())) return Status.DIVERGED;
            stallRule.record(run.iteration, it.h());
            Status s = stop.check(run);
            if (s != null) return s;
            int checked = run.iteration;
            Boundary.Next next = boundary.at(run, stop.stationary(run));
            if (next == Boundary.Next.STOP) {
                // an attempt's steps moved the count: the listener sees the final iteration too
                if (run.iteration != checked)
                    run.listener.onIteration(run.iteration, it.h(), it.gradNorm(), run.listener.wantsDistance() ? truth.of(it.x()) : Double.NaN);
                return Status.STATIONARY;
            }
            if (next == Boundary.Next.STEP) return null;
        }
    }

    /** After a step that did not diverge, taken from h = {@code before} and ending at {@code now} (System.nanoTime). */
    Status stepped(double before, long now) {
        Iterate it = run.iterate;
        run.hBeforeLastStep = before;
        run.iteration++;
        double h = it.h();
        if (h < run.lowest) run.lowest = h;
        else if (h > before && h > RISE_FACTOR * run.lowest) return Status.DIVERGED;
        stats.addLatency(now - run.lastStepEnd);
        run.lastStepEnd = now;
        return null;
    }
}
