package sod.solver.local;

/**
 * One Levenberg-Marquardt step on a {@link GaussNewtonSystem}, separate from any loop so that it can
 * serve as a local step rule: {@link #propose} the damped Gauss-Newton step, {@link #judge} the
 * decrease it achieved, or {@link #iterate} for both with the trial evaluation in between.
 *
 * <p>The linear-algebra path is chosen once, here: dense ({@link DenseDampedSolver}) when
 * {@code n r <= denseMaxUnknowns}, else matrix-free CG ({@link MatrixFreeDampedSolver}) with the
 * Eisenstat-Walker forcing terms and Jacobi as the settings say. The damping is Nielsen's
 * ({@link NielsenDamping}). Owns all its workspace: an iteration allocates nothing.
 */
public final class LevenbergMarquardtStep implements AutoCloseable {
    private final GaussNewtonSystem system;
    private final DampedSolver solver;
    private final NielsenDamping damping;
    private final boolean dense;
    private final int size;
    private final double[] step, trialPoint, product;
    private double lastMu = Double.NaN, lastPredicted = Double.NaN, lastGainRatio = Double.NaN, lastStepNorm = Double.NaN;

    public LevenbergMarquardtStep(GaussNewtonSystem system, LevenbergMarquardtSettings settings) {
        this.system = system;
        size = system.size();
        dense = size <= system.denseCrossover(settings.denseMaxUnknowns());
        if (dense) {
            solver = new DenseDampedSolver(system);
        } else {
            boolean jacobi = switch (settings.preconditioning()) {
                case NONE -> false;
                case JACOBI -> true;
                case AUTO -> system.diagonalPasses() <= LevenbergMarquardtSettings.AUTO_JACOBI_MAX_PASSES;
            };
            solver = new MatrixFreeDampedSolver(system, new EisenstatWalker(settings.forcingMin(), settings.forcingMax()),
                    settings.cgMaxIterations(), jacobi);
        }
        damping = new NielsenDamping(settings.initialDamping());
        step = new double[size];
        trialPoint = new double[size];
        product = new double[size];
    }

    /**
     * Starts a run at the system's current point: the damping scale is the Rayleigh quotient
     * {@code g^T (J^T W J) g / g^T g} of the gradient (one product), a curvature of the model along
     * the direction the first steps take.
     */
    public void start() {
        double[] g = system.gradient();
        double gg = Vectors.dot(g, g, size);
        double scale = 1;
        if (gg > 0) {
            system.apply(g, product);
            scale = Vectors.dot(g, product, size) / gg;
        }
        damping.start(scale, system.residualNorm());
        solver.reset();
    }

    /** Computes the step at the current point into {@link #step()}; returns the predicted decrease. */
    public double propose() {
        lastMu = damping.mu(system.residualNorm());
        lastPredicted = solver.solve(lastMu, step);
        lastStepNorm = Vectors.norm(step, size);
        return lastPredicted;
    }

    /** Updates the damping from the actual decrease of h; returns whether the step is to be taken. */
    public boolean judge(double actualDecrease, double predictedDecrease) {
        lastGainRatio = predictedDecrease > 0 ? actualDecrease / predictedDecrease : Double.NaN;
        return damping.judge(lastGainRatio);
    }

    /** Propose, evaluate h at X + D (one measure pass), judge, and move there if accepted. */
    public boolean iterate() {
        double predicted = propose();
        double[] x = system.point();
        for (int i = 0; i < size; i++) trialPoint[i] = x[i] + step[i];
        double h = system.value();
        double trialH = system.trial(trialPoint);
        boolean accepted = judge(h - trialH, predicted);
        if (accepted) system.acceptTrial();
        return accepted;
    }

    /** The last proposed step (a view). */
    public double[] step() {
        return step;
    }

    public boolean usesDensePath() {
        return dense;
    }

    public DampedSolver solver() {
        return solver;
    }

    public double lastMu() {
        return lastMu;
    }

    public double lastPredictedDecrease() {
        return lastPredicted;
    }

    /** Actual over predicted decrease of the last judged step (NaN when nothing was predicted). */
    public double lastGainRatio() {
        return lastGainRatio;
    }

    public double lastStepNorm() {
        return lastStepNorm;
    }

    /** The next mu relative to the curvature scale. */
    public double relativeDamping() {
        return damping.relativeMu(system.residualNorm());
    }

    @Override
    public void close() {
        solver.close();
    }
}
