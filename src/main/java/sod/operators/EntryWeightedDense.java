package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.DoubleVector;
import sod.kernels.VectorShapes;
import jdk.incubator.vector.VectorSpecies;
import sod.SodInputException;

/**
 * Entry-weighted sensing of all n^2 ordered entries with a dense symmetric weight matrix W (the
 * perturbed matrix completion operator). Measurement {@code i*n + j} is
 * {@code A_(i,j) = W_ij (E_ij + E_ji)/2}, so {@code <A_(i,j), M> = W_ij M_ij} for symmetric M and
 * {@code A*(y) = (W o Y + (W o Y)^T)/2} with Y the n x n reshape of y. With {@code b_ij = W_ij M*_ij}
 * the objective is {@code h = 1/2 sum_ij W_ij^2 ((X X^T)_ij - M*_ij)^2}.
 *
 * <p>{@link #residualAndGradient} works row by row from X without forming X X^T: row i of
 * {@code X X^T} by dot products, its residual, then {@code grad += C X + C^T X} restricted to row i
 * of {@code C = W o R} (the symmetric part of C is what {@code 2 A*(R)} is, so b need not be
 * symmetric). Large n is split over rows on the operator's own threads, each with a private gradient
 * partial that is summed in a fixed order, so results are deterministic for a fixed thread count.
 */
public final class EntryWeightedDense implements SensingOperator {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64; // honours -Dsod.vector.bits
    private static final int LANES = SPECIES.length();

    /** Entry-times-rank work below which threading costs more than it saves. */
    private static final long PARALLEL_MIN_WORK = 1L << 17;

    private final int n;
    private final double[] weights;
    private final int threads;
    private final WorkerGang gang;
    private final double[] partialH;
    /** Per-thread lane buffers, so vector sums are reduced in a fixed order (reduceLanes' is unspecified). */
    private final double[][] laneScratch;
    private double[][] partialGrad;
    private int partialCapacity;

    // Arguments of the current parallel call, read by the preallocated tasks.
    private double[] callX, callB, callResidual, callGrad;
    private int callR;
    private final IntConsumer rowsTask = this::rowsForThread;
    private final IntConsumer reduceTask = this::reduceForThread;

