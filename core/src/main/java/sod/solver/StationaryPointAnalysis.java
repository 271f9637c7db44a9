package sod.solver;

import java.util.SplittableRandom;
import sod.kernels.Factors;
import sod.operators.SensingOperator;
import sod.solver.spectral.SmallestEigen;

/**
 * What kind of point X is, for {@code h(X) = 1/2 ||A(X X^T) - b||^2}:
 * <ul>
 *   <li>the gradient {@code 2 G X} with {@code G = A*(A(X X^T) - b)};</li>
 *   <li>the smallest eigenvalue of the Hessian of h in factor space,
 *       {@code D -> 2 A*(A(X D^T + D X^T)) X + 2 G D} (nr x nr), through {@link SmallestEigen#forProducts}
 *       (dense up to n r = 32, Lanczos beyond: at most 400 products, relative residual 1e-6);</li>
 *   <li>the smallest eigenvalue of G, dense or by Lanczos as {@link SmallestEigen#usesLanczos} decides.</li>
 * </ul>
 * The verdict: not stationary (gradient above tolerance and the Newton step not short, see
 * {@link #NEWTON_RADIUS}); strict saddle (negative Hessian curvature:
 * escapable by curvature alone, e.g. perturbed GD); spurious second-order point (Hessian PSD but
 * {@code lambda_min(G) < 0}: where SOD is needed); global optimum ({@code G} PSD, so {@code X X^T}
 * minimises the convex problem over the PSD cone). Tolerances are relative to {@code ||G||_F}.
 * Owns its workspace; reusable for one (n, r); not thread-safe.
 */
public final class StationaryPointAnalysis implements AutoCloseable {

    public enum Verdict { NOT_STATIONARY, STRICT_SADDLE, SPURIOUS_SECOND_ORDER, GLOBAL_OPTIMUM }

    /**
     * The numbers behind a verdict.
     *
     * @param h              h(X)
     * @param gradientNorm   ||grad h(X)||_F
     * @param hessianMin     smallest eigenvalue of the factor-space Hessian
     * @param gMin           smallest eigenvalue of G = A*(A(X X^T) - b) (NaN when not needed for the verdict)
     * @param gNorm          ||G||_F
     * @param newtonDistance {@code ||H^{-1} grad h|| / ||X||_F}, the Newton step's length relative to X, when
     *                       the Hessian H is positive definite (by conjugate gradients; the bound
     *                       {@code ||grad h|| / lambda_min(H)} when CG does not converge); NaN otherwise
     * @param verdict        what the point is
     */
    public record Report(double h, double gradientNorm, double hessianMin, double gMin, double gNorm, double newtonDistance,
                         Verdict verdict) {}

    /**
     * A point whose Newton step is at most this fraction of ||X||_F counts as near-stationary: the local
     * model is convex there and its minimiser is close, so the descent is converging to the stationary
     * point the curvature classifies (spurious, saddle or global) even if its gradient is not yet small.
     */
    public static final double NEWTON_RADIUS = 0.05;

    private static final SmallestEigen.Effort HESSIAN_EFFORT = new SmallestEigen.Effort(1e-6, 400, 17);
    private static final SmallestEigen.Effort G_EFFORT = new SmallestEigen.Effort(1e-6, 400, 19);

    private final SensingOperator op;
    private final int n, r;
    private final double[] residual, grad, measured, hvp, gtimes, vectorN, vectorNR, probe;
    private final SmallestEigen gEigen, hessianEigen;
    private final sod.solver.local.ConjugateGradient newtonCg;
    private final double[] newtonStep;

    /** For op and rank r, with G's eigenproblem solved as {@link SmallestEigen#usesLanczos} decides. */
    public StationaryPointAnalysis(SensingOperator op, int r) {
        this(op, r, !SmallestEigen.usesLanczos(op.n(), op.m()));
    }

    /** As {@link #StationaryPointAnalysis(SensingOperator, int)} with the dense (LAPACK) or Lanczos path for G given. */
    public StationaryPointAnalysis(SensingOperator op, int r, boolean denseG) {
        this.op = op;
        this.n = op.n();
        this.r = r;
        int nr = n * r;
        residual = new double[op.m()];
        measured = new double[op.m()];
        grad = new double[nr];
        hvp = new double[nr];
        gtimes = new double[nr];
        vectorN = new double[n];
        vectorNR = new double[nr];
        probe = new double[n];
        gEigen = new SmallestEigen(n, denseG);
        hessianEigen = SmallestEigen.forProducts(nr);
        newtonCg = new sod.solver.local.ConjugateGradient(nr);
        newtonStep = new double[nr];
    }

    /** Analyses X (n x r) for data b; {@code gradientTolerance} is relative to {@code ||G||_F ||X||_F} (e.g. 1e-6). */
    public Report analyse(double[] x, double[] b, double gradientTolerance, double curvatureTolerance) {
        return analyse(x, b, gradientTolerance, curvatureTolerance, true);
    }

