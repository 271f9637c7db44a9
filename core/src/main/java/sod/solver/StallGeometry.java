package sod.solver;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import sod.kernels.Factors;
import sod.openblas.SymmetricEigen;
import sod.operators.SensingOperator;
import sod.solver.local.Iterate;
import sod.solver.spectral.SmallestEigen;

/**
 * Computes the quantities of spec sections 2-3 at a stalled point and keeps the vectors the escape
 * directions are built from: {@code (lambda_n, u)} of G, the singular triplets {@code (sigma_j, v_j, q_j)}
 * of Xhat from its r x r Gram matrix, {@code A(P_j) = 2 A(u v_j^T)}, {@code A(u u^T)}; d, NCM, AIC and
 * EFS of the weakest component (the spec's sigma_r). Component 0 is the weakest; for r &gt; 1 every
 * non-null component is kept, because the component that is wrong at a spurious point (the one whose
 * span u_n should replace) need not be the weakest. Owns its workspace for one (n, r, m).
 */
final class StallGeometry implements AutoCloseable {
    /** Singular values below this times sigma_1 count as zero (numerical rank). */
    static final double RANK_THRESHOLD = 1e-10;
    /** Lanczos on G: relative Ritz residual and product budget of the SOD check. */
    static final double LANCZOS_TOLERANCE = 1e-8;
    static final int LANCZOS_MAX_PRODUCTS = 3000;

    final int n, r, m;
    final double[] u, auu;
    /** The weakest component's v, q, A(P): aliases of vs[0], qs[0], aps[0]. */
    final double[] v, q, ap;
    final double[][] vs, qs, aps;
    final double[] sigmas;
    /** Non-null components at the last analysis (0 when rank deficient). */
    int components;
    private final double[] gram, gramValues, gramVectors;
    private final SmallestEigen smallest;
    private SymmetricEigen gramEigen;
    private final RunStatistics stats;

    double lambda, sigmaR, alignment, ncm, aic, efs, delta;
    boolean rankDeficient;

    StallGeometry(int n, int r, int m, boolean denseEigen, RunStatistics stats) {
        this.n = n;
        this.r = r;
        this.m = m;
        this.stats = stats;
        u = new double[n];
        vs = new double[r][n];
        qs = new double[r][r];
        aps = new double[r][m];
        sigmas = new double[r];
        v = vs[0];
        q = qs[0];
        ap = aps[0];
        auu = new double[m];
        gram = new double[r * r];
        gramValues = new double[r];
        gramVectors = new double[r * r];
        smallest = new SmallestEigen(n, denseEigen);
    }

    SmallestEigen smallestEigen() {
        return smallest;
    }

    /**
     * Analyses the iterate's current point (its residual must be current). Returns false when
     * {@code lambda_n >= 0}; every quantity is filled either way.
     */
    boolean analyse(Iterate it, DoubleSupplier deltaSource, long lanczosSeed) {
        long t0 = System.nanoTime();
        SensingOperator op = it.operator();
        double[] x = it.x();
        // warm start from the previous check's u (zero at the first: then a seeded random start)
        lambda = smallest.ofAdjoint(op, it.residual(), u, true,
                new SmallestEigen.Effort(LANCZOS_TOLERANCE, LANCZOS_MAX_PRODUCTS, lanczosSeed));
        Factors.gram(x, n, r, gram);
        if (r == 1) {
            gramValues[0] = gram[0];
            gramVectors[0] = 1;
        } else {
            gramEigen().decompose(gram, r, gramValues, gramVectors);
        }
        stats.addEigenNanos(System.nanoTime() - t0);
        double sigma1 = Math.sqrt(Math.max(gramValues[r - 1], 0));
        int weakest = -1;
        for (int k = 0; k < r; k++) {
            if (Math.sqrt(Math.max(gramValues[k], 0)) > RANK_THRESHOLD * sigma1) {
                weakest = k;
                break;
            }
        }
        rankDeficient = weakest != 0; // a null direction exists (or X = 0)
        int col = rankDeficient ? 0 : weakest;
        for (int a = 0; a < r; a++) q[a] = gramVectors[a * r + col];
        delta = deltaSource.getAsDouble();
        if (rankDeficient) {
            components = 0;
            sigmaR = 0;
            Arrays.fill(v, 0);
            alignment = 0;
            ncm = Double.POSITIVE_INFINITY;
            aic = 0;
            efs = Double.POSITIVE_INFINITY;
        } else {
            components = r;
            for (int c = 0; c < r; c++) {
                double[] qc = qs[c], vc = vs[c], apc = aps[c];
                for (int a = 0; a < r; a++) qc[a] = gramVectors[a * r + c];
                double sigma = Math.sqrt(gramValues[c]);
                sigmas[c] = sigma;
                Factors.times(x, n, r, qc, vc);
                for (int i = 0; i < n; i++) vc[i] /= sigma;
                op.measure(u, vc, 1, apc);
                for (int i = 0; i < m; i++) apc[i] *= 2;
            }
            sigmaR = sigmas[0];
            op.measure(u, u, 1, auu);
            double d = 0;
            for (int i = 0; i < m; i++) d += ap[i] * auu[i];
            alignment = d;
            ncm = -lambda / (sigmaR * sigmaR * (1 + delta));
            aic = d * d / (2 * (1 + delta) * (1 + delta));
            efs = ncm + aic;
        }
        return lambda < 0;
    }

    void forgetWarmStart() {
        Arrays.fill(u, 0);
    }

    StallPoint point() {
        return new StallPoint(lambda, sigmaR, alignment, ncm, aic, efs, delta, rankDeficient);
    }

    private SymmetricEigen gramEigen() {
        if (gramEigen == null) gramEigen = new SymmetricEigen(r);
        return gramEigen;
    }

    @Override
    public void close() {
        smallest.close();
        if (gramEigen != null) gramEigen.close();
    }
}
