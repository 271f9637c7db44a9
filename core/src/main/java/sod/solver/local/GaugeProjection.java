package sod.solver.local;

import sod.kernels.Factors;
import sod.openblas.SymmetricEigen;

/**
 * The orthogonal projection of an n x r direction D onto the horizontal space at X,
 * {@code {D : X^T D symmetric}}, the complement of the gauge directions {@code X Omega} (Omega skew r x r)
 * along which h is constant (X -> X Q, Q orthogonal, leaves X X^T unchanged). The projection is
 * {@code D - X Omega} with Omega the skew solution of the Sylvester equation
 * {@code (X^T X) Omega + Omega (X^T X) = X^T D - D^T X} (the normal equations of
 * {@code min ||D - X Omega||_F}), solved in the eigenbasis of {@code X^T X = V diag(lambda) V^T}:
 * {@code Omega' = S' / (lambda_i + lambda_j)} with {@code S' = V^T (X^T D - D^T X) V}. Pairs with
 * {@code lambda_i + lambda_j} at rounding level (X rank deficient) have no gauge direction and are left
 * alone. For r = 1 there is no gauge direction and the projection is the identity.
 *
 * <p>{@link #at} costs one r x r eigendecomposition; each {@link #project} O(n r^2). Owns its workspace
 * (the eigensolver's off-heap); not thread-safe.
 */
final class GaugeProjection implements AutoCloseable {
    /** lambda_i + lambda_j below this fraction of the largest eigenvalue counts as no gauge direction. */
    static final double RANK_TOLERANCE = 1e-12;

    private final int n, r;
    private final double[] gram, values, vectors, skew, rotated, omega;
    private final SymmetricEigen eigen;
    private double[] x;

    GaugeProjection(int n, int r) {
        this.n = n;
        this.r = r;
        gram = new double[r * r];
        values = new double[r];
        vectors = new double[r * r];
        skew = new double[r * r];
        rotated = new double[r * r];
        omega = new double[r * r];
        eigen = r > 1 ? new SymmetricEigen(r) : null;
    }

    /** Projects at X (n x r; kept by reference until the next call). */
    void at(double[] point) {
        x = point;
        if (r == 1) return;
        Factors.gram(point, n, r, gram);
        eigen.decompose(gram, r, values, vectors);
    }

    /** {@code d <- d - X Omega}: the horizontal part of d, in place. */
    void project(double[] d) {
        if (r == 1) return;
        // S = X^T D - D^T X (skew)
        for (int a = 0; a < r; a++)
            for (int c = 0; c < r; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i * r + a] * d[i * r + c];
                skew[a * r + c] = s;
            }
        for (int a = 0; a < r; a++) {
            skew[a * r + a] = 0;
            for (int c = a + 1; c < r; c++) {
                double s = skew[a * r + c] - skew[c * r + a];
                skew[a * r + c] = s;
                skew[c * r + a] = -s;
            }
        }
        // S' = V^T S V, Omega' = S' / (lambda_i + lambda_j), Omega = V Omega' V^T
        similarity(skew, true, rotated);
        double floor = RANK_TOLERANCE * Math.max(values[r - 1], Double.MIN_NORMAL);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) {
                double denominator = values[i] + values[j];
                rotated[i * r + j] = denominator > floor ? rotated[i * r + j] / denominator : 0;
            }
        similarity(rotated, false, omega);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < r; c++) {
                double s = 0;
                for (int a = 0; a < r; a++) s += x[i * r + a] * omega[a * r + c];
                d[i * r + c] -= s;
            }
    }

    /** {@code out = V^T m V} (toEigenbasis) or {@code V m V^T}. */
    private void similarity(double[] m, boolean toEigenbasis, double[] out) {
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int a = 0; a < r; a++)
                    for (int c = 0; c < r; c++) {
                        double left = toEigenbasis ? vectors[a * r + i] : vectors[i * r + a];
                        double right = toEigenbasis ? vectors[c * r + j] : vectors[j * r + c];
                        s += left * m[a * r + c] * right;
                    }
                out[i * r + j] = s;
            }
    }

    @Override
    public void close() {
        if (eigen != null) eigen.close();
    }
}
