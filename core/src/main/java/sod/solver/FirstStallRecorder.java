package sod.solver;

import java.util.Arrays;
import sod.solver.stall.StallRule;

/**
 * Plain gradient descent's boundary: stop at a stationary point, and remember where the stall rule
 * first fired ({@link Solver.Checkpoint}), the point at which GD+SOD with the same settings makes its
 * first escape attempt.
 */
final class FirstStallRecorder implements Boundary {
    private final StallRule stallRule;
    private long runStart;
    private double initialH;
    private Solver.Checkpoint firstStall;

    FirstStallRecorder(StallRule stallRule) {
        this.stallRule = stallRule;
    }

    /** The next run starts at {@code runStart} (System.nanoTime) from h(0) = {@code initialH}. */
    void begin(long runStart, double initialH) {
        this.runStart = runStart;
        this.initialH = initialH;
    }

    Solver.Checkpoint firstStall() {
        return firstStall;
    }

    @Override
    public void start(Run run) {
        firstStall = null;
    }

    @Override
    public Next at(Run run, boolean stationary) {
        boolean stalled = stationary || run.stallNow || stallRule.stalled(run.iteration, run.iterate);
        run.stallNow = false;
        if (stalled && firstStall == null) {
            int n = run.iterate.n(), r = run.iterate.r();
            firstStall = new Solver.Checkpoint(Arrays.copyOf(run.iterate.x(), n * r), run.iteration, initialH,
                    (System.nanoTime() - runStart) * 1e-9);
        }
        return stationary ? Next.STOP : Next.STEP;
    }

}
