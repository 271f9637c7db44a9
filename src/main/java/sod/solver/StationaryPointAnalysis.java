package sod.solver;

import sod.openblas.SymmetricEigen;
import sod.operators.SensingOperator;

/**
 * What kind of point X is, for {@code h(X) = 1/2 ||A(X X^T) - b||^2}:
 * <ul>
 *   <li>the gradient {@code 2 G X} with {@code G = A*(A(X X^T) - b)};</li>
 *   <li>the smallest eigenvalue of the Hessian of h in factor space,
 *       {@code D -> 2 A*(A(X D^T + D X^T)) X + 2 G D} (nr x nr): dense through LAPACK while
 *       {@code n r <= min(denseLimit, HESSIAN_DENSE_LIMIT)}, Lanczos on Hessian-vector products beyond
 *       (at most 400 products, relative residual 1e-6);</li>
 *   <li>the smallest eigenvalue of G (dense while {@code n <= denseLimit}, Lanczos beyond).</li>
 * </ul>
 * The verdict: not stationary (gradient above tolerance); strict saddle (negative Hessian curvature:
 * escapable by curvature alone, e.g. perturbed GD); spurious second-order point (Hessian PSD but
 * {@code lambda_min(G) < 0}: where SOD is needed); global optimum ({@code G} PSD, so {@code X X^T}
 * minimises the convex problem over the PSD cone). Tolerances are relative to {@code ||G||_F}.
 * Owns its workspace; reusable for one (n, r); not thread-safe.
 */
public final class StationaryPointAnalysis implements AutoCloseable {

    public enum Verdict { NOT_STATIONARY, STRICT_SADDLE, SPURIOUS_SECOND_ORDER, GLOBAL_OPTIMUM }

    /** The numbers behind a verdict. */
    public record Report(double h, double gradientNorm, double hessianMin, double gMin, double gNorm, Verdict verdict) {}

    /** Default dimension up to which G is formed densely. */
    public static final int DEFAULT_DENSE_LIMIT = 1500;

    /**
     * The factor-space Hessian is formed densely (one Hessian-vector product per column) only up to this
     * n r; beyond, Lanczos needs far fewer products than n r to settle the sign of the smallest eigenvalue.
     */
    public static final int HESSIAN_DENSE_LIMIT = 32;

    /** Lanczos budget for the verdict: its sign against the tolerance matters, not digits. */
    private static final int MAX_PRODUCTS = 400;
    private static final double LANCZOS_TOLERANCE = 1e-6;

    private final SensingOperator op;
    private final int n, r, denseLimit;
    private final double[] residual, grad, direction, measured, hvp, gtimes, vectorN, vectorNR;
    private final double[] hessian, g;
    private SymmetricEigen dense;
    private Lanczos lanczosN, lanczosNR;

    public StationaryPointAnalysis(SensingOperator op, int r, int denseLimit) {
        this.op = op;
        this.n = op.n();
        this.r = r;
        this.denseLimit = denseLimit;
        int nr = n * r;
        residual = new double[op.m()];
        measured = new double[op.m()];
        grad = new double[nr];
        direction = new double[nr];
        hvp = new double[nr];
        gtimes = new double[nr];
        vectorN = new double[n];
        vectorNR = new double[nr];
        hessian = nr <= Math.min(denseLimit, HESSIAN_DENSE_LIMIT) ? new double[nr * nr] : null;
        g = n <= denseLimit ? new double[n * n] : null;
    }

    /** Analyses X (n x r) for data b; {@code gradientTolerance} is relative to {@code ||G||_F ||X||_F} (e.g. 1e-6). */
    public Report analyse(double[] x, double[] b, double gradientTolerance, double curvatureTolerance) {
        return analyse(x, b, gradientTolerance, curvatureTolerance, true);
    }