    /**
     * As {@link #analyse(double[], double[], double, double)}. A point is near-stationary when its gradient
     * is below the tolerance (relative to {@code ||G||_F ||X||_F}) or its Newton step is within
     * {@link #NEWTON_RADIUS} of ||X||; with {@code curvatureWhenNotStationary} false, a point that is neither
     * skips the eigenproblem of G (it cannot change the verdict) and reports NaN for {@code gMin}.
     */
    public Report analyse(double[] x, double[] b, double gradientTolerance, double curvatureTolerance,
                          boolean curvatureWhenNotStationary) {
        double h = op.residualAndGradient(x, r, b, residual, grad);
        double gradNorm = Factors.norm(grad);
        double gNorm = frobeniusOfG();
        double scale = Math.max(gNorm, Double.MIN_NORMAL);
        double xNorm = Math.max(Factors.norm(x), 1e-300);
        boolean smallGradient = !(gradNorm > gradientTolerance * Math.max(scale * xNorm, Double.MIN_NORMAL) && gradNorm > 1e-14);
        double hessianMin = smallestHessianEigenvalue(x);
        double newtonDistance = hessianMin > 0 ? newtonStepLength(x, gradNorm, hessianMin) / xNorm : Double.NaN;
        boolean stationary = smallGradient || newtonDistance <= NEWTON_RADIUS;
        if (!stationary && !curvatureWhenNotStationary) {
            return new Report(h, gradNorm, hessianMin, Double.NaN, gNorm, newtonDistance, Verdict.NOT_STATIONARY);
        }
        double gMin = smallestGEigenvalue();
        Verdict verdict;
        if (!stationary) {
            verdict = Verdict.NOT_STATIONARY;
        } else if (hessianMin < -curvatureTolerance * scale) {
            verdict = Verdict.STRICT_SADDLE;
        } else if (gMin < -curvatureTolerance * scale) {
            verdict = Verdict.SPURIOUS_SECOND_ORDER;
        } else {
            verdict = Verdict.GLOBAL_OPTIMUM;
        }
        return new Report(h, gradNorm, hessianMin, gMin, gNorm, newtonDistance, verdict);
    }

    /**
     * The unit eigenvector of the factor-space Hessian's smallest eigenvalue at the last analysed point
     * (n x r), the direction of most negative curvature at a strict saddle.
     */
    public void hessianDirection(double[] out) {
        System.arraycopy(vectorNR, 0, out, 0, n * r);
    }

    /** {@code out = 2 A*(A(X D^T + D X^T)) X + 2 G D}, using the residual of the last evaluation. */
    public void hessianTimes(double[] x, double[] d, double[] out) {
        op.measure(x, d, r, measured);
        for (int i = 0; i < measured.length; i++) measured[i] *= 2; // <A_i, X D^T + D X^T>
        op.adjointTimes(measured, x, r, out);
        op.adjointTimes(residual, d, r, gtimes);
        for (int i = 0; i < out.length; i++) out[i] = 2 * out[i] + 2 * gtimes[i];
    }

    /**
     * ||H^{-1} grad|| by conjugate gradients on Hessian-vector products (H is positive definite here); CG
     * underestimates the length until it converges, so an unconverged solve reports the upper bound
     * {@code ||grad|| / lambda_min(H)} instead.
     */
    private double newtonStepLength(double[] x, double gradNorm, double hessianMin) {
        int nr = n * r;
        sod.solver.local.LinearMap hessian = new sod.solver.local.LinearMap() {
            @Override
            public int size() {
                return nr;
            }

            @Override
            public void apply(double[] in, double[] out) {
                hessianTimes(x, in, out);
            }
        };
        var outcome = newtonCg.solve(hessian, 0, sod.solver.local.Preconditioner.IDENTITY, grad, newtonStep,
                NEWTON_CG_TOLERANCE, Math.min(nr, NEWTON_CG_MAX_PRODUCTS));
        if (outcome.stop() != sod.solver.local.CgOutcome.Stop.CONVERGED) return gradNorm / hessianMin;
        return Factors.norm(newtonStep, nr);
    }

    private static final double NEWTON_CG_TOLERANCE = 1e-6;
    private static final int NEWTON_CG_MAX_PRODUCTS = 200;

    private double smallestHessianEigenvalue(double[] x) {
        return hessianEigen.ofMap((v, y) -> hessianTimes(x, v, y), vectorNR, hvp, false, HESSIAN_EFFORT);
    }

    /** Needs {@link #frobeniusOfG()} first: on the dense path it formed G from this residual. */
    private double smallestGEigenvalue() {
        if (gEigen.dense()) return gEigen.ofFormedG(vectorN);
        return gEigen.ofAdjoint(op, residual, vectorN, false, G_EFFORT);
    }

    /** ||G||_F: exact when dense (G is left formed for the eigensolve), else estimated by random sign probes (Hutchinson). */
    private double frobeniusOfG() {
        if (gEigen.dense()) {
            double[] g = gEigen.denseG();
            op.adjoint(residual, g);
            return Factors.norm(g);
        }
        SplittableRandom rnd = new SplittableRandom(23);
        double sum = 0;
        int probes = 8;
        for (int p = 0; p < probes; p++) {
            for (int i = 0; i < n; i++) vectorN[i] = rnd.nextBoolean() ? 1 : -1;
            op.adjointTimes(residual, vectorN, 1, probe);
            double s = Factors.norm(probe);
            sum += s * s;
        }
        return Math.sqrt(sum / probes);
    }

    @Override
    public void close() {
        gEigen.close();
        hessianEigen.close();
    }
}
