package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One pass over the pairs of a symmetric pattern stored as its upper triangle alone (CSR, columns
 * ascending; entry e carries weight {@code w[e]}, or 1 when {@code w} is null): each observed pair
 * (i, j &gt; i) is visited once, from row i, and adds to both rows it touches, row i's sum kept in
 * registers and row j's updated in memory ({@code g_j += c x_i}). Against two row-owned passes (the
 * upper list, then the transposed lower list) this reads every pair's neighbour row and computes its dot
 * once instead of twice, and needs no lower lists at all.
 *
 * <p>The kernels work on one column segment: row i's entries {@code from[i] .. to[i]-1}. A caller that
 * visits the rows of a segment in ascending order, and the segments of a row in ascending order, makes
 * every row's sum run in one fixed order however the segments are split over threads: first the pairs
 * (j', i) with j' &lt; i in ascending j' (added as row j' is visited), then row i's own entries in
 * ascending column. Row i's running sum lives in the output between segments ({@code g} on entry holds
 * what came before), its sum of squared residuals in {@code hRow[i]}. A diagonal entry (i, i) counts
 * twice in row i's sum: it stands for both halves of {@code (E_ii + E_ii)/2}.
 *
 * <p>The dot {@code x_i . x_j} is rounded as in the two-pass kernels this one replaced (four lane sums,
 * reduced as {@code (l0 + l1) + (l2 + l3)}, then the tail), so the residuals kept their bits.
 * The vector kernel uses {@link VectorShapes#F64_FOUR_LANES}; {@link #residualScalar} is its twin (and
 * the path for ranks outside the register layout).
 */
public final class SparsePairKernels {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64_FOUR_LANES;
    private static final int LANES = SPECIES.length();

    private SparsePairKernels() {
    }

    /**
     * Residuals {@code res_e = w_e x_i . x_j - b_e} of rows [lo, hi)'s segment entries (written to
     * {@code residual[e]} unless it is null), {@code hRow[i] += res_e^2} in entry order, and with
     * {@code c_e = w_e res_e}: {@code g_i += c_e x_j} and {@code g_j += c_e x_i} (the diagonal: {@code g_i += 2 c_e x_i}).
     */
    public static void residual(int lo, int hi, int[] from, int[] to, int[] cols, double[] w, double[] x, int r,
                                double[] b, double[] residual, double[] g, double[] hRow) {
        if (r >= LANES && r <= SparseUpperKernels.MAX_REGISTER_RANK) residualRegisters(lo, hi, from, to, cols, w, x, r, b, residual, g, hRow);
        else residualScalar(lo, hi, from, to, cols, w, x, r, b, residual, g, hRow);
    }

    /** {@code x_i . x_j} in the lane order of the vector kernels: four lane sums, then the tail. */
    static double dot(double[] x, int io, int jo, int r) {
        final int bound = r - r % LANES;
        double dot = 0;
        int q = 0;
        if (bound > 0) {
            double s0 = x[io] * x[jo], s1 = x[io + 1] * x[jo + 1], s2 = x[io + 2] * x[jo + 2], s3 = x[io + 3] * x[jo + 3];
            for (q = LANES; q < bound; q += LANES) {
                s0 = Math.fma(x[io + q], x[jo + q], s0);
                s1 = Math.fma(x[io + q + 1], x[jo + q + 1], s1);
                s2 = Math.fma(x[io + q + 2], x[jo + q + 2], s2);
                s3 = Math.fma(x[io + q + 3], x[jo + q + 3], s3);
            }
            dot = (s0 + s1) + (s2 + s3);
        }
        for (; q < r; q++) dot = Math.fma(x[io + q], x[jo + q], dot);
        return dot;
    }

    /** {@link #residual} in plain loops, any r: the twin of {@link #residualRegisters}. */
    public static void residualScalar(int lo, int hi, int[] from, int[] to, int[] cols, double[] w, double[] x, int r,
                                      double[] b, double[] residual, double[] g, double[] hRow) {
        for (int i = lo; i < hi; i++) {
            if (from[i] == to[i]) continue;
            final int io = i * r;
            double hr = hRow[i];
            for (int e = from[i]; e < to[i]; e++) {
                final int j = cols[e], jo = j * r;
                double we = w == null ? 1.0 : w[e];
                double res = we * dot(x, io, jo, r) - b[e];
                if (residual != null) residual[e] = res;
                hr += res * res;
                double c = we * res;
                if (j == i) {
                    double c2 = 2 * c;
                    for (int q = 0; q < r; q++) g[io + q] = Math.fma(c2, x[io + q], g[io + q]);
                } else {
                    for (int q = 0; q < r; q++) g[io + q] = Math.fma(c, x[jo + q], g[io + q]);
                    for (int q = 0; q < r; q++) g[jo + q] = Math.fma(c, x[io + q], g[jo + q]);
                }
            }
            hRow[i] = hr;
        }
    }

