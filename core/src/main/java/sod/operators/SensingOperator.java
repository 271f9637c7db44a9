package sod.operators;

/**
 * A linear sensing operator {@code A: S^n -> R^m}, {@code A(M)_i = <A_i, M>} with symmetric {@code A_i}.
 *
 * <p>Everything the solver needs from a measurement operator goes through these methods; matrices
 * are row-major {@code double[]}: a factor {@code X} is n x k, a dense symmetric matrix n x n (full,
 * both triangles). Implementations avoid forming {@code X X^T} or {@code A*(y)} densely wherever
 * their structure allows, own their workspaces and thread pool, and do not allocate per call on the
 * hot paths. An operator is not safe for concurrent use by several threads; it parallelises
 * internally over {@link #threads()} threads.
 */
public interface SensingOperator extends AutoCloseable {

    /** Matrix dimension n. */
    int n();

    /** Number of measurements m. */
    int m();

    /** Threads this operator uses internally (fixed at construction). */
    int threads();

    /**
     * {@code out[i] = <A_i, U V^T>} for U, V n x k. Because {@code A_i} is symmetric this equals
     * {@code <A_i, (U V^T + V U^T)/2>}; {@code A(X X^T)} is {@code measure(X, X, r, out)}.
     */
    void measure(double[] u, double[] v, int k, double[] out);

    /** {@code out = A*(y) V} (n x k) without forming {@code A*(y)} where the structure allows. */
    void adjointTimes(double[] y, double[] v, int k, double[] out);

    /** Products {@code out = A*(y) V} (V n x k) with one fixed y. */
    @FunctionalInterface
    interface AdjointMap {
        void times(double[] v, int k, double[] out);
    }

    /**
     * {@code A*(y)} as a map for many products with the same y, e.g. Lanczos on
     * {@code G = A*(residual)}: an operator may rearrange y once so that each product is cheaper.
     * The map gives exactly what {@link #adjointTimes} gives; y must not change while it is used,
     * and it is valid until the next call of this method (the operator may reuse its workspace).
     * The default calls {@link #adjointTimes} per product.
     */
    default AdjointMap adjointMap(double[] y) {
        return (v, k, out) -> adjointTimes(y, v, k, out);
    }

    /**
     * The objective {@code h(X) = 1/2 ||A(X X^T) - b||^2} for this b, prepared for repeated evaluation
     * by a local method (see {@link Objective}); b (length m) must not change while it is used. The
     * default goes through {@link #residualAndGradient} with a residual workspace of its own; an
     * operator whose structure allows it computes h and the gradient without the residual.
     */
    default Objective objective(double[] b) {
        if (b == null || b.length != m())
            throw new sod.SodInputException("b has " + (b == null ? 0 : b.length) + " entries, expected m = " + m());
        return new Objective.ThroughResidual(this, b);
    }

    /** {@code g = A*(y) = sum_i y_i A_i} as a dense n x n matrix (both triangles). */
    void adjoint(double[] y, double[] g);

    /**
     * The hot path of gradient descent: {@code residual = A(X X^T) - b} and
     * {@code grad = 2 A*(residual) X} (n x r), returning {@code h = 1/2 ||residual||^2}.
     * Dense operators override this with a single fused sweep over the operator.
     */
    default double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        measure(x, x, r, residual);
        double h = 0;
        for (int i = 0; i < residual.length; i++) {
            double ri = residual[i] - b[i];
            residual[i] = ri;
            h += ri * ri;
        }
        adjointTimes(residual, x, r, grad);
        for (int i = 0; i < n() * r; i++) grad[i] *= 2;
        return 0.5 * h;
    }

    /**
     * The hot path of the l1 (robust) subgradient method: {@code residual = A(X X^T) - b} and
     * {@code grad = 2 A*(sign(residual)) X} (n x r, {@code sign(0) = 0}), returning {@code sum_i |r_i|}.
     * {@code grad} is the gradient of {@code sum_i |r_i|} wherever no residual is zero and a
     * subgradient everywhere. Dense operators override this with the fused sweep of
     * {@link #residualAndGradient}, weighting by {@code sign(r_i)} instead of {@code r_i}; the others
     * call {@link #subgradientL1ByMeasure} with a sign workspace they own. This default allocates one.
     */
    default double residualAndSubgradientL1(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return subgradientL1ByMeasure(this, x, r, b, residual, new double[residual.length], grad);
    }

    /** {@link #residualAndSubgradientL1} through {@code measure} and {@code adjointTimes}; {@code signs} has length m. */
    static double subgradientL1ByMeasure(SensingOperator op, double[] x, int r, double[] b, double[] residual,
                                         double[] signs, double[] grad) {
        op.measure(x, x, r, residual);
        double sum = 0;
        for (int i = 0; i < residual.length; i++) {
            double ri = residual[i] - b[i];
            residual[i] = ri;
            signs[i] = Math.signum(ri);
            sum += Math.abs(ri);
        }
        op.adjointTimes(signs, x, r, grad);
        for (int i = 0; i < op.n() * r; i++) grad[i] *= 2;
        return sum;
    }

    /** Bytes of operator data streamed by one {@link #residualAndGradient} (for throughput stats). */
    long bytesPerIteration(int r);

    /** Floating-point operations of one {@link #residualAndGradient} (for throughput stats). */
    double flopsPerIteration(int r);

    /** Releases the off-heap storage and the thread pool. */
    @Override
    void close();
}
