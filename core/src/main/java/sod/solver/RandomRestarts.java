package sod.solver;

import java.util.SplittableRandom;
import sod.solver.local.Iterate;
import sod.solver.stall.StallRule;

/**
 * The random-restart baseline as a boundary: at every stall (the stall rule fires, or the point is
 * stationary by the tolerances) the local method starts again from a fresh {@code initScale * N(0,1)}
 * (drawn from one seeded stream per run, so a run is reproducible), within the same iteration budget.
 * The lowest stalled point is kept, and returned if the budget ends while a later start is still worse
 * (a practitioner keeps the best of the starts). Each restart is recorded as an {@link Escape} of kind
 * RESTART. A zero-residual point or a reached target ends the run before the boundary is consulted.
 */
final class RandomRestarts implements Boundary {
    /** Separates the restarts' stream from the first start's {@code SplittableRandom(seed)}. */
    private static final long SALT = 0x9E3779B97F4A7C15L;

    private final StallRule stallRule;
    private final double scale;
    private final long seed;
    private SplittableRandom random;
    private double[] best;
    private double bestH;

    RandomRestarts(StallRule stallRule, double scale, long seed) {
        this.stallRule = stallRule;
        this.scale = scale;
        this.seed = seed;
    }

    @Override
    public void start(Run run) {
        random = new SplittableRandom(seed ^ SALT);
        int size = run.iterate.n() * run.iterate.r();
        if (best == null || best.length != size) best = new double[size];
        bestH = Double.POSITIVE_INFINITY;
    }

    @Override
    public Next at(Run run, boolean stationary) {
        boolean stalled = stationary || run.stallNow || stallRule.stalled(run.iteration, run.iterate);
        run.stallNow = false;
        if (!stalled) return Next.STEP;
        long t0 = System.nanoTime();
        Iterate it = run.iterate;
        double before = it.h();
        if (before < bestH) {
            it.copyX(best);
            bestH = before;
        }
        double[] x = it.x();
        for (int i = 0; i < x.length; i++) x[i] = scale * random.nextGaussian();
        double after = it.evaluate();
        Escape e = new Escape(run.iteration, Escape.Kind.RESTART, before, after, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, scale, 0, (System.nanoTime() - t0) * 1e-9, null);
        run.escapes.add(e);
        run.listener.onEscape(e);
        stallRule.restart(run.iteration);
        run.jumped(true);
        return Next.REEXAMINE;
    }

    @Override
    public void finish(Run run) {
        if (bestH < run.iterate.h()) run.iterate.set(best);
    }
}
