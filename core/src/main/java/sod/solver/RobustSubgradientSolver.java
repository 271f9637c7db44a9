package sod.solver;

import java.util.SplittableRandom;
import sod.SodInputException;
import sod.kernels.Factors;
import sod.operators.SensingOperator;
import sod.problems.Problem;

/**
 * Robust matrix sensing with outliers (Ma and Fattahi 2022-2023): the subgradient method on the l1 loss
 * {@code f(X) = (1/m) ||A(X X^T) - b||_1}, over-parameterised (X is n x r', r' &gt;= rank M*), from a
 * small initialisation {@code X0 = alpha B}:
 * <pre>
 *   X_{t+1} = X_t - (eta rho^t / s) D_t,   D_t = (2/m) A*(sign(A(X_t X_t^T) - b)) X_t
 * </pre>
 * ({@link SensingOperator#residualAndSubgradientL1}, one fused pass per step). {@code s} is the
 * operator's l1 scale {@code (1/m) ||A(W)||_1 / ||W||_F} measured once at {@code W = X0 X0^T} (it
 * involves the operator only, not b): for the dense Gaussian ensemble {@code s = sqrt(2/pi)/sqrt(m)},
 * and {@code D_t / s ~ 2 (1-2p)-ish (Delta/||Delta||_F) X_t} where {@code Delta = X X^T - M*}, so eta is
 * a dimensionless step that does not depend on how the operator is normalised. The step decays
 * geometrically because the subgradient does not shrink near the solution; the error then contracts
 * at the same rate until rounding.
 *
 * <p>B is the trimmed spectral factor ({@link SpectralInit#trimmed}, r' columns) or a random Gaussian
 * factor. Allocates its vectors per run (nothing per iteration beyond the operator call).
 */
public final class RobustSubgradientSolver {

    /** Why a run stopped: the iterations done, f overflowed, or the solving thread was interrupted. */
    public enum Status { COMPLETED, DIVERGED, STOPPED }

    /**
     * Outcome of a run.
     *
     * @param x             final X (n x r', a copy)
     * @param f             (1/m) ||A(X X^T) - b||_1 at the final X
     * @param distance      ||X X^T - M*||_F, NaN without truth
     * @param relativeError distance / ||M*||_F, NaN without truth
     * @param scale         the operator's l1 scale s used to normalise the step
     */
    public record Result(double[] x, int n, int r, double f, double distance, double relativeError, int iterations,
                         Status status, double scale, double seconds) {}

    private final RobustConfig config;

    public RobustSubgradientSolver(RobustConfig config) {
        if (config == null) throw new SodInputException("robust solver: config must be given");
        this.config = config;
    }

    public RobustConfig config() {
        return config;
    }

    /** The search rank used for problem p: the config's r', else the problem's rank. */
    public int searchRank(Problem p) {
        return config.searchRank() > 0 ? config.searchRank() : p.rank();
    }

    public Result solve(Problem p) {
        return solve(p, null, Listener.NONE);
    }

    /** Runs from {@code x0} (n x r'), or from {@code alpha B} as configured when null. */
    public Result solve(Problem p, double[] x0, Listener listener) {
        long start = System.nanoTime();
        if (listener == null) listener = Listener.NONE;
        SensingOperator op = p.operator();
        int n = p.n(), m = p.m(), r = searchRank(p);
        if (r > n) throw new SodInputException("search rank r' = " + r + " exceeds n = " + n + "; use --rank-search <= n");
        double[] b = p.b();
        double[] x = x0 != null ? x0.clone() : initial(op, b, n, r);
        if (x.length != n * r) throw new SodInputException("initial X has " + x.length + " entries, expected n*r' = " + n * r);
        double[] residual = new double[m], grad = new double[n * r];
        double scale = l1Scale(op, x, r, residual);
        double[] truth = p.truth();
        int truthRank = p.truthRank();
        double truthGramSquared = truth == null ? Double.NaN : Factors.gramSquaredNorm(truth, n, truthRank);
        double[] distanceWork = truth == null ? null : new double[Factors.distanceWorkspace(n, r, truthRank)];
        double step = config.eta() / (scale * m);
        Status status = Status.COMPLETED;
        int t = 0;
        double f = op.residualAndSubgradientL1(x, r, b, residual, grad) / m;
        for (; ; t++) {
            if (!Double.isFinite(f)) {
                status = Status.DIVERGED;
                break;
            }
            double dist = truth == null ? Double.NaN : Factors.distance(x, n, r, truth, truthRank, distanceWork);
            listener.onIteration(t, f, Factors.norm(grad) / m, dist);
            if (Thread.currentThread().isInterrupted()) {
                status = Status.STOPPED;
                break;
            }
            if (t >= config.iterations()) break;
            for (int e = 0; e < x.length; e++) x[e] -= step * grad[e];
            step *= config.rho();
            f = op.residualAndSubgradientL1(x, r, b, residual, grad) / m;
        }
        double dist = truth == null ? Double.NaN : Factors.distance(x, n, r, truth, truthRank, distanceWork);
        return new Result(x, n, r, f, dist, dist / Math.sqrt(truthGramSquared), t, status, scale, (System.nanoTime() - start) * 1e-9);
    }

    /** alpha B for the configured B. */
    double[] initial(SensingOperator op, double[] b, int n, int r) {
        double[] x;
        if (config.init() == RobustConfig.Init.SPECTRAL) {
            x = SpectralInit.trimmed(op, b, r, config.trim());
        } else {
            SplittableRandom random = new SplittableRandom(config.seed());
            x = new double[n * r];
            double s = 1 / Math.sqrt((double) n * r);
            for (int e = 0; e < x.length; e++) x[e] = s * random.nextGaussian();
        }
        if (Factors.norm(x) == 0) {
            throw new SodInputException("robust solver: the initial factor B is zero (A*(trimmed b) has no positive"
                    + " eigenvalue); use --init random or check the measurements");
        }
        for (int e = 0; e < x.length; e++) x[e] *= config.alpha();
        return x;
    }

    /** (1/m) ||A(X X^T)||_1 / ||X X^T||_F. */
    static double l1Scale(SensingOperator op, double[] x, int r, double[] work) {
        op.measure(x, x, r, work);
        double sum = 0;
        for (double v : work) sum += Math.abs(v);
        double gram = gramNorm(x, op.n(), r);
        if (!(gram > 0)) throw new SodInputException("robust solver: initial X is zero; the subgradient method cannot move from 0");
        double s = sum / work.length / gram;
        if (!Double.isFinite(sum) || !Double.isFinite(gram)) {
            throw new SodInputException("robust solver: ||A(X0 X0^T)||_1 overflows double precision (X0 entries up to "
                    + Factors.maxAbs(x, x.length) + "); rescale X0 (and the data with it)");
        }
        if (!(s > 0) || !Double.isFinite(s)) throw new SodInputException("robust solver: the operator measures X0 X0^T as 0");
        return s;
    }

    /** ||X X^T||_F = ||X^T X||_F. */
    static double gramNorm(double[] x, int n, int r) {
        return Math.sqrt(Factors.gramSquaredNorm(x, n, r));
    }

    /** ||X X^T - Z Z^T||_F in O(n (r + rz)^2) from the small Gram matrices. */
    public static double distance(double[] x, int n, int r, double[] z, int rz) {
        return Factors.distance(x, n, r, z, rz, new double[Factors.distanceWorkspace(n, r, rz)]);
    }
}
