package sod.solver;

import sod.kernels.ArrayKernels;
import sod.kernels.Factors;
import sod.problems.Problem;

/**
 * Distances of a factor to a problem's known truth: {@code ||X X^T - M*||_F} and its relative form, with
 * the workspace {@link Factors#distance} needs; NaN for a problem without a truth.
 */
final class TruthDistance {
    /**
     * The Gram bound's margin, relative to {@code (||X||_F^2 + ||Z||_F^2)^2}: far above its rounding
     * ({@code n (r + rz)^2 u}, see {@link #margin}) and far below any target a run is given.
     */
    private static final double RELATIVE_MARGIN = 1e-9;

    private double[] z;
    private int n, r, rz;
    private double truthNorm = Double.NaN, truthGramSquared, truthSquaredNorm, margin;
    private double[] work = new double[0];

    /** Binds the problem (its truth, if any) for factors of rank r. */
    void bind(Problem p, int r) {
        this.z = p.truth();
        this.n = p.n();
        this.r = r;
        this.rz = p.truthRank();
        if (z == null) {
            truthNorm = Double.NaN;
            return;
        }
        truthGramSquared = Factors.gramSquaredNorm(z, n, rz);
        truthNorm = Math.sqrt(truthGramSquared);
        truthSquaredNorm = ArrayKernels.sumOfSquares(z, 0, n * rz);
        double rounding = 16.0 * n * (r + rz) * (r + rz) * Math.ulp(1.0);
        margin = Math.max(RELATIVE_MARGIN, rounding);
        int size = Factors.distanceWorkspace(n, r, rz);
        if (work.length < size) work = new double[size];
    }

    double of(double[] x) {
        return z == null ? Double.NaN : Factors.distance(x, n, r, z, rz, work);
    }

    /**
     * Whether {@code of(x) < threshold}, decided as that comparison would decide it, but from the
     * cheap Gram form when it shows the distance to be clearly above the threshold (the usual case until a
     * run nears its target, and a stop test asks at every iteration); false without a truth.
     * {@code xSquaredNorm} is {@code ||X||_F^2}.
     */
    boolean below(double[] x, double xSquaredNorm, double threshold) {
        if (z == null || !(threshold > 0)) return false; // a distance is never below 0, nor below NaN
        double gram = Factors.gramDistanceSquared(x, n, r, z, rz, truthGramSquared, xSquaredNorm);
        double scale = xSquaredNorm + truthSquaredNorm;
        // inconclusive (near the threshold, or not finite): the exact distance decides
        if (gram - margin * scale * scale > threshold * threshold) return false;
        return of(x) < threshold;
    }

    /** ||M*||_F, NaN without a truth. */
    double truthNorm() {
        return truthNorm;
    }
}
