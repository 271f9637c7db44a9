package sod.operators;

import java.util.Arrays;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.EntryWeightedRowKernels;

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
public final class EntryWeightedDense extends AbstractSensingOperator {

    /** Entry-times-rank work below which threading costs more than it saves. */
    static final long PARALLEL_MIN_WORK = 1L << 17;

    private final double[] weights;
    private final double[] partialH;
    /** Per-thread lane buffers, so vector sums are reduced in a fixed order (reduceLanes' is unspecified). */
    private final double[][] laneScratch;
    /** Per-thread gradients of the parallel pass. */
    private final ThreadPartials partialGrad;
    /** U and V transposed for {@link #measureChecked} at k > 1 (grown on demand). */
    private double[] measureUt = new double[0], measureVt = new double[0];

    // The parallel pass: its rows, then the reduction of the per-thread gradients; arguments in parked
    // (x, measurements: b, residual, out: the gradient, k: r).
    private final IntConsumer rowsTask = this::rowsForThread;
    private final IntConsumer reduceTask = this::reduceForThread;

    /**
     * @param n       dimension
     * @param weights W, n x n full row-major, symmetric, finite; copied
     * @param threads threads used when n is large enough to pay (>= 1)
     */
    public EntryWeightedDense(int n, double[] weights, int threads) {
        super(checkedDimension(n, weights, threads), n * n, threads, "sod-pmc");
        this.weights = weights.clone();
        this.partialH = new double[threads];
        this.laneScratch = new double[threads][EntryWeightedRowKernels.laneScratchLength()];
        this.partialGrad = new ThreadPartials(threads);
    }

    /** n, after every check of the constructor's arguments. */
    private static int checkedDimension(int n, double[] weights, int threads) {
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
        return n;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * n + j];
    }

    @Override
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        if (k == 1) {
            measureRankOne(u, v, out);
            return;
        }
        if (measureUt.length < n * k) {
            measureUt = new double[n * k];
            measureVt = new double[n * k];
        }
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < k; c++) {
                measureUt[c * n + j] = u[j * k + c];
                measureVt[c * n + j] = v[j * k + c];
            }
        }
        EntryWeightedRowKernels.measure(n, weights, 0, n, u, v, measureUt, measureVt, k, out);
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
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
    protected void adjointChecked(double[] y, double[] g) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i * n + j] = weights[i * n + j] * 0.5 * (y[i * n + j] + y[j * n + i]);
            }
        }
    }

    /** Whether a pass at rank r splits the rows over the threads. */
    boolean parallelRows(int r) {
        return threads() > 1 && (long) n * n * (r + 1) >= PARALLEL_MIN_WORK;
    }

    /**
     * The objective on the upper triangle with weights and data in one stream and no residual
     * ({@link EntryWeightedDenseObjective}): about half the work of {@link #residualAndGradient}, which
     * it matches up to rounding.
     */
    @Override
    public Objective objective(double[] b) {
        return new EntryWeightedDenseObjective(this, weights, b);
    }

    @Override
    protected double residualAndGradientChecked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        int threads = threads();
        if (!parallelRows(r)) {
            Arrays.fill(grad, 0, n * r, 0.0);
            return 0.5 * EntryWeightedRowKernels.rows(n, weights, 0, n, x, r, b, residual, grad, laneScratch[0]);
        }
        partialGrad.ensure(n * r);
        parked.x = x;
        parked.measurements = b;
        parked.residual = residual;
        parked.out = grad;
        parked.k = r;
        runParts(rowsTask, reduceTask, true);
        double h = 0;
        for (int t = 0; t < threads; t++) h += partialH[t];
        return 0.5 * h;
    }

    private void rowsForThread(int t) {
        int threads = threads(), r = parked.k;
        int lo = WorkerGang.rangeStart(n, threads, t), hi = WorkerGang.rangeStart(n, threads, t + 1);
        double[] g = partialGrad.part(t);
        Arrays.fill(g, 0, n * r, 0.0);
        partialH[t] = EntryWeightedRowKernels.rows(n, weights, lo, hi, parked.x, r, parked.measurements, parked.residual, g, laneScratch[t]);
    }

    private void reduceForThread(int t) {
        partialGrad.reduceSlice(t, n * parked.k, parked.out);
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
}
