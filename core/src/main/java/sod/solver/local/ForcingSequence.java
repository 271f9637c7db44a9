package sod.solver.local;

/**
 * The forcing terms {@code eta_k} of an inexact Newton method: the k-th linear system is solved to
 * relative residual {@code eta_k}, loosely far from a solution and ever more tightly near one.
 */
public interface ForcingSequence {

    /** Starts a new outer iteration sequence. */
    void reset();

    /**
     * The relative tolerance for the linear system of the next outer iterate, given the norm of the
     * nonlinear residual there (for Gauss-Newton: {@code ||J^T W r||}). Called once per new iterate.
     */
    double next(double residualNorm);

    /** A fixed relative tolerance. */
    static ForcingSequence constant(double eta) {
        if (!(eta > 0 && eta < 1)) throw new sod.SodInputException("forcing term: eta must be in (0, 1), got " + eta);
        return new ForcingSequence() {
            @Override
            public void reset() {
            }

            @Override
            public double next(double residualNorm) {
                return eta;
            }
        };
    }
}
