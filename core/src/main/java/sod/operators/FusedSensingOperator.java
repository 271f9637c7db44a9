package sod.operators;

/**
 * An operator whose l2 and l1 hot paths are one fused pass over its data that differ only in what
 * weights each residual: {@code r_i} for the gradient of h, {@code sign(r_i)} for the l1 subgradient.
 * The subclass writes that pass once, as {@link #fused}.
 */
abstract class FusedSensingOperator extends AbstractSensingOperator {

    FusedSensingOperator(int n, int m, int threads, String what) {
        super(n, m, threads, what);
    }

    /**
     * {@code residual = A(X X^T) - b} and {@code grad = 2 A*(w) X} with {@code w = residual} (l2) or
     * {@code sign(residual)} (l1), checked arguments; returns {@code 1/2 sum r_i^2} (l2) or
     * {@code sum |r_i|} (l1).
     */
    protected abstract double fused(double[] x, int r, double[] b, double[] residual, double[] grad, boolean l1);

    @Override
    protected final double residualAndGradientChecked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return fused(x, r, b, residual, grad, false);
    }

    @Override
    protected final double residualAndSubgradientL1Checked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return fused(x, r, b, residual, grad, true);
    }
}
