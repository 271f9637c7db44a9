package sod.bench;

import sod.operators.Objective;
import sod.operators.SensingOperator;

/**
 * A sensing operator that delegates everything and counts the objective evaluations made through it
 * (single and batched), for the loop-overhead ratio of {@link EmbeddingBenchmark}.
 */
final class CountingOperator implements SensingOperator {
    private final SensingOperator op;
    private long evaluations;

    CountingOperator(SensingOperator op) {
        this.op = op;
    }

    long evaluations() {
        return evaluations;
    }

    @Override public int n() { return op.n(); }
    @Override public int m() { return op.m(); }
    @Override public int threads() { return op.threads(); }
    @Override public void measure(double[] u, double[] v, int k, double[] out) { op.measure(u, v, k, out); }
    @Override public void adjointTimes(double[] y, double[] v, int k, double[] out) { op.adjointTimes(y, v, k, out); }
    @Override public AdjointMap adjointMap(double[] y) { return op.adjointMap(y); }
    @Override public void adjoint(double[] y, double[] g) { op.adjoint(y, g); }
    @Override public long bytesPerIteration(int r) { return op.bytesPerIteration(r); }
    @Override public double flopsPerIteration(int r) { return op.flopsPerIteration(r); }
    @Override public void close() { }

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        evaluations++;
        return op.residualAndGradient(x, r, b, residual, grad);
    }

    @Override
    public Objective objective(double[] b) {
        Objective inner = op.objective(b);
        CountingOperator self = this;
        return new Objective() {
            @Override public SensingOperator operator() { return self; }
            @Override public double[] b() { return inner.b(); }
            @Override public Objective bind(double[] nb) { inner.bind(nb); return this; }
            @Override public void residual(double[] x, int r, double[] out) { inner.residual(x, r, out); }

            @Override
            public double lossAndGradient(double[] x, int r, double[] grad) {
                evaluations++;
                return inner.lossAndGradient(x, r, grad);
            }

            @Override
            public void lossAndGradients(double[][] xs, int r, int count, double[][] grads, double[] losses) {
                evaluations += count;
                inner.lossAndGradients(xs, r, count, grads, losses);
            }
        };
    }
}
