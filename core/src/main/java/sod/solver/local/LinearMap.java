package sod.solver.local;

/**
 * A symmetric linear map on R^size given only by its products, e.g. the Gauss-Newton matrix
 * {@code J^T W J} or a Hessian of h. Implementations own their workspace and allocate nothing per
 * product; {@code in} and {@code out} are distinct arrays of length at least {@link #size()}.
 */
public interface LinearMap {

    /** Number of unknowns. */
    int size();

    /** {@code out = B in}. */
    void apply(double[] in, double[] out);
}
