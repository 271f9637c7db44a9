package sod.solver;

import sod.kernels.Factors;
import sod.problems.Problem;

/**
 * Distances of a factor to a problem's known truth: {@code ||X X^T - M*||_F} and its relative form, with
 * the workspace {@link Factors#distance} needs; NaN for a problem without a truth.
 */
final class TruthDistance {
    private double[] z;
    private int n, r, rz;
    private double truthNorm = Double.NaN;
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
        truthNorm = Math.sqrt(Factors.gramSquaredNorm(z, n, rz));
        int size = Factors.distanceWorkspace(n, r, rz);
        if (work.length < size) work = new double[size];
    }

    double of(double[] x) {
        return z == null ? Double.NaN : Factors.distance(x, n, r, z, rz, work);
    }

    /** ||M*||_F, NaN without a truth. */
    double truthNorm() {
        return truthNorm;
    }
}
