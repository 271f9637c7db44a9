package sod.solver.local;

import sod.kernels.Factors;

/**
 * Scaled gradient descent (Tong, Ma and Chi, "Accelerating ill-conditioned low-rank matrix estimation
 * via scaled gradient descent", JMLR 22, 2021) as a {@link StepRule}: the step is along
 * {@code D = grad h(X) (X^T X)^{-1}}, the gradient preconditioned by the inverse Gram matrix, so that
 * every singular component of X moves at the same relative rate and the iteration count does not grow
 * with the condition number of M* (plain GD's does, for r &gt; 1). D is a descent direction
 * ({@code <grad, D> > 0}) whenever X has full column rank; {@code (X^T X + ridge I)} with
 * {@code ridge = 1e-12 trace(X^T X) / r} keeps the r x r solve defined when it has not.
 *
 * <p><b>Step length.</b> The direction has the scale of X whatever the scale of X, so the step is
 * dimensionless; Tong-Ma-Chi's constant step for RIP-normalised sensing is about 0.5 on
 * {@code f = h / 2}, i.e. 0.25 on h. It is found by backtracking ({@link Backtracking}) from twice the last
 * accepted step, starting at 0.25 and capped at {@value #MAX_STEP}, so that operators far from RIP
 * normalisation (power-grid rows of norm 600) work without a step option: {@code --step} applies to
 * plain GD only.
 *
 * <p>Workspace owned (resized when r changes); a step allocates nothing. Not thread-safe.
 */
public final class ScaledGradientStep implements StepRule {
    static final double FIRST_STEP = 0.25, MAX_STEP = 1e3, RIDGE = 1e-12;

    private final Backtracking search = new Backtracking(MAX_STEP, FIRST_STEP);
    private double[] gram = new double[0], factor = new double[0], direction = new double[0], row = new double[0];

    @Override
    public void start() {
        search.start();
    }

    @Override
    public boolean step(Iterate it) {
        int n = it.n(), r = it.r(), size = n * r;
        if (direction.length != size || gram.length != r * r) {
            gram = new double[r * r];
            factor = new double[r * r];
            direction = new double[size];
            row = new double[r];
        }
        if (!scaledDirection(it.x(), it.gradient(), n, r)) return true; // X = 0: the gradient is 0 too
        double slope = Vectors.dot(it.gradient(), direction, size);
        if (slope > 0) search.step(it, direction, slope);
        return true;
    }

    /** {@code direction = grad (X^T X + ridge I)^{-1}}, row by row through a Cholesky factor; false when X = 0. */
    private boolean scaledDirection(double[] x, double[] grad, int n, int r) {
        Factors.gram(x, n, r, gram);
        double trace = 0;
        for (int a = 0; a < r; a++) trace += gram[a * r + a];
        if (!(trace > 0)) return false;
        for (int a = 0; a < r; a++) gram[a * r + a] += RIDGE * trace / r;
        cholesky(r);
        for (int i = 0; i < n; i++) {
            // (X^T X) d_i^T = g_i^T: forward then back substitution with L L^T
            for (int a = 0; a < r; a++) {
                double s = grad[i * r + a];
                for (int c = 0; c < a; c++) s -= factor[a * r + c] * row[c];
                row[a] = s / factor[a * r + a];
            }
            for (int a = r - 1; a >= 0; a--) {
                double s = row[a];
                for (int c = a + 1; c < r; c++) s -= factor[c * r + a] * row[c];
                row[a] = s / factor[a * r + a];
            }
            System.arraycopy(row, 0, direction, i * r, r);
        }
        return true;
    }

    /** The lower Cholesky factor of the (positive definite, ridge-shifted) Gram matrix into {@code factor}. */
    private void cholesky(int r) {
        for (int a = 0; a < r; a++)
            for (int c = 0; c <= a; c++) {
                double s = gram[a * r + c];
                for (int k = 0; k < c; k++) s -= factor[a * r + k] * factor[c * r + k];
                factor[a * r + c] = a == c ? Math.sqrt(Math.max(s, Double.MIN_NORMAL)) : s / factor[c * r + c];
            }
    }
}
