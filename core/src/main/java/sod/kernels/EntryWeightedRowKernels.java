package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass of entry-weighted sensing with a dense n x n weight matrix W (row-major): for rows
 * {@code [lo, hi)}, the residuals {@code res_ij = W_ij (X X^T)_ij - b_ij} and their share of
 * {@code C X + C^T X} with {@code C = W o R}, from X (n x r, row-major) without forming X X^T.
 * Twins in {@link ScalarKernels}.
 */
public final class EntryWeightedRowKernels {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64; // honours -Dsod.vector.bits
    private static final int LANES = SPECIES.length();

    private EntryWeightedRowKernels() {
    }

    /** Doubles of the lane scratch {@link #rows} needs. */
    public static int laneScratchLength() {
        return LANES;
    }

    /**
     * Rows [lo, hi): writes their residuals, adds their share of {@code C X + C^T X} to {@code g}
     * (which must start at zero for a fresh sum) and returns the sum of their squared residuals.
     * {@code lanes} is a scratch of {@link #laneScratchLength()} doubles (vector sums are reduced
     * through it in a fixed order; {@code reduceLanes}' order is unspecified).
     */
    public static double rows(int n, double[] w, int lo, int hi, double[] x, int r, double[] b, double[] residual,
                              double[] g, double[] lanes) {
        if (r == 1) return rowsRankOne(n, w, lo, hi, x, b, residual, g, lanes);
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
    static double rowsRankOne(int n, double[] w, int lo, int hi, double[] x, double[] b, double[] residual,
                              double[] g, double[] lanes) {
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
    /**
     * {@code out[i n + j] = W_ij (U V^T + V U^T)_ij / 2} for rows [lo, hi) and k &gt; 1, vectorised over j:
     * {@code ut}, {@code vt} are U and V transposed (k x n). Each element gets the twin's operations in
     * the twin's order (two plain sums over c, no FMA), so the result is bitwise the twin's.
     */
    public static void measure(int n, double[] w, int lo, int hi, double[] u, double[] v, double[] ut, double[] vt, int k,
                               double[] out) {
        final int vectorEnd = SPECIES.loopBound(n);
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = lo; i < hi; i++) {
            final int base = i * n, io = i * k;
            int j = 0;
            for (; j < vectorEnd; j += LANES) {
                DoubleVector uv = zero, vu = zero;
                for (int c = 0; c < k; c++) {
                    uv = uv.add(DoubleVector.broadcast(SPECIES, u[io + c]).mul(DoubleVector.fromArray(SPECIES, vt, c * n + j)));
                    vu = vu.add(DoubleVector.broadcast(SPECIES, v[io + c]).mul(DoubleVector.fromArray(SPECIES, ut, c * n + j)));
                }
                DoubleVector.fromArray(SPECIES, w, base + j).mul(0.5).mul(uv.add(vu)).intoArray(out, base + j);
            }
            for (; j < n; j++) {
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[io + c] * v[j * k + c];
                    vu += v[io + c] * u[j * k + c];
                }
                out[base + j] = w[base + j] * 0.5 * (uv + vu);
            }
        }
    }
}
