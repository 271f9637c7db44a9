package sod.solver.local;

/**
 * A symmetric positive definite approximation M of the system matrix, applied as its inverse:
 * {@code out = M^{-1} residual}. {@code residual} and {@code out} are distinct arrays.
 */
@FunctionalInterface
public interface Preconditioner {

    void apply(double[] residual, double[] out, int size);

    /** M = I. */
    Preconditioner IDENTITY = (residual, out, size) -> System.arraycopy(residual, 0, out, 0, size);
}
