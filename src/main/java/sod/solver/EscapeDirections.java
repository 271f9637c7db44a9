package sod.solver;

import sod.kernels.Factors;

/**
 * The escape information invisible in matrix space: {@code C = H(P) Xhat = A*(A(P)) Xhat} (n x r) and
 * its direction on the weakest component, {@code C q} and {@code C q / ||C q||}. Computed once per
 * attempt, on demand (the certified single step does not need it).
 */
final class EscapeDirections {
    final double[] c, cq, cUnit;
    private double normCq;
    private boolean known;

    EscapeDirections(int n, int r) {
        c = new double[n * r];
        cq = new double[n];
        cUnit = new double[n];
    }

    void forget() {
        known = false;
    }

    /** Computes C at xHat (once per attempt) and returns {@code ||C q||}; cUnit is filled when it is positive. */
    double compute(StallGeometry g, double[] xHat, sod.operators.SensingOperator op) {
        if (known) return normCq;
        op.adjointTimes(g.ap, xHat, g.r, c);
        Factors.times(c, g.n, g.r, g.q, cq);
        normCq = Factors.norm(cq, g.n);
        if (normCq > 0) for (int i = 0; i < g.n; i++) cUnit[i] = cq[i] / normCq;
        known = true;
        return normCq;
    }
}
