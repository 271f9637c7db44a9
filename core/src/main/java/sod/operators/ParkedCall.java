package sod.operators;

/**
 * The arguments of the parallel pass under way, parked where an operator's preallocated worker tasks
 * read them (a lambda per call would allocate). The owner writes them before the gang runs (the gang's
 * volatile generation publishes them to the workers) and {@link AbstractSensingOperator} clears the
 * arrays afterwards, so an operator never keeps a caller's array alive. Which fields a pass uses is the
 * operator's business; the names say the role each plays in {@link SensingOperator}'s vocabulary.
 */
final class ParkedCall {
    /** The factor X (or U) of the call, n x k. */
    double[] x;
    /** The second factor V, n x k. */
    double[] v;
    /** The measurement-space input: b of a fused pass, y of an adjoint. */
    double[] measurements;
    /** The residual a fused pass writes (length m). */
    double[] residual;
    /** The output: A(U V^T) (length m), A*(y) V or the gradient (n x k). */
    double[] out;
    /** Per-measurement coefficients a pass weights by ({@code scale * coefficients[i]}). */
    double[] coefficients;
    double scale;
    /** Width k (or rank r) of the factors. */
    int k;
    /** Weight by sign(r_i) (the l1 subgradient) instead of r_i. */
    boolean l1;
    /** Seed of a generating pass. */
    long seed;

    void clear() {
        x = v = measurements = residual = out = coefficients = null;
    }
}
