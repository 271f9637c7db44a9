package sod.cli;

import java.nio.file.Path;
import sod.io.Npy;
import sod.solver.Escape;
import sod.solver.Listener;
import sod.solver.Solver;

/**
 * Wraps the solve listener to save the current iterate X (n x r .npy, written atomically: a reader sees
 * the previous checkpoint or the new one, never a partial file) every {@code intervalSeconds} during the
 * run; {@link #save} writes the final one. {@code sod solve --x0 FILE} resumes from it.
 */
final class Checkpointer implements Listener {
    /** The clock is read every this many iterations. */
    private static final int CLOCK_STRIDE = 16;

    private final Listener inner;
    private final Solver solver;
    private final Path file;
    private final long intervalNanos;
    private final double[] buffer;
    private final int n, r;
    private long nextDue;

    Checkpointer(Listener inner, Solver solver, Path file, double intervalSeconds, int n, int r) {
        this.inner = inner;
        this.solver = solver;
        this.file = file;
        this.intervalNanos = (long) Math.min(intervalSeconds * 1e9, Long.MAX_VALUE / 4.0);
        this.buffer = new double[n * r];
        this.n = n;
        this.r = r;
        this.nextDue = System.nanoTime() + intervalNanos;
    }

    @Override
    public void onIteration(int iter, double h, double gradNorm, double distance) {
        inner.onIteration(iter, h, gradNorm, distance);
        if (iter % CLOCK_STRIDE == 0 && System.nanoTime() - nextDue >= 0) {
            solver.currentX(buffer);
            save(buffer);
            nextDue = System.nanoTime() + intervalNanos;
        }
    }

    @Override
    public boolean wantsDistance() {
        return inner.wantsDistance();
    }

    @Override
    public void onEscape(Escape escape) {
        inner.onEscape(escape);
    }

    @Override
    public void onCandidate(Escape.Candidate candidate) {
        inner.onCandidate(candidate);
    }

    void save(double[] x) {
        Npy.write(file, x, n, r);
    }
}
