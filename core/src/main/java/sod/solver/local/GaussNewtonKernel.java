package sod.solver.local;

import sod.operators.SensingOperator;
import sod.operators.SparseJacobianRows;
import sod.operators.SparseSymmetricOperator;

/**
 * How the diagonal and the dense form of {@code J^T W J} are computed for one
 * {@link GaussNewtonSystem}: the interface point for operator-specific fast paths. The generic
 * {@link ProductKernel} works for any operator through measure/adjointTimes passes but costs O(n r)
 * passes per call; an operator that knows its {@code A_i} can do either in about r passes (dense
 * sensing: {@code 4 sum_i w_i vec(A_i X) vec(A_i X)^T} by one BLAS-3 update) or in O(m r) work
 * (entry sensing, where each {@code A_i X} has two nonzero rows). Such kernels are chosen in
 * {@link #forOperator}, and only there.
 */
public interface GaussNewtonKernel {

    /** The diagonal of {@code J^T W J} at the system's current point (length n r). */
    void diagonal(double[] out);

    /** {@code J^T W J} at the current point, dense nr x nr row-major, exactly symmetric. */
    void dense(double[] out);

    /** Full operator passes (one measure or one adjointTimes each) that one {@link #diagonal} costs. */
    double diagonalPasses();

    /**
     * The n r at or below which the dense path (formed J^T W J, Cholesky) beats CG with this kernel;
     * {@code generic} is the settings' crossover, measured for the generic kernel.
     */
    default int denseCrossover(int generic) {
        return generic;
    }

    /** Builds a kernel bound to a system (called once, from the system's constructor). */
    @FunctionalInterface
    interface Factory {
        GaussNewtonKernel create(GaussNewtonSystem system);
    }

    /** The kernel for an operator: sparse sensing matrices sum J^T W J from their rows; the others take the generic path. */
    static Factory forOperator(SensingOperator op) {
        if (op instanceof SparseSymmetricOperator sparse) {
            SparseJacobianRows rows = sparse.jacobianRows();
            return system -> new SparseSensingKernel(system, rows);
        }
        return ProductKernel::new;
    }
}
