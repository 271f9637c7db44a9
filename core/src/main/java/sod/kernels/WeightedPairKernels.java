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
 * before); the batch kernels ({@link #batchRankOne}, {@link #batchGeneral}) run one member per lane and
 * keep the L lane sums as L vectors per member block, so every member gets exactly the operations, in
 * exactly the order, of the single-problem kernels: bitwise equal results. (Row a's end adds to
 * {@code g_a} before or after row b's zero term for column a: the same bits, since no sum here is ever
 * -0.) {@link #batchRankOneColumns} is rankOne itself for two members at a time on a member-major
 * layout (the larger sizes). Twins in {@link ScalarKernels} and {@link ScalarBatchKernels}.
 *
 * <h2>Why five operations per pair bound every kernel here</h2>
 * d, c = u d, and the three multiply-adds into h, g_i and g_j are each one rounding of the single
 * kernel's arithmetic, so a batch member that must keep its bits cannot drop any of them: 5 vector
 * operations per L entries of the upper triangle and member, 4200 per point at n = 80, i.e. 0.6 us at
 * two FMA pipes and 3.5 GHz (0.8 us at the 5.3 vector FMAs per ns a pure FMA loop reaches on the
 * 2-core Zen 3 this was measured on). {@link #rankOne} and {@link #batchRankOne} run at 55-70% of that
 * loop's rate at n = 80 ({@code sod.bench.PmcBatchKernels}); a batch saves only what lies outside the
 * FMAs (row ends, weight loads from L2).
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

    /**
     * The batch form of {@link #rankOne} over row pairs {@code [qLo, qHi)}: {@code k} members (a multiple of
     * {@link #LANES}) interleaved, {@code xb[j * k + member]} (padded rows j &lt; npad zero), {@code gb} the
     * same layout (zeroed by the caller); member blocks {@code [mLo, mHi)} (multiples of L) processed;
     * {@code h[member]} receives each member's share. Per member bitwise equal to {@link #rankOne} over
     * the same row pairs.
     */
    public static void batchRankOne(int n, double[] data, int[] start, int qLo, int qHi, int k, int mLo, int mHi,
                                    double[] xb, double[] gb, double[] h, double[] scratch) {
        if (LANES == 4) batchRankOneFour(n, data, start, qLo, qHi, k, mLo, mHi, xb, gb, h);
        else batchGeneral(n, 1, data, start, qLo, qHi, k, mLo, mHi, xb, gb, h, scratch);
    }

    /** Doubles of scratch {@link #batchGeneral} needs for rank r (the lane sums of one member block). */
    public static int batchScratchLength(int r) {
        return (r + 1) * LANES * LANES;
    }

    /**
     * The batch form of {@link #general} for any r and width: member j-row {@code j}, component c at
     * {@code xb[(j * r + c) * k + member]}; the lane sums live in {@code scratch}
     * ({@link #batchScratchLength}). Per member bitwise equal to {@link #general} (and so to
     * {@link #rankOne} for r = 1).
     */
    public static void batchGeneral(int n, int r, double[] data, int[] start, int qLo, int qHi, int k, int mLo, int mHi,
                                    double[] xb, double[] gb, double[] h, double[] scratch) {
        final int npad = paddedDimension(n), sq = LANES * LANES, hOff = r * sq;
        final DoubleVector zero = DoubleVector.zero(S);
        for (int m0 = mLo; m0 < mHi; m0 += LANES) {
            DoubleVector hv = zero;
            for (int i = 2 * qLo; i < Math.min(2 * qHi, n); i++) {
                final int q = i >> 1;
                for (int e = 0; e < (r + 1) * sq; e++) scratch[e] = 0;
                int p = start[q] + (i & 1) * 2 * LANES;
                for (int j = firstColumn(q); j < npad; j += LANES, p += 4 * LANES) {
                    for (int l = 0; l < LANES; l++) {
                        final int row = (j + l) * r;
                        DoubleVector d = DoubleVector.broadcast(S, data[p + LANES + l]);
                        for (int c = 0; c < r; c++)
                            d = DoubleVector.fromArray(S, xb, (i * r + c) * k + m0).fma(DoubleVector.fromArray(S, xb, (row + c) * k + m0), d);
                        DoubleVector cv = DoubleVector.broadcast(S, data[p + l]).mul(d);
                        int hs = hOff + l * LANES;
                        cv.fma(d, DoubleVector.fromArray(S, scratch, hs)).intoArray(scratch, hs);
                        for (int c = 0; c < r; c++) {
                            int xo = (row + c) * k + m0, as = (c * LANES + l) * LANES;
                            cv.fma(DoubleVector.fromArray(S, xb, xo), DoubleVector.fromArray(S, scratch, as)).intoArray(scratch, as);
                            cv.fma(DoubleVector.fromArray(S, xb, (i * r + c) * k + m0), DoubleVector.fromArray(S, gb, xo)).intoArray(gb, xo);
                        }
                    }
                }
                for (int c = 0; c < r; c++) {
                    DoubleVector s = DoubleVector.fromArray(S, scratch, c * sq);
                    for (int l = 1; l < LANES; l++) s = s.add(DoubleVector.fromArray(S, scratch, (c * LANES + l) * LANES));
                    int go = (i * r + c) * k + m0;
                    DoubleVector.fromArray(S, gb, go).add(s).intoArray(gb, go);
                }
                DoubleVector s = DoubleVector.fromArray(S, scratch, hOff);
                for (int l = 1; l < LANES; l++) s = s.add(DoubleVector.fromArray(S, scratch, hOff + l * LANES));
                hv = hv.add(s);
            }
            hv.intoArray(h, m0);
        }
    }

    /**
     * {@link #batchRankOne} at four lanes (AVX2's 256 bits): the four lane sums of g_i and of h in
     * registers (8 accumulators, xi, and the temporaries fill the 16 vector registers).
     */
    static void batchRankOneFour(int n, double[] data, int[] start, int qLo, int qHi, int k, int mLo, int mHi,
                                 double[] xb, double[] gb, double[] h) {
        final int npad = paddedDimension(n);
        final DoubleVector zero = DoubleVector.zero(S);
        for (int m0 = mLo; m0 < mHi; m0 += 4) {
            DoubleVector hv = zero;
            for (int i = 2 * qLo; i < Math.min(2 * qHi, n); i++) {
                final int q = i >> 1, io = i * k + m0;
                final DoubleVector xi = DoubleVector.fromArray(S, xb, io);
                DoubleVector g0 = zero, g1 = zero, g2 = zero, g3 = zero, h0 = zero, h1 = zero, h2 = zero, h3 = zero;
                int p = start[q] + (i & 1) * 8;
                for (int j = firstColumn(q); j < npad; j += 4, p += 16) {
                    int o = j * k + m0;
                    DoubleVector x0 = DoubleVector.fromArray(S, xb, o);
                    DoubleVector d0 = xi.fma(x0, DoubleVector.broadcast(S, data[p + 4]));
                    DoubleVector c0 = DoubleVector.broadcast(S, data[p]).mul(d0);
                    h0 = c0.fma(d0, h0);
                    g0 = c0.fma(x0, g0);
                    c0.fma(xi, DoubleVector.fromArray(S, gb, o)).intoArray(gb, o);
                    o += k;
                    DoubleVector x1 = DoubleVector.fromArray(S, xb, o);
                    DoubleVector d1 = xi.fma(x1, DoubleVector.broadcast(S, data[p + 5]));
                    DoubleVector c1 = DoubleVector.broadcast(S, data[p + 1]).mul(d1);
                    h1 = c1.fma(d1, h1);
                    g1 = c1.fma(x1, g1);
                    c1.fma(xi, DoubleVector.fromArray(S, gb, o)).intoArray(gb, o);
                    o += k;
                    DoubleVector x2 = DoubleVector.fromArray(S, xb, o);
                    DoubleVector d2 = xi.fma(x2, DoubleVector.broadcast(S, data[p + 6]));
                    DoubleVector c2 = DoubleVector.broadcast(S, data[p + 2]).mul(d2);
                    h2 = c2.fma(d2, h2);
                    g2 = c2.fma(x2, g2);
                    c2.fma(xi, DoubleVector.fromArray(S, gb, o)).intoArray(gb, o);
                    o += k;
                    DoubleVector x3 = DoubleVector.fromArray(S, xb, o);
                    DoubleVector d3 = xi.fma(x3, DoubleVector.broadcast(S, data[p + 7]));
                    DoubleVector c3 = DoubleVector.broadcast(S, data[p + 3]).mul(d3);
                    h3 = c3.fma(d3, h3);
                    g3 = c3.fma(x3, g3);
                    c3.fma(xi, DoubleVector.fromArray(S, gb, o)).intoArray(gb, o);
                }
                DoubleVector.fromArray(S, gb, io).add(g0.add(g1).add(g2).add(g3)).intoArray(gb, io);
                hv = hv.add(h0.add(h1).add(h2).add(h3));
            }
            hv.intoArray(h, m0);
        }
    }

    /** Doubles of scratch {@link #batchRankOneColumns} needs for n rows: two members' parked row lane sums. */
    public static int batchColumnsScratchLength(int n) {
        return 2 * rankOneScratchLength(n);
    }

    /**
     * {@link #rankOne} for two members at a time, members {@code [mLo, mHi)} (even bounds) of the
     * member-major layout: member m's padded x at {@code xb[m * npad]}, its padded gradient accumulator at
     * {@code gb[m * npad]} (zeroed by the caller), its share of h into {@code h[m]}. Per chunk the four
     * weight vectors of the row pair serve both members, and each member's x and g run is contiguous;
     * every member gets rankOne's operations in rankOne's order (lane sums parked in {@code scratch},
     * {@link #batchColumnsScratchLength}): bitwise equal. From n = 100 or so this beats
     * {@link #batchRankOne}, whose member-interleaved rows touch a line of x and of g per column (20 KB per
     * block at n = 160, beside the weight stream through L1); below, batchRankOne's row ends (vertical
     * adds, no parked lane sums) make it the faster one.
     */
    public static void batchRankOneColumns(int n, double[] data, int[] start, int qLo, int qHi, int mLo, int mHi,
                                           double[] xb, double[] gb, double[] h, double[] scratch) {
        final int npad = paddedDimension(n), l1 = LANES, l2 = 2 * LANES, l3 = 3 * LANES, step = 4 * LANES;
        final DoubleVector zero = DoubleVector.zero(S);
        for (int m0 = mLo; m0 < mHi; m0 += 2) {
            final int o0 = m0 * npad, o1 = o0 + npad;
            for (int q = qLo; q < qHi; q++) {
                final int a = 2 * q;
                final DoubleVector xa0 = DoubleVector.broadcast(S, xb[o0 + a]), xb0 = DoubleVector.broadcast(S, xb[o0 + a + 1]);
                final DoubleVector xa1 = DoubleVector.broadcast(S, xb[o1 + a]), xb1 = DoubleVector.broadcast(S, xb[o1 + a + 1]);
                DoubleVector ga0 = zero, gb0 = zero, ha0 = zero, hb0 = zero, ga1 = zero, gb1 = zero, ha1 = zero, hb1 = zero;
                int p = start[q];
                for (int j = firstColumn(q); j < npad; j += LANES, p += step) {
                    DoubleVector x = DoubleVector.fromArray(S, xb, o0 + j);
                    DoubleVector da = xa0.fma(x, DoubleVector.fromArray(S, data, p + l1));
                    DoubleVector db = xb0.fma(x, DoubleVector.fromArray(S, data, p + l3));
                    DoubleVector ca = DoubleVector.fromArray(S, data, p).mul(da);
                    DoubleVector cb = DoubleVector.fromArray(S, data, p + l2).mul(db);
                    ha0 = ca.fma(da, ha0);
                    hb0 = cb.fma(db, hb0);
                    ga0 = ca.fma(x, ga0);
                    gb0 = cb.fma(x, gb0);
                    cb.fma(xb0, ca.fma(xa0, DoubleVector.fromArray(S, gb, o0 + j))).intoArray(gb, o0 + j);
                    x = DoubleVector.fromArray(S, xb, o1 + j);
                    da = xa1.fma(x, DoubleVector.fromArray(S, data, p + l1));
                    db = xb1.fma(x, DoubleVector.fromArray(S, data, p + l3));
                    ca = DoubleVector.fromArray(S, data, p).mul(da);
                    cb = DoubleVector.fromArray(S, data, p + l2).mul(db);
                    ha1 = ca.fma(da, ha1);
                    hb1 = cb.fma(db, hb1);
                    ga1 = ca.fma(x, ga1);
                    gb1 = cb.fma(x, gb1);
                    cb.fma(xb1, ca.fma(xa1, DoubleVector.fromArray(S, gb, o1 + j))).intoArray(gb, o1 + j);
                }
                // rankOne's parking: per row (a, then b) its g lanes then its h lanes; member 1 after member 0
                int s0 = step * q, s1 = s0 + step * rowPairs(n);
                ga0.intoArray(scratch, s0);
                ha0.intoArray(scratch, s0 + l1);
                gb0.intoArray(scratch, s0 + l2);
                hb0.intoArray(scratch, s0 + l3);
                ga1.intoArray(scratch, s1);
                ha1.intoArray(scratch, s1 + l1);
                gb1.intoArray(scratch, s1 + l2);
                hb1.intoArray(scratch, s1 + l3);
            }
            h[m0] = reduceParked(qLo, qHi, gb, o0, scratch, 0);
            h[m0 + 1] = reduceParked(qLo, qHi, gb, o1, scratch, step * rowPairs(n));
        }
    }

    /** rankOne's end: each row's parked lane sums, from lane 0, into {@code g[o + i]}; returns the rows' h. */
    private static double reduceParked(int qLo, int qHi, double[] g, int o, double[] scratch, int base) {
        double h = 0;
        for (int i = 2 * qLo; i < 2 * qHi; i++) {
            int s = base + 2 * LANES * i;
            double gi = scratch[s], hi = scratch[s + LANES];
            for (int l = 1; l < LANES; l++) {
                gi += scratch[s + l];
                hi += scratch[s + LANES + l];
            }
            g[o + i] += gi;
            h += hi;
        }
        return h;
    }
}