    /**
     * As {@link #analyse(double[], double[], double, double)}; with {@code curvatureWhenNotStationary}
     * false, a point whose gradient already makes it NOT_STATIONARY skips the two eigenproblems (they
     * cannot change the verdict) and reports NaN for {@code hessianMin} and {@code gMin}. The solver
     * classifies every stall this way: most slow-progress stalls are not stationary.
     */
    public Report analyse(double[] x, double[] b, double gradientTolerance, double curvatureTolerance,
                          boolean curvatureWhenNotStationary) {
        double h = op.residualAndGradient(x, r, b, residual, grad);
        double gradNorm = norm(grad);
        double gNorm = frobeniusOfG();
        double scale = Math.max(gNorm, Double.MIN_NORMAL);
        double xNorm = Math.max(norm(x), 1e-300);
        boolean stationary = !(gradNorm > gradientTolerance * Math.max(scale * xNorm, Double.MIN_NORMAL) && gradNorm > 1e-14);
        if (!stationary && !curvatureWhenNotStationary) {
            return new Report(h, gradNorm, Double.NaN, Double.NaN, gNorm, Verdict.NOT_STATIONARY);
        }
        double hessianMin = smallestHessianEigenvalue(x);
        double gMin = smallestGEigenvalue();
        Verdict verdict;
        if (!stationary) {
            verdict = Verdict.NOT_STATIONARY;
        } else if (hessianMin < -curvatureTolerance * scale) {
            verdict = Verdict.STRICT_SADDLE;
        } else if (gMin < -curvatureTolerance * scale) {
            verdict = Verdict.SPURIOUS_SECOND_ORDER;
        } else {
            verdict = Verdict.GLOBAL_OPTIMUM;
        }
        return new Report(h, gradNorm, hessianMin, gMin, gNorm, verdict);
    }

    /** {@code out = 2 A*(A(X D^T + D X^T)) X + 2 G D}, using the residual of the last evaluation. */
    public void hessianTimes(double[] x, double[] d, double[] out) {
        op.measure(x, d, r, measured);
        for (int i = 0; i < measured.length; i++) measured[i] *= 2; // <A_i, X D^T + D X^T>
        op.adjointTimes(measured, x, r, out);
        op.adjointTimes(residual, d, r, gtimes);
        for (int i = 0; i < out.length; i++) out[i] = 2 * out[i] + 2 * gtimes[i];
    }

    private double smallestHessianEigenvalue(double[] x) {
        int nr = n * r;
        if (hessian != null) {
            for (int c = 0; c < nr; c++) {
                java.util.Arrays.fill(direction, 0);
                direction[c] = 1;
                hessianTimes(x, direction, hvp);
                for (int i = 0; i < nr; i++) hessian[i * nr + c] = hvp[i];
            }
            for (int i = 0; i < nr; i++)
                for (int j = 0; j < i; j++) {
                    double s = 0.5 * (hessian[i * nr + j] + hessian[j * nr + i]);
                    hessian[i * nr + j] = s;
                    hessian[j * nr + i] = s;
                }
            return dense(nr).smallest(hessian, nr, vectorNR);
        }
        if (lanczosNR == null) lanczosNR = new Lanczos(nr, 30);
        return lanczosNR.smallest((v, y) -> hessianTimes(x, v, y), vectorNR, false, LANCZOS_TOLERANCE, MAX_PRODUCTS, 17).value();
    }

    /** Needs {@link #frobeniusOfG()} first: on the dense path it forms G from this residual. */
    private double smallestGEigenvalue() {
        if (g != null) {
            return dense(n).smallest(g, n, vectorN);
        }
        if (lanczosN == null) lanczosN = new Lanczos(n, 30);
        SensingOperator.AdjointMap gMap = op.adjointMap(residual); // prepared once for all products
        return lanczosN.smallest((v, y) -> gMap.times(v, 1, y), vectorN, false, LANCZOS_TOLERANCE, MAX_PRODUCTS, 19).value();
    }

    /** ||G||_F: exact when dense (and G is left in {@code g}), else estimated by a few random probes (Hutchinson). */
    private double frobeniusOfG() {
        if (g != null) {
            op.adjoint(residual, g);
            return norm(g);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(23);
        double sum = 0;
        int probes = 8;
        double[] y = new double[n];
        for (int p = 0; p < probes; p++) {
            for (int i = 0; i < n; i++) vectorN[i] = rnd.nextBoolean() ? 1 : -1;
            op.adjointTimes(residual, vectorN, 1, y);
            double s = norm(y);
            sum += s * s;
        }
        return Math.sqrt(sum / probes);
    }

    private SymmetricEigen dense(int size) {
        if (dense == null) dense = new SymmetricEigen(size);
        return dense;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Override
    public void close() {
        if (dense != null) dense.close();
        if (lanczosN != null) lanczosN.close();
        if (lanczosNR != null) lanczosNR.close();
    }
}
