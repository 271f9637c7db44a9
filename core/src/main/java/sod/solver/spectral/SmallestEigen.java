package sod.solver.spectral;

import sod.openblas.SymmetricEigen;
import sod.operators.SensingOperator;

/**
 * The smallest eigenpair of {@code G = A*(y)} (n x n), and the one place that decides how to find it:
 * form G densely and call LAPACK ({@code dsyevr}, RANGE='I'), or run thick-restart {@link Lanczos} on
 * products {@code G v} through {@link SensingOperator#adjointMap}, which never allocates anything n x n.
 *
 * <p>The crossover ({@link #usesLanczos}) was chosen by measurement (sod.solver.LargeScaleBench crossover,
 * one thread): completion with 100 observations per row, dense vs Lanczos 33 vs 9 ms at n = 500, 100 vs
 * 13 ms at 1000, 850 vs 29-71 ms at 2000, dense faster only at n = 200; PMC (m = n^2, so a product costs
 * as much as forming G) dense 31 vs 80 ms at 500, 70-95 vs 170-200 ms at 1000, about equal (800-870 vs
 * 530-810 ms) at 2000. A product costs about 6-10 ns per measurement and Lanczos needed 31-91 of them,
 * against dsyevr's growth like n^3: Lanczos wins below roughly m = n^2 / 3 from n = 500.
 *
 * <p>Owns its workspace (the dense G, LAPACK's, the Lanczos basis) for one n; reusable; not thread-safe.
 */
public final class SmallestEigen implements AutoCloseable {
    /** Dimension from which every operator uses Lanczos. */
    public static final int LANCZOS_MIN_N = 2000;
    /** Dimension from which operators with at most n^2 / 4 measurements use Lanczos. */
    public static final int SPARSE_LANCZOS_MIN_N = 500;
    /** Lanczos basis size (thick restart keeps a third of it). */
    public static final int LANCZOS_BASIS = 30;

    /**
     * Largest dimension for which a map known only through products (e.g. the factor-space Hessian) is
     * formed densely, one product per column: beyond it Lanczos needs far fewer products than the
     * dimension to settle the sign of the smallest eigenvalue.
     */
    public static final int PRODUCTS_DENSE_LIMIT = 32;

    /** Whether an operator with these sizes gets its smallest eigenpair of G by Lanczos (no n x n work). */
    public static boolean usesLanczos(int n, long m) {
        return n >= LANCZOS_MIN_N || (n >= SPARSE_LANCZOS_MIN_N && 4 * m <= (long) n * n);
    }

    /** How hard Lanczos works: relative Ritz residual, product budget, and the seed of a cold start. */
    public record Effort(double tolerance, int maxProducts, long seed) {}

    private final int n;
    private final boolean dense;
    private final double[] g;
    private SymmetricEigen eigen;
    private Lanczos lanczos;
    private Lanczos.Outcome lastOutcome;

    /** For G of dimension n; {@code dense} forms G and calls LAPACK, otherwise Lanczos. */
    public SmallestEigen(int n, boolean dense) {
        this.n = n;
        this.dense = dense;
        this.g = dense ? new double[n * n] : null;
    }

    /** The choice {@link #usesLanczos} makes for an operator of n x n matrices and m measurements. */
    public static SmallestEigen forOperator(int n, long m) {
        return new SmallestEigen(n, !usesLanczos(n, m));
    }

    /** For a symmetric map of dimension {@code dim} known through products (dense up to {@link #PRODUCTS_DENSE_LIMIT}). */
    public static SmallestEigen forProducts(int dim) {
        return new SmallestEigen(dim, dim <= PRODUCTS_DENSE_LIMIT);
    }

    public int n() {
        return n;
    }

    public boolean dense() {
        return dense;
    }

    /**
     * lambda_min of {@code A*(y)} and its unit eigenvector into {@code u} (length n). On the Lanczos path
     * {@code warmStart} starts from the content of u (e.g. the previous stall's eigenvector).
     */
    public double ofAdjoint(SensingOperator op, double[] y, double[] u, boolean warmStart, Effort effort) {
        if (dense) {
            op.adjoint(y, g);
            lastOutcome = null;
            return denseSolver().smallest(g, n, u);
        }
        SensingOperator.AdjointMap map = op.adjointMap(y); // y prepared once for all products
        lastOutcome = lanczos().smallest((v, out) -> map.times(v, 1, out), u, warmStart, effort.tolerance(),
                effort.maxProducts(), effort.seed());
        return lastOutcome.value();
    }

    /**
     * As {@link #ofAdjoint}, but on the dense path from a G the caller already formed in {@link #denseG()}
     * (e.g. to take its norm first); LAPACK overwrites it.
     */
    public double ofFormedG(double[] u) {
        if (!dense) throw new IllegalStateException("ofFormedG needs the dense path");
        lastOutcome = null;
        return denseSolver().smallest(g, n, u);
    }

    /**
     * lambda_min of a symmetric map of dimension n known through products, unit eigenvector into u. The
     * dense path forms the matrix column by column from unit vectors and symmetrises it ((A + A^T)/2
     * absorbs the rounding of the products); {@code work} (length n) is scratch for a column.
     */
    public double ofMap(Lanczos.SymmetricMap map, double[] u, double[] work, boolean warmStart, Effort effort) {
        if (!dense) {
            lastOutcome = lanczos().smallest(map, u, warmStart, effort.tolerance(), effort.maxProducts(), effort.seed());
            return lastOutcome.value();
        }
        for (int c = 0; c < n; c++) {
            java.util.Arrays.fill(u, 0);
            u[c] = 1;
            map.apply(u, work);
            for (int i = 0; i < n; i++) g[i * n + c] = work[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (g[i * n + j] + g[j * n + i]);
                g[i * n + j] = s;
                g[j * n + i] = s;
            }
        lastOutcome = null;
        return denseSolver().smallest(g, n, u);
    }

    /** The dense G buffer (n x n), null on the Lanczos path. */
    public double[] denseG() {
        return g;
    }

    /** The Lanczos outcome of the last call, or null when it used the dense path (or none was made). */
    public Lanczos.Outcome lastOutcome() {
        return lastOutcome;
    }

    private SymmetricEigen denseSolver() {
        if (eigen == null) eigen = new SymmetricEigen(n);
        return eigen;
    }

    private Lanczos lanczos() {
        if (lanczos == null) lanczos = new Lanczos(n, LANCZOS_BASIS);
        return lanczos;
    }

    @Override
    public void close() {
        if (eigen != null) {
            eigen.close();
            eigen = null;
        }
        if (lanczos != null) {
            lanczos.close();
            lanczos = null;
        }
    }
}
