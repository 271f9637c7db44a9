package sod.solver.local;

import sod.operators.SensingOperator;

/**
 * The Hessian of {@code h(X) = 1/2 ||A(X X^T) - b||^2} at an iterate as a {@link LinearMap} on n x r
 * directions: {@code H D = 2 A*(A(X D^T + D X^T)) X + 2 G D} with {@code G = A*(A(X X^T) - b)}
 * (the product of {@code StationaryPointAnalysis.hessianTimes}), i.e. {@code J^T J D + 2 G D}. Three
 * operator passes per product (one measure, two adjointTimes), using the iterate's residual, so no
 * evaluation. For r &gt; 1 the output is projected onto the horizontal space ({@link GaugeProjection}):
 * the map is {@code P H P} restricted to horizontal directions, on which it agrees with H, so a
 * truncated-CG step from 0 with the (horizontal) gradient never moves along a gauge direction. Owns its
 * workspace; not thread-safe.
 */
final class FactorHessian implements LinearMap, AutoCloseable {
    private final int n, r, size;
    private final double[] measured, gTimesD;
    private final GaugeProjection gauge;
    private SensingOperator op;
    private double[] x, residual;

    FactorHessian(int n, int r, int m) {
        this.n = n;
        this.r = r;
        size = n * r;
        measured = new double[m];
        gTimesD = new double[size];
        gauge = new GaugeProjection(n, r);
    }

    /** Binds the iterate's current point, residual and operator (by reference: call again after it moves). */
    void at(Iterate it) {
        op = it.operator();
        x = it.x();
        residual = it.residual();
        gauge.at(x);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void apply(double[] d, double[] out) {
        op.measure(x, d, r, measured); // <A_i, X D^T>; A(X D^T + D X^T) = 2 measure, and 2 A*(2 measure) X = A*(4 measure) X
        for (int i = 0; i < measured.length; i++) measured[i] *= 4;
        op.adjointTimes(measured, x, r, out);
        op.adjointTimes(residual, d, r, gTimesD);
        for (int e = 0; e < size; e++) out[e] += 2 * gTimesD[e];
        gauge.project(out);
    }

    /** The horizontal part of d, in place (the identity for r = 1). */
    void horizontal(double[] d) {
        gauge.project(d);
    }

    boolean fits(int n, int r, int m) {
        return this.n == n && this.r == r && measured.length == m;
    }

    @Override
    public void close() {
        gauge.close();
    }
}
