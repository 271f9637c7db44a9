package sod.solver;

import java.util.SplittableRandom;
import sod.solver.local.Iterate;

/**
 * The perturbed-GD baseline (Jin et al. 2017) as a boundary: when {@code ||grad h|| <= threshold} and no
 * perturbation happened in the last {@code window} iterations, X += a point drawn uniformly from the
 * ball of radius {@code radius} in R^{n r} (seeded).
 */
final class PerturbedGd implements Boundary {
    private final double radius, threshold;
    private final int window;
    private final long seed;
    private final RunStatistics stats;
    private SplittableRandom random;
    private int lastPerturbation;

    PerturbedGd(double radius, double threshold, int window, long seed, RunStatistics stats) {
        this.radius = radius;
        this.threshold = threshold;
        this.window = window;
        this.seed = seed;
        this.stats = stats;
    }

    @Override
    public void start(Run run) {
        random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        lastPerturbation = -window;
    }

    @Override
    public Next at(Run run, boolean stationary) {
        Iterate it = run.iterate;
        if (it.gradNorm() <= threshold && run.iteration - lastPerturbation >= window) {
            long t0 = System.nanoTime();
            double before = it.h();
            perturb(it);
            lastPerturbation = run.iteration;
            double after = it.evaluate();
            long t1 = System.nanoTime();
            stats.addEscapeNanos(t1 - t0);
            Escape e = new Escape(run.iteration, Escape.Kind.PERTURBATION, before, after, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, radius, 0, (t1 - t0) * 1e-9, null);
            run.escapes.add(e);
            run.listener.onEscape(e);
            run.jumped(true);
            return Next.REEXAMINE;
        }
        return stationary ? Next.STOP : Next.STEP;
    }

    /** X += xi, xi uniform in the ball; the trial buffer holds the Gaussian direction. */
    private void perturb(Iterate it) {
        int len = it.n() * it.r();
        double[] x = it.x(), xi = it.trialX();
        double s = 0;
        for (int i = 0; i < len; i++) {
            xi[i] = random.nextGaussian();
            s += xi[i] * xi[i];
        }
        double scale = radius * Math.pow(random.nextDouble(), 1.0 / len) / Math.sqrt(s);
        for (int i = 0; i < len; i++) x[i] += scale * xi[i];
    }

}