    /**
     * {@link #residual} for 4 &lt;= r &lt;= {@link SparseUpperKernels#MAX_REGISTER_RANK}: x_i and row i's sum in
     * up to three vectors and three scalars (the branches on nv and tail are loop-invariant), so per pair
     * the loop reads x_j, b and w and updates g_j. Before each row it touches the neighbour rows of the next
     * one ({@link #touchRows}), so that their cache misses overlap instead of queueing behind this row's
     * arithmetic. Bitwise equal to {@link #residualScalar} (the touch only reads).
     */
    static void residualRegisters(int lo, int hi, int[] from, int[] to, int[] cols, double[] w, double[] x, int r,
                                  double[] b, double[] residual, double[] g, double[] hRow) {
        final int nv = r / LANES, tail = r % LANES, tailOffset = nv * LANES;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        double touched = 0;
        for (int i = lo; i < hi; i++) {
            final int e0 = from[i], e1 = to[i];
            final int ahead = i + touchAhead;
            if (ahead != i && ahead < hi) touched += touchRows(from[ahead], to[ahead], cols, x, g, r);
            if (e0 == e1) continue;
            final int io = i * r, it = io + tailOffset;
            final DoubleVector xi0 = DoubleVector.fromArray(SPECIES, x, io);
            final DoubleVector xi1 = nv > 1 ? DoubleVector.fromArray(SPECIES, x, io + LANES) : zero;
            final DoubleVector xi2 = nv > 2 ? DoubleVector.fromArray(SPECIES, x, io + 2 * LANES) : zero;
            final double xt0 = tail > 0 ? x[it] : 0, xt1 = tail > 1 ? x[it + 1] : 0, xt2 = tail > 2 ? x[it + 2] : 0;
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, g, io);
            DoubleVector a1 = nv > 1 ? DoubleVector.fromArray(SPECIES, g, io + LANES) : zero;
            DoubleVector a2 = nv > 2 ? DoubleVector.fromArray(SPECIES, g, io + 2 * LANES) : zero;
            double t0 = tail > 0 ? g[it] : 0, t1 = tail > 1 ? g[it + 1] : 0, t2 = tail > 2 ? g[it + 2] : 0;
            double hr = hRow[i];
            for (int e = e0; e < e1; e++) {
                final int j = cols[e], jo = j * r, jt = jo + tailOffset;
                final DoubleVector xj0 = DoubleVector.fromArray(SPECIES, x, jo);
                DoubleVector xj1 = zero, xj2 = zero;
                DoubleVector s = xi0.mul(xj0);
                if (nv > 1) {
                    xj1 = DoubleVector.fromArray(SPECIES, x, jo + LANES);
                    s = xi1.fma(xj1, s);
                    if (nv > 2) {
                        xj2 = DoubleVector.fromArray(SPECIES, x, jo + 2 * LANES);
                        s = xi2.fma(xj2, s);
                    }
                }
                double dot = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                double yt0 = 0, yt1 = 0, yt2 = 0;
                if (tail > 0) {
                    yt0 = x[jt];
                    dot = Math.fma(xt0, yt0, dot);
                    if (tail > 1) {
                        yt1 = x[jt + 1];
                        dot = Math.fma(xt1, yt1, dot);
                        if (tail > 2) {
                            yt2 = x[jt + 2];
                            dot = Math.fma(xt2, yt2, dot);
                        }
                    }
                }
                double we = w == null ? 1.0 : w[e];
                double res = we * dot - b[e];
                if (residual != null) residual[e] = res;
                hr += res * res;
                double c = we * res;
                if (j == i) c *= 2; // x_j is x_i: the same update, doubled, and no second row
                final DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                a0 = xj0.fma(cv, a0);
                a1 = xj1.fma(cv, a1);
                a2 = xj2.fma(cv, a2);
                t0 = Math.fma(c, yt0, t0);
                t1 = Math.fma(c, yt1, t1);
                t2 = Math.fma(c, yt2, t2);
                if (j != i) {
                    xi0.fma(cv, DoubleVector.fromArray(SPECIES, g, jo)).intoArray(g, jo);
                    if (nv > 1) {
                        xi1.fma(cv, DoubleVector.fromArray(SPECIES, g, jo + LANES)).intoArray(g, jo + LANES);
                        if (nv > 2) xi2.fma(cv, DoubleVector.fromArray(SPECIES, g, jo + 2 * LANES)).intoArray(g, jo + 2 * LANES);
                    }
                    if (tail > 0) {
                        g[jt] = Math.fma(c, xt0, g[jt]);
                        if (tail > 1) {
                            g[jt + 1] = Math.fma(c, xt1, g[jt + 1]);
                            if (tail > 2) g[jt + 2] = Math.fma(c, xt2, g[jt + 2]);
                        }
                    }
                }
            }
            a0.intoArray(g, io);
            if (nv > 1) a1.intoArray(g, io + LANES);
            if (nv > 2) a2.intoArray(g, io + 2 * LANES);
            if (tail > 0) g[it] = t0;
            if (tail > 1) g[it + 1] = t1;
            if (tail > 2) g[it + 2] = t2;
            hRow[i] = hr;
        }
        if (touched == TOUCH_SENTINEL) touchSink = touched;
    }

    /**
     * How many rows ahead {@link #residualRegisters} touches the gathered rows (0: not at all, the kernel as
     * it was before; 1 measured fastest, 1.5-1.9x over 0 at n 10^5 and 10^6, `sod.bench.Interleaved
     * completion`). Not final so that a benchmark can alternate the two in one run ({@link #touchAhead(int)}).
     */
    private static int touchAhead = 1;

    /** Benchmark and test switch: rows ahead the register kernel touches (0 turns the touch off). Results do not change. */
    public static void touchAhead(int rows) {
        if (rows < 0) throw new IllegalArgumentException("rows ahead must be >= 0, got " + rows);
        touchAhead = rows;
    }

    private static final double TOUCH_SENTINEL = 0x1.fffffep-1000;
    /** Written only when the touched values sum to the sentinel: the store C2 cannot drop, so the loads stay. */
    @SuppressWarnings("unused")
    private static double touchSink;

    /**
     * Loads the first and last double of x_j and g_j for the entries {@code e0 .. e1-1} and returns their
     * sum (which the caller keeps alive): a tight loop of independent loads, so the misses of a whole row's
     * neighbours are in flight at once, where the pair loop, whose body is ~60 instructions, keeps only
     * about three pairs' worth in the reorder window. The next row's pair loop then finds them in cache.
     */
    static double touchRows(int e0, int e1, int[] cols, double[] x, double[] g, int r) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        final int last = r - 1;
        for (int e = e0; e < e1; e++) {
            final int jo = cols[e] * r;
            s0 += x[jo];
            s1 += x[jo + last];
            s2 += g[jo];
            s3 += g[jo + last];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@code out += A*(y) V} over rows [lo, hi)'s segment entries, in the same visiting order as
     * {@link #residual}: with {@code c_e = (y_e / 2) w_e} (doubled on the diagonal),
     * {@code out_i += c_e v_j} and {@code out_j += c_e v_i}. Plain loops: the SOD escape's products are
     * rare beside the gradient.
     */
    public static void adjoint(int lo, int hi, int[] from, int[] to, int[] cols, double[] w, double[] y,
                               double[] v, int k, double[] out) {
        for (int i = lo; i < hi; i++) {
            final int io = i * k;
            for (int e = from[i]; e < to[i]; e++) {
                final int j = cols[e], jo = j * k;
                double c = 0.5 * y[e];
                if (w != null) c *= w[e];
                if (j == i) {
                    c *= 2;
                    for (int q = 0; q < k; q++) out[io + q] = Math.fma(c, v[io + q], out[io + q]);
                } else {
                    for (int q = 0; q < k; q++) out[io + q] = Math.fma(c, v[jo + q], out[io + q]);
                    for (int q = 0; q < k; q++) out[jo + q] = Math.fma(c, v[io + q], out[jo + q]);
                }
            }
        }
    }
}
