package sod.solver;

import sod.kernels.Factors;
import sod.operators.SensingOperator;

/**
 * The escape information invisible in matrix space, per singular component j of Xhat:
 * {@code C_j = H(P_j) Xhat = A*(A(P_j)) Xhat} (n x r) and its direction on that component,
 * {@code C_j q_j} and {@code C_j q_j / ||C_j q_j||}. Computed once per attempt and component, on demand
 * (the certified single step needs none of them).
 */
final class EscapeDirections {
    private final double[] c;
    final double[][] cq, cUnit;
    /** The Hessian's most negative direction (n x r), when the stall was classified a strict saddle. */
    final double[] hessian;
    private final double[] normCq;
    private final boolean[] known;

    EscapeDirections(int n, int r) {
        c = new double[n * r];
        cq = new double[r][n];
        cUnit = new double[r][n];
        normCq = new double[r];
        known = new boolean[r];
        hessian = new double[n * r];
    }

    void forget() {
        java.util.Arrays.fill(known, false);
    }

    /** Computes C_j at xHat (once per attempt) and returns {@code ||C_j q_j||}; cUnit[j] is filled when it is positive. */
    double compute(StallGeometry g, int j, double[] xHat, SensingOperator op) {
        if (known[j]) return normCq[j];
        op.adjointTimes(g.aps[j], xHat, g.r, c);
        Factors.times(c, g.n, g.r, g.qs[j], cq[j]);
        double norm = Factors.norm(cq[j], g.n);
        if (norm > 0) for (int i = 0; i < g.n; i++) cUnit[j][i] = cq[j][i] / norm;
        normCq[j] = norm;
        known[j] = true;
        return norm;
    }
}
