package sod.solver;

import sod.SodInputException;
import sod.operators.SensingOperator;
import sod.problems.Problem;

/**
 * Weighted least squares {@code h_w(X) = 1/2 sum_i w_i ((A(X X^T) - b)_i)^2} (per-measurement weights, e.g.
 * {@code 1 / sigma_i^2} in power-grid state estimation) as the unweighted problem of the scaled rows
 * {@code sqrt(w_i) A_i}, {@code sqrt(w_i) b_i}: the same h, gradient, Jacobian and Gauss-Newton system
 * ({@code J^T W J}), so every local method, the stall and convergence tests, the SOD check and the
 * reported residual apply to the weighted objective unchanged. A zero weight drops a measurement.
 *
 * <p>The view costs one m-vector scaling per operator pass and loses an operator's fused
 * residual-and-gradient pass (the evaluation is a measure and an adjoint pass); for a hot loop on fixed
 * weights, scaling the rows once when the operator is built is faster.
 */
public final class WeightedLeastSquares {
    private WeightedLeastSquares() {}

    /**
     * The weighted problem of {@code p}. It takes over p's operator: closing the result closes it (close
     * one of the two, not both).
     *
     * @param weights one per measurement, finite and &gt;= 0
     * @throws SodInputException on a wrong count or a negative or non-finite weight
     */
    public static Problem problem(Problem p, double[] weights) {
        if (weights == null || weights.length != p.m()) {
            throw new SodInputException("weights: " + (weights == null ? 0 : weights.length) + " given, the problem has m = " + p.m()
                    + " measurements; give one weight per measurement");
        }
        double[] roots = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                throw new SodInputException("weights: weight " + i + " is " + weights[i] + "; weights must be finite and >= 0 (e.g. 1/sigma^2)");
            }
            roots[i] = Math.sqrt(weights[i]);
        }
        double[] b = new double[p.m()];
        for (int i = 0; i < b.length; i++) b[i] = roots[i] * p.b()[i];
        return new Problem(p.name() + ", weighted", new Scaled(p.operator(), roots), b, p.rank(), p.truth(), p.truthRank());
    }

    /** The rows {@code s_i A_i} of an operator. Not thread-safe (one scaling buffer). */
    private static final class Scaled implements SensingOperator {
        private final SensingOperator inner;
        private final double[] scale, scaled;

        Scaled(SensingOperator inner, double[] scale) {
            this.inner = inner;
            this.scale = scale;
            this.scaled = new double[scale.length];
        }

        @Override
        public int n() {
            return inner.n();
        }

        @Override
        public int m() {
            return inner.m();
        }

        @Override
        public int threads() {
            return inner.threads();
        }

        @Override
        public void measure(double[] u, double[] v, int k, double[] out) {
            inner.measure(u, v, k, out);
            for (int i = 0; i < scale.length; i++) out[i] *= scale[i];
        }

        @Override
        public void adjointTimes(double[] y, double[] v, int k, double[] out) {
            inner.adjointTimes(scaledCopy(y), v, k, out);
        }

        @Override
        public void adjoint(double[] y, double[] g) {
            inner.adjoint(scaledCopy(y), g);
        }

        private double[] scaledCopy(double[] y) {
            for (int i = 0; i < scale.length; i++) scaled[i] = scale[i] * y[i];
            return scaled;
        }

        @Override
        public long bytesPerIteration(int r) {
            return inner.bytesPerIteration(r);
        }

        @Override
        public double flopsPerIteration(int r) {
            return inner.flopsPerIteration(r);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
