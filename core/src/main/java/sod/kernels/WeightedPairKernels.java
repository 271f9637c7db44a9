package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradient-descent objective of entry-weighted sensing with a symmetric weight matrix, from its
 * upper triangle and without a residual: {@code h = sum_{i<=j} u_ij d_ij^2} with
 * {@code d_ij = (X X^T)_ij - t_ij}, and {@code g_i = sum_j u_ij d_ij x_j}, {@code g_j += u_ij d_ij x_i}
 * per pair (the caller doubles g into the gradient and adds its constant to h). Five multiply-adds per
 * pair and rank one, against the two full n x n passes (and the n^2 residual store) of
 * {@link EntryWeightedRowKernels}.
 *
 * <h2>Layout</h2>
 * One stream of doubles, {@code data}, rows in pairs {@code (a, b) = (2q, 2q+1)} (b may be the phantom
 * row n, all zeros). Pair q covers the columns {@code [firstColumn(q), npad)}, {@code npad} = n rounded up
 * to the lane count L, in chunks of L columns; chunk c of pair q is 4L doubles at
 * {@code start[q] + 4 L c}: {@code u} of row a, {@code nt = -t} of row a, {@code u} of row b,
 * {@code nt} of row b, L each. Entries left of the diagonal and right of n are zero (they add exact
 * zeros). {@code firstColumn(q)} is a multiple of L at or below 2q, so column j is always in lane
 * {@code j mod L} and every load of X or g is at a multiple of L.
 *
 * <h2>Order</h2>
 * Per row, one accumulator per lane for g_i and for h (lane l sums columns {@code = l mod L} in column
 * order), summed from lane 0 at the row's end: {@code g_i += ((l0 + l1) + l2) + l3},
 * {@code h += ((l0 + l1) + l2) + l3} in row order; {@code g_j} receives row a's then row b's term, row
 * by row. {@link #rankOne} runs two rows at once (four independent chains, so no FMA waits on the one
 * before); the batch kernels ({@link #batchRankOne}, {@link #batchGeneral}) run one row at a time for
 * a block of {@link #MEMBER_BLOCK} members (the independent chains are the members'), with the lanes
 * on columns exactly as in the single kernels, so every member gets exactly the operations, in exactly
 * the order, of the single-problem kernels: bitwise equal results. (Row a's end adds to {@code g_a}
 * before or after row b's zero term for column a, and a row's end before or after the later rows'
 * zero terms for its column: the same bits, since no sum here is ever -0.) Twins in
 * {@link ScalarKernels} and, for the batch layout, {@link ScalarBatchKernels}.
 *
 * <h2>Batch layout</h2>
 * Member-major: member m's padded x (or, at rank r, its transposed {@code xt}, r x npad) is one
 * contiguous run of the batch array, and so is its gradient accumulator. A block of four members then
 * touches 4 x 2 runs of npad doubles per row (5 KB at n = 80, resident in L1), where the earlier
 * member-interleaved layout ({@code x[j * k + member]}) spread each 32-byte access over a 416-byte
 * stride of two 33 KB arrays at n = 80 and 50 members.
 */
public final class WeightedPairKernels {

    private static final VectorSpecies<Double> S = VectorShapes.F64; // honours -Dsod.vector.bits
    /** Lanes per vector: the chunk width of the layout. */
    public static final int LANES = S.length();

    private WeightedPairKernels() {
    }

    /** n rounded up to a multiple of {@link #LANES}: the length of a padded column of X. */
    public static int paddedDimension(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /** Row pairs (a, b) = (2q, 2q + 1), the last one with a phantom row b when n is odd. */
    public static int rowPairs(int n) {
        return (n + 1) / 2;
    }

    /** First column of row pair q: the multiple of {@link #LANES} at or below 2q. */
    public static int firstColumn(int q) {
        return 2 * q / LANES * LANES;
    }

    /** Offsets of the row pairs' blocks in {@code data} (length {@code rowPairs(n) + 1}, the last one its length). */
    public static int[] blockStarts(int n) {
        int pairs = rowPairs(n), npad = paddedDimension(n);
        int[] start = new int[pairs + 1];
        long next = 0;
        for (int q = 0; q < pairs; q++) {
            start[q] = (int) next;
            next += 4L * (npad - firstColumn(q));
            if (next > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("n = " + n + " is too large for the pair layout");
        }
        start[pairs] = (int) next;
        return start;
    }

    /** Index in {@code data} of u for row i, column j ({@code firstColumn(i / 2) <= j < npad}); nt is L further. */
    public static int index(int[] start, int i, int j) {
        int q = i >> 1, f = firstColumn(q);
        return start[q] + 4 * LANES * ((j - f) / LANES) + 2 * LANES * (i & 1) + (j - f) % LANES;
    }

    /** Doubles of scratch {@link #rankOne} needs for n rows: each row's lane sums of g_i and h. */
    public static int rankOneScratchLength(int n) {
        return 2 * LANES * 2 * rowPairs(n);
    }

    /**
     * Rank one, row pairs {@code [qLo, qHi)}: adds the pairs' terms to {@code g} (padded, length
     * {@code npad}) and returns their share of h. {@code xp} is x padded with zeros to {@code npad};
     * {@code scratch} holds {@link #rankOneScratchLength} doubles. The rows' lane sums are parked there
     * and reduced after the last row (in the same order as at each row's end: later rows only add exact
     * zeros to g_i), which keeps the reductions' latency out of the loop over rows.
     */
    public static double rankOne(int n, double[] data, int[] start, int qLo, int qHi, double[] xp, double[] g,
                                 double[] scratch) {
        final int npad = paddedDimension(n), l1 = LANES, l2 = 2 * LANES, l3 = 3 * LANES, step = 4 * LANES;
        final DoubleVector zero = DoubleVector.zero(S);
        for (int q = qLo; q < qHi; q++) {
            final int a = 2 * q, b = a + 1;
            final DoubleVector xa = DoubleVector.broadcast(S, xp[a]), xb = DoubleVector.broadcast(S, xp[b]);
            DoubleVector ga = zero, gb = zero, ha = zero, hb = zero;
            int p = start[q];
            for (int j = firstColumn(q); j < npad; j += LANES, p += step) {
                DoubleVector xj = DoubleVector.fromArray(S, xp, j);
                DoubleVector da = xa.fma(xj, DoubleVector.fromArray(S, data, p + l1));
                DoubleVector db = xb.fma(xj, DoubleVector.fromArray(S, data, p + l3));
                DoubleVector ca = DoubleVector.fromArray(S, data, p).mul(da);
                DoubleVector cb = DoubleVector.fromArray(S, data, p + l2).mul(db);
                ha = ca.fma(da, ha);
                hb = cb.fma(db, hb);
                ga = ca.fma(xj, ga);
                gb = cb.fma(xj, gb);
                cb.fma(xb, ca.fma(xa, DoubleVector.fromArray(S, g, j))).intoArray(g, j);
            }
            int o = 4 * LANES * q; // row a: g lanes, h lanes; then row b
            ga.intoArray(scratch, o);
            ha.intoArray(scratch, o + l1);
            gb.intoArray(scratch, o + l2);
            hb.intoArray(scratch, o + l3);
        }
        double h = 0;
        for (int i = 2 * qLo; i < 2 * qHi; i++) {
            int o = 2 * LANES * i;
            double gi = scratch[o], hi = scratch[o + LANES];
            for (int l = 1; l < LANES; l++) {
                gi += scratch[o + l];
                hi += scratch[o + LANES + l];
            }
            g[i] += gi;
            h += hi;
        }
        return h;
    }

    /**
     * Rank r (any r >= 1), row pairs {@code [qLo, qHi)}, one row at a time: {@code xt} is X transposed and
     * padded (r x npad, column c at {@code c * npad}), {@code gt} the padded transposed accumulator;
     * {@code acc} a scratch of {@code r * LANES} doubles. Returns the rows' share of h. For r = 1 the
     * result equals {@link #rankOne}'s bit for bit.
     */
    public static double general(int n, int r, double[] data, int[] start, int qLo, int qHi, double[] xt, double[] gt,
                                 double[] acc) {
        final int npad = paddedDimension(n);
        final DoubleVector zero = DoubleVector.zero(S);
        double h = 0;
        for (int i = 2 * qLo; i < Math.min(2 * qHi, n); i++) {
            final int q = i >> 1, slot = (i & 1) * 2 * LANES;
            for (int c = 0; c < r * LANES; c++) acc[c] = 0;
            DoubleVector hh = zero;
            int p = start[q] + slot;
            for (int j = firstColumn(q); j < npad; j += LANES, p += 4 * LANES) {
                DoubleVector d = DoubleVector.fromArray(S, data, p + LANES);
                for (int c = 0; c < r; c++)
                    d = DoubleVector.broadcast(S, xt[c * npad + i]).fma(DoubleVector.fromArray(S, xt, c * npad + j), d);
                DoubleVector cv = DoubleVector.fromArray(S, data, p).mul(d);
                hh = cv.fma(d, hh);
                for (int c = 0; c < r; c++) {
                    int col = c * npad;
                    cv.fma(DoubleVector.fromArray(S, xt, col + j), DoubleVector.fromArray(S, acc, c * LANES)).intoArray(acc, c * LANES);
                    cv.fma(DoubleVector.broadcast(S, xt[col + i]), DoubleVector.fromArray(S, gt, col + j)).intoArray(gt, col + j);
                }
            }
            for (int c = 0; c < r; c++) gt[c * npad + i] += Kernels.sumLanes(DoubleVector.fromArray(S, acc, c * LANES));
            h += Kernels.sumLanes(hh);
        }
        return h;
    }

    /** Members per register block of the batch kernels: a batch is padded to a multiple of it. */
    public static final int MEMBER_BLOCK = 4;

    /** Doubles of scratch the batch kernels need at rank r: one member block's row lane sums. */
    public static int batchScratchLength(int r) {
        return MEMBER_BLOCK * (r + 1) * LANES;
    }

    /**
     * The batch form of {@link #rankOne} over row pairs {@code [qLo, qHi)} for members {@code [mLo, mHi)}
     * (multiples of {@link #MEMBER_BLOCK}): member m's padded x at {@code xb[m * npad]}, its padded
     * gradient accumulator at {@code gb[m * npad]} (zeroed by the caller), its share of h into
     * {@code h[m]}. Four members at a time: each chunk's u and nt are loaded once and applied to the
     * four members' columns, whose g and h lane sums stay in registers for the whole row (12 of the 16
     * AVX2 registers with the four x_i). Per member bitwise equal to {@link #rankOne} over the same pairs.
     */
    public static void batchRankOne(int n, double[] data, int[] start, int qLo, int qHi, int mLo, int mHi,
                                    double[] xb, double[] gb, double[] h, double[] scratch) {
        final int npad = paddedDimension(n), rows = Math.min(2 * qHi, n);
        final DoubleVector zero = DoubleVector.zero(S);
        for (int m0 = mLo; m0 < mHi; m0 += MEMBER_BLOCK) {
            final int o0 = m0 * npad, o1 = o0 + npad, o2 = o1 + npad, o3 = o2 + npad;
            double h0 = 0, h1 = 0, h2 = 0, h3 = 0;
            for (int i = 2 * qLo; i < rows; i++) {
                final int q = i >> 1;
                final DoubleVector xi0 = DoubleVector.broadcast(S, xb[o0 + i]), xi1 = DoubleVector.broadcast(S, xb[o1 + i]);
                final DoubleVector xi2 = DoubleVector.broadcast(S, xb[o2 + i]), xi3 = DoubleVector.broadcast(S, xb[o3 + i]);
                DoubleVector g0 = zero, g1 = zero, g2 = zero, g3 = zero, s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                int p = start[q] + (i & 1) * 2 * LANES;
                for (int j = firstColumn(q); j < npad; j += LANES, p += 4 * LANES) {
                    final DoubleVector u = DoubleVector.fromArray(S, data, p), nt = DoubleVector.fromArray(S, data, p + LANES);
                    DoubleVector x = DoubleVector.fromArray(S, xb, o0 + j);
                    DoubleVector d = xi0.fma(x, nt), c = u.mul(d);
                    s0 = c.fma(d, s0);
                    g0 = c.fma(x, g0);
                    c.fma(xi0, DoubleVector.fromArray(S, gb, o0 + j)).intoArray(gb, o0 + j);
                    x = DoubleVector.fromArray(S, xb, o1 + j);
                    d = xi1.fma(x, nt);
                    c = u.mul(d);
                    s1 = c.fma(d, s1);
                    g1 = c.fma(x, g1);
                    c.fma(xi1, DoubleVector.fromArray(S, gb, o1 + j)).intoArray(gb, o1 + j);
                    x = DoubleVector.fromArray(S, xb, o2 + j);
                    d = xi2.fma(x, nt);
                    c = u.mul(d);
                    s2 = c.fma(d, s2);
                    g2 = c.fma(x, g2);
                    c.fma(xi2, DoubleVector.fromArray(S, gb, o2 + j)).intoArray(gb, o2 + j);
                    x = DoubleVector.fromArray(S, xb, o3 + j);
                    d = xi3.fma(x, nt);
                    c = u.mul(d);
                    s3 = c.fma(d, s3);
                    g3 = c.fma(x, g3);
                    c.fma(xi3, DoubleVector.fromArray(S, gb, o3 + j)).intoArray(gb, o3 + j);
                }
                // The lane sums in rankOne's order. Adding g_i now rather than after the last row, as
                // rankOne does, gives the same bits: later rows add exact zeros to column i.
                g0.intoArray(scratch, 0);
                g1.intoArray(scratch, LANES);
                g2.intoArray(scratch, 2 * LANES);
                g3.intoArray(scratch, 3 * LANES);
                s0.intoArray(scratch, 4 * LANES);
                s1.intoArray(scratch, 5 * LANES);
                s2.intoArray(scratch, 6 * LANES);
                s3.intoArray(scratch, 7 * LANES);
                gb[o0 + i] += laneSum(scratch, 0);
                gb[o1 + i] += laneSum(scratch, LANES);
                gb[o2 + i] += laneSum(scratch, 2 * LANES);
                gb[o3 + i] += laneSum(scratch, 3 * LANES);
                h0 += laneSum(scratch, 4 * LANES);
                h1 += laneSum(scratch, 5 * LANES);
                h2 += laneSum(scratch, 6 * LANES);
                h3 += laneSum(scratch, 7 * LANES);
            }
            h[m0] = h0;
            h[m0 + 1] = h1;
            h[m0 + 2] = h2;
            h[m0 + 3] = h3;
        }
    }

    /** {@code ((v0 + v1) + v2) + ...} over the L doubles at {@code v[o]}: the order of {@link Kernels#sumLanes}. */
    static double laneSum(double[] v, int o) {
        double s = v[o];
        for (int l = 1; l < LANES; l++) s += v[o + l];
        return s;
    }

    /**
     * The batch form of {@link #general} for any r &gt;= 1, members {@code [mLo, mHi)} (multiples of
     * {@link #MEMBER_BLOCK}): member m's transposed padded X (the single kernel's {@code xt}) at
     * {@code xb[m * r * npad]}, its accumulator the same way in {@code gb} (zeroed by the caller), its
     * share of h into {@code h[m]}; {@code scratch} holds {@link #batchScratchLength}{@code (r)} doubles.
     * Each chunk's u and nt serve a block of members; the lane sums live in the scratch, as
     * {@code general}'s do in its {@code acc}. Per member bitwise equal to {@link #general} (at r = 1 to
     * {@link #rankOne} and {@link #batchRankOne}).
     */
    public static void batchGeneral(int n, int r, double[] data, int[] start, int qLo, int qHi, int mLo, int mHi,
                                    double[] xb, double[] gb, double[] h, double[] scratch) {
        final int npad = paddedDimension(n), stride = r * npad, sums = (r + 1) * LANES, rows = Math.min(2 * qHi, n);
        for (int m0 = mLo; m0 < mHi; m0 += MEMBER_BLOCK) {
            for (int m = m0; m < m0 + MEMBER_BLOCK; m++) h[m] = 0;
            for (int i = 2 * qLo; i < rows; i++) {
                final int q = i >> 1;
                java.util.Arrays.fill(scratch, 0, MEMBER_BLOCK * sums, 0.0);
                int p = start[q] + (i & 1) * 2 * LANES;
                for (int j = firstColumn(q); j < npad; j += LANES, p += 4 * LANES) {
                    final DoubleVector u = DoubleVector.fromArray(S, data, p), nt = DoubleVector.fromArray(S, data, p + LANES);
                    for (int b = 0; b < MEMBER_BLOCK; b++) {
                        final int xo = (m0 + b) * stride, so = b * sums;
                        DoubleVector d = nt;
                        for (int c = 0; c < r; c++)
                            d = DoubleVector.broadcast(S, xb[xo + c * npad + i]).fma(DoubleVector.fromArray(S, xb, xo + c * npad + j), d);
                        final DoubleVector cv = u.mul(d);
                        final int hs = so + r * LANES;
                        cv.fma(d, DoubleVector.fromArray(S, scratch, hs)).intoArray(scratch, hs);
                        for (int c = 0; c < r; c++) {
                            final int col = xo + c * npad, as = so + c * LANES;
                            cv.fma(DoubleVector.fromArray(S, xb, col + j), DoubleVector.fromArray(S, scratch, as)).intoArray(scratch, as);
                            cv.fma(DoubleVector.broadcast(S, xb[col + i]), DoubleVector.fromArray(S, gb, col + j)).intoArray(gb, col + j);
                        }
                    }
                }
                for (int b = 0; b < MEMBER_BLOCK; b++) {
                    final int xo = (m0 + b) * stride, so = b * sums;
                    for (int c = 0; c < r; c++) gb[xo + c * npad + i] += laneSum(scratch, so + c * LANES);
                    h[m0 + b] += laneSum(scratch, so + r * LANES);
                }
            }
        }
    }
}
