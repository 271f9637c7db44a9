package sod.solver.local;

import sod.openblas.SymmetricSolver;

/**
 * The dense path: {@code J^T W J} formed once per point by the system's kernel (the generic one
 * spends n r products), then one Cholesky per damping value through LAPACK, Bunch-Kaufman if rounding
 * makes {@code J^T W J + mu I} numerically indefinite (mu at the rounding level of a gauge null space).
 * A rejected step's retry with a larger mu reuses the matrix. Memory: (n r)^2 doubles on the heap and
 * the same off-heap.
 */
public final class DenseDampedSolver implements DampedSolver {
    private final GaussNewtonSystem system;
    private final int size;
    private final double[] matrix, rhs, curvature;
    private final SymmetricSolver solver;
    private long formedVersion = -1;
    private SymmetricSolver.Status lastStatus;

    public DenseDampedSolver(GaussNewtonSystem system) {
        this.system = system;
        size = system.size();
        matrix = new double[size * size];
        rhs = new double[size];
        curvature = new double[size];
        solver = new SymmetricSolver(size, 1);
    }

    @Override
    public double solve(double mu, double[] step) {
        if (formedVersion != system.version()) {
            system.dense(matrix);
            formedVersion = system.version();
        }
        double[] g = system.gradient();
        for (int i = 0; i < size; i++) rhs[i] = -g[i];
        lastStatus = solver.solve(matrix, size, mu, rhs, 1, step);
        if (!lastStatus.solved()) {
            java.util.Arrays.fill(step, 0, size, 0.0);
            return 0;
        }
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) s += matrix[i * size + j] * step[j];
            curvature[i] = s;
        }
        return -Vectors.dot(g, step, size) - 0.5 * Vectors.dot(step, curvature, size);
    }

    /** How the last system was solved. */
    public SymmetricSolver.Status lastStatus() {
        return lastStatus;
    }

    @Override
    public int lastIterations() {
        return 0;
    }

    @Override
    public void close() {
        solver.close();
    }
}