    /**
     * @param n       dimension
     * @param weights W, n x n full row-major, symmetric, finite; copied
     * @param threads threads used when n is large enough to pay (>= 1)
     */
    public EntryWeightedDense(int n, double[] weights, int threads) {
        if (n < 1) throw new SodInputException("entry-weighted operator: n must be >= 1, got " + n);
        if ((long) n * n > Integer.MAX_VALUE)
            throw new SodInputException("entry-weighted dense operator: n = " + n + " is too large for n^2 measurements; use EntryWeightedSparse");
        if (threads < 1) throw new SodInputException("entry-weighted operator: threads must be >= 1, got " + threads);
        if (weights == null || weights.length != n * n)
            throw new SodInputException("entry-weighted operator: weight matrix has "
                    + (weights == null ? 0 : weights.length) + " entries, expected n*n = " + ((long) n * n));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double wij = weights[i * n + j];
                if (!Double.isFinite(wij))
                    throw new SodInputException("entry-weighted operator: weight (" + i + ", " + j + ") is not finite");
                if (j > i && wij != weights[j * n + i])
                    throw new SodInputException("entry-weighted operator: weight matrix is not symmetric at (" + i + ", " + j
                            + "): " + wij + " vs " + weights[j * n + i]);
            }
        }
        this.n = n;
        this.weights = weights.clone();
        this.threads = threads;
        this.gang = new WorkerGang(threads, "sod-pmc");
        this.partialH = new double[threads];
        this.laneScratch = new double[threads][LANES];
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return n * n;
    }

    @Override
    public int threads() {
        return threads;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * n + j];
    }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        if (k == 1) {
            measureRankOne(u, v, out);
            return;
        }
        for (int i = 0; i < n; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[i * k + c] * v[j * k + c];
                    vu += v[i * k + c] * u[j * k + c];
                }
                out[base + j] = weights[base + j] * 0.5 * (uv + vu);
            }
        }
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        Arrays.fill(out, 0, n * k, 0.0);
        if (k == 1) {
            adjointTimesRankOne(y, v, out);
            return;
        }
        for (int i = 0; i < n; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                double half = 0.5 * weights[base + j] * y[base + j];
                for (int c = 0; c < k; c++) {
                    out[i * k + c] += half * v[j * k + c];
                    out[j * k + c] += half * v[i * k + c];
                }
            }
        }
    }

    /** k = 1 (the escape directions and Hessian-vector products of rank-1 problems): no inner loop over k. */
    private void measureRankOne(double[] u, double[] v, double[] out) {
        final double[] w = weights;
        for (int i = 0; i < n; i++) {
            int base = i * n;
            double ui = 0.5 * u[i], vi = 0.5 * v[i];
            for (int j = 0; j < n; j++) out[base + j] = w[base + j] * (ui * v[j] + vi * u[j]);
        }
    }

    private void adjointTimesRankOne(double[] y, double[] v, double[] out) {
        final double[] w = weights;
        for (int i = 0; i < n; i++) {
            int base = i * n;
            double vi = v[i], sum = 0;
            for (int j = 0; j < n; j++) {
                double half = 0.5 * w[base + j] * y[base + j];
                sum += half * v[j];
                out[j] += half * vi;
            }
            out[i] += sum;
        }
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i * n + j] = weights[i * n + j] * 0.5 * (y[i * n + j] + y[j * n + i]);
            }
        }
    }

    /** Sign workspace of the l1 pass, allocated at its first use. */
    private double[] l1Signs;

    @Override
    public double residualAndSubgradientL1(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (l1Signs == null || l1Signs.length != residual.length) l1Signs = new double[residual.length];
        return SensingOperator.subgradientL1ByMeasure(this, x, r, b, residual, l1Signs, grad);
    }

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (threads == 1 || (long) n * n * (r + 1) < PARALLEL_MIN_WORK) {
            Arrays.fill(grad, 0, n * r, 0.0);
            return 0.5 * rows(0, n, x, r, b, residual, grad, laneScratch[0]);
        }
        ensurePartials(r);
        callX = x;
        callB = b;
        callResidual = residual;
        callGrad = grad;
        callR = r;
        try {
            gang.run(rowsTask);
            gang.run(reduceTask);
        } finally {
            callX = callB = callResidual = callGrad = null;
        }
        double h = 0;
        for (int t = 0; t < threads; t++) h += partialH[t];
        return 0.5 * h;
    }

    private void ensurePartials(int r) {
        if (partialGrad == null || partialCapacity < n * r) {
            partialCapacity = n * r;
            partialGrad = new double[threads][partialCapacity];
        }
    }

    private void rowsForThread(int t) {
        int lo = WorkerGang.rangeStart(n, threads, t), hi = WorkerGang.rangeStart(n, threads, t + 1);
        double[] g = partialGrad[t];
        Arrays.fill(g, 0, n * callR, 0.0);
        partialH[t] = rows(lo, hi, callX, callR, callB, callResidual, g, laneScratch[t]);
    }

    private void reduceForThread(int t) {
        int total = n * callR;
        int lo = WorkerGang.rangeStart(total, threads, t), hi = WorkerGang.rangeStart(total, threads, t + 1);
        double[] grad = callGrad;
        System.arraycopy(partialGrad[0], lo, grad, lo, hi - lo);
        for (int p = 1; p < threads; p++) {
            double[] g = partialGrad[p];
            for (int q = lo; q < hi; q++) grad[q] += g[q];
        }
    }

    /**
     * Rows [lo, hi): writes their residuals, adds their share of {@code C X + C^T X} to {@code g}
     * (which must start at zero for a fresh sum) and returns the sum of their squared residuals.
     */
    private double rows(int lo, int hi, double[] x, int r, double[] b, double[] residual, double[] g, double[] lanes) {
        if (r == 1) return rowsRankOne(lo, hi, x, b, residual, g, lanes);
        final double[] w = weights;
        double h = 0;
        for (int i = lo; i < hi; i++) {
            int base = i * n;
            int xi = i * r;
            for (int j = 0; j < n; j++) {
                int xj = j * r;
                double p = 0;
                for (int c = 0; c < r; c++) p += x[xi + c] * x[xj + c];
                double wij = w[base + j];
                double res = wij * p - b[base + j];
                residual[base + j] = res;
                h += res * res;
                double coef = wij * res;
                for (int c = 0; c < r; c++) {
                    g[xi + c] += coef * x[xj + c];
                    g[xj + c] += coef * x[xi + c];
                }
            }
        }
        return h;
    }

    /**
     * The r = 1 hot path (PMC): per row, residual {@code W_ij x_i x_j - b_ij}, and both halves of
     * {@code C x + C^T x} with {@code C_ij = W_ij res_ij}; vectorised over j. Each lane does the
     * scalar twin's operations in the same order except the two sums, which run per lane.
     */
    private double rowsRankOne(int lo, int hi, double[] x, double[] b, double[] residual, double[] g, double[] lanes) {
        final double[] w = weights;
        final int vectorEnd = SPECIES.loopBound(n);
        final int pairEnd = vectorEnd - (vectorEnd % (2 * LANES));
        // Two accumulators for h and for g_i: one would chain every iteration on the FMA latency.
        DoubleVector hAcc0 = DoubleVector.zero(SPECIES), hAcc1 = DoubleVector.zero(SPECIES);
        double hTail = 0;
        for (int i = lo; i < hi; i++) {
            final int base = i * n;
            final double xi = x[i];
            final DoubleVector vxi = DoubleVector.broadcast(SPECIES, xi);
            DoubleVector gi0 = DoubleVector.zero(SPECIES), gi1 = DoubleVector.zero(SPECIES);
            int j = 0;
            for (; j < pairEnd; j += 2 * LANES) {
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, base + j);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, base + j + LANES);
                DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, j);
                DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, j + LANES);
                DoubleVector res0 = w0.mul(vxi.mul(x0)).sub(DoubleVector.fromArray(SPECIES, b, base + j));
                DoubleVector res1 = w1.mul(vxi.mul(x1)).sub(DoubleVector.fromArray(SPECIES, b, base + j + LANES));
                res0.intoArray(residual, base + j);
                res1.intoArray(residual, base + j + LANES);
                hAcc0 = res0.fma(res0, hAcc0);
                hAcc1 = res1.fma(res1, hAcc1);
                DoubleVector c0 = w0.mul(res0), c1 = w1.mul(res1);
                gi0 = c0.fma(x0, gi0);
                gi1 = c1.fma(x1, gi1);
                c0.fma(vxi, DoubleVector.fromArray(SPECIES, g, j)).intoArray(g, j);
                c1.fma(vxi, DoubleVector.fromArray(SPECIES, g, j + LANES)).intoArray(g, j + LANES);
            }
            for (; j < vectorEnd; j += LANES) {
                DoubleVector wij = DoubleVector.fromArray(SPECIES, w, base + j);
                DoubleVector xj = DoubleVector.fromArray(SPECIES, x, j);
                DoubleVector res = wij.mul(vxi.mul(xj)).sub(DoubleVector.fromArray(SPECIES, b, base + j));
                res.intoArray(residual, base + j);
                hAcc0 = res.fma(res, hAcc0);
                DoubleVector c = wij.mul(res);
                gi0 = c.fma(xj, gi0);
                c.fma(vxi, DoubleVector.fromArray(SPECIES, g, j)).intoArray(g, j);
            }
            gi0.add(gi1).intoArray(lanes, 0);
            double gi = 0;
            for (int l = 0; l < LANES; l++) gi += lanes[l];
            for (; j < n; j++) {
                double wij = w[base + j];
                double xj = x[j];
                double res = wij * (xi * xj) - b[base + j];
                residual[base + j] = res;
                hTail += res * res;
                double c = wij * res;
                gi += c * xj;
                g[j] += c * xi;
            }
            g[i] += gi;
        }
        hAcc0.add(hAcc1).intoArray(lanes, 0);
        double h = hTail;
        for (int l = 0; l < LANES; l++) h += lanes[l];
        return h;
    }

    /** Scalar twin of {@link #rowsRankOne} (the reference the vector kernel is tested against). */
    static double rowsRankOneScalar(int n, double[] w, int lo, int hi, double[] x, double[] b, double[] residual, double[] g) {
        double h = 0;
        for (int i = lo; i < hi; i++) {
            int base = i * n;
            double xi = x[i];
            double gi = 0;
            for (int j = 0; j < n; j++) {
                double wij = w[base + j];
                double xj = x[j];
                double res = wij * (xi * xj) - b[base + j];
                residual[base + j] = res;
                h += res * res;
                double c = wij * res;
                gi += c * xj;
                g[j] += c * xi;
            }
            g[i] += gi;
        }
        return h;
    }

    @Override
    public long bytesPerIteration(int r) {
        // weights and b read, residual written, X and grad (cache-resident) ignored
        return 3L * n * n * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) n * n * (6.0 * r + 4.0);
    }

    @Override
    public void close() {
        gang.close();
    }
}
