package sod.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import sod.kernels.SparseLowerKernels;
import sod.kernels.SparseUpperKernels;

/**
 * One Spark partition's share of the completion operator: its own rows [lo, hi) with every observation
 * that touches them, so that a task computes whole gradient rows with sod's own kernels
 * ({@link SparseUpperKernels}, {@link SparseLowerKernels}) and nothing but scalars is ever added across
 * partitions.
 *
 * <h2>Layout</h2>
 * Rows are renumbered locally: own rows first (local k = global lo + k), then the <em>ghost</em> rows
 * (global j &lt; lo that observe an own row), then the rows above (global j &gt;= hi that own rows observe),
 * each group ascending. The local upper CSR holds the own entries (i in [lo, hi), j &gt;= i; observation
 * order = the global one) followed by the ghost entries (j &lt; lo, i own), which are the owner's entries
 * copied here: their residuals are recomputed locally, with the same kernel and the same operands, so
 * pass 2 can gather them. Each own row's lower list (entries (j, i), j &lt; i) is in ascending global j,
 * ghosts first: the single machine's order. Renumbering changes no sum: the kernels walk the lists in
 * stored order, and only ever compare a row with a column for equality.
 *
 * <p>h is returned per single-machine chunk (the block's rows are a union of chunks, {@link RowPlan}), so
 * the driver adds the same partial sums in the same order as {@code EntryWeightedSparse}.
 *
 * <p>Unit weights (completion from (i, j, value) data). Immutable once built; every method allocates its
 * outputs, since they become Spark results or cached partitions.
 */
final class CompletionBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition, lo, hi;
    /** Own rows (hi - lo) and ghost rows. */
    final int own, ghosts;
    /** Global index of local rows own, own + 1, ...: ghost rows then rows above, each ascending. */
    final int[] neighbourRows;
    /** Chunk boundaries in local rows (0 .. own). */
    final int[] chunkStart;
    /** Local upper CSR over own then ghost rows (length own + ghosts + 1); columns local. */
    final int[] upperStart, upperCols;
    /** b of each local entry: own entries, then ghost entries. */
    final double[] b;
    /** Own entries are local 0 .. ownEntries-1, global firstEntry + e. */
    final int ownEntries, firstEntry;
    /** Global observation index of each ghost entry (local ownEntries + g). */
    final int[] ghostEntry;
    /** Lower lists of own rows: local column and local entry index. */
    final int[] lowerStart, lowerCols, lowerEntry;

    private CompletionBlock(int partition, int lo, int hi, int ghosts, int[] neighbourRows, int[] chunkStart,
                            int[] upperStart, int[] upperCols, double[] b, int ownEntries, int firstEntry,
                            int[] ghostEntry, int[] lowerStart, int[] lowerCols, int[] lowerEntry) {
        this.partition = partition;
        this.lo = lo;
        this.hi = hi;
        this.own = hi - lo;
        this.ghosts = ghosts;
        this.neighbourRows = neighbourRows;
        this.chunkStart = chunkStart;
        this.upperStart = upperStart;
        this.upperCols = upperCols;
        this.b = b;
        this.ownEntries = ownEntries;
        this.firstEntry = firstEntry;
        this.ghostEntry = ghostEntry;
        this.lowerStart = lowerStart;
        this.lowerCols = lowerCols;
        this.lowerEntry = lowerEntry;
    }

    /**
     * The block from its own rows and the ghost copies its neighbours sent (rows &lt; lo, columns own,
     * each with its global observation index; in any order).
     *
     * @param firstEntry global index of the first own observation
     */
    static CompletionBlock build(OwnRows mine, List<EntryBatch> ghostBatches, RowPlan plan, int firstEntry) {
        int lo = mine.lo, hi = mine.hi, own = hi - lo;
        // ghost entries in (row, column) order
        int ghostCount = 0;
        for (EntryBatch g : ghostBatches) ghostCount += g.size;
        int[] gRow = new int[ghostCount], gCol = new int[ghostCount], gGlobal = new int[ghostCount];
        double[] gValue = new double[ghostCount];
        int e = 0;
        for (EntryBatch g : ghostBatches) {
            for (int k = 0; k < g.size; k++, e++) {
                gRow[e] = g.rows[k];
                gCol[e] = g.cols[k];
                gGlobal[e] = g.global[k];
                gValue[e] = g.values[k];
            }
        }
        int[] ghostRows = distinctSorted(gRow, ghostCount);
        int[] gDense = new int[ghostCount];
        for (int k = 0; k < ghostCount; k++) gDense[k] = Arrays.binarySearch(ghostRows, gRow[k]);
        RowMajorOrder gOrder = RowMajorOrder.of(ghostRows.length, gDense, gCol, ghostCount);

        int ownEntries = mine.size();
        int[] above = new int[ownEntries];
        int aboveCount = 0;
        for (int k = 0; k < ownEntries; k++) if (mine.cols[k] >= hi) above[aboveCount++] = mine.cols[k];
        int[] aboveRows = distinctSorted(above, aboveCount);

        int g = ghostRows.length;
        int[] neighbourRows = new int[g + aboveRows.length];
        System.arraycopy(ghostRows, 0, neighbourRows, 0, g);
        System.arraycopy(aboveRows, 0, neighbourRows, g, aboveRows.length);

        int entries = ownEntries + ghostCount;
        int[] upperStart = new int[own + g + 1];
        int[] upperCols = new int[entries];
        double[] b = new double[entries];
        int[] ghostEntry = new int[ghostCount];
        System.arraycopy(mine.rowStart, 0, upperStart, 0, own + 1);
        for (int k = 0; k < ownEntries; k++) {
            int j = mine.cols[k];
            upperCols[k] = j < hi ? j - lo : own + g + Arrays.binarySearch(aboveRows, j);
            b[k] = mine.values[k];
        }
        for (int q = 0; q < g; q++) {
            for (int p = gOrder.rowStart[q]; p < gOrder.rowStart[q + 1]; p++) {
                int src = gOrder.order[p], local = ownEntries + p;
                upperCols[local] = gCol[src] - lo;
                b[local] = gValue[src];
                ghostEntry[p] = gGlobal[src];
            }
            upperStart[own + q + 1] = ownEntries + gOrder.rowStart[q + 1];
        }

        // lower lists of own rows in ascending global j: ghost rows (all < lo) first, then own rows
        int[] lowerStart = new int[own + 1];
        for (int p = 0; p < ghostCount; p++) lowerStart[upperCols[ownEntries + p] + 1]++;
        for (int k = 0; k < own; k++) {
            for (int q = upperStart[k]; q < upperStart[k + 1]; q++) {
                int c = upperCols[q];
                if (c > k && c < own) lowerStart[c + 1]++;
            }
        }
        for (int k = 0; k < own; k++) lowerStart[k + 1] += lowerStart[k];
        int lowerSize = lowerStart[own];
        int[] lowerCols = new int[lowerSize], lowerEntry = new int[lowerSize];
        int[] fill = Arrays.copyOf(lowerStart, own);
        for (int q = 0; q < g; q++) {
            for (int p = upperStart[own + q]; p < upperStart[own + q + 1]; p++) {
                int c = upperCols[p], at = fill[c]++;
                lowerCols[at] = own + q;
                lowerEntry[at] = p;
            }
        }
        for (int k = 0; k < own; k++) {
            for (int q = upperStart[k]; q < upperStart[k + 1]; q++) {
                int c = upperCols[q];
                if (c > k && c < own) {
                    int at = fill[c]++;
                    lowerCols[at] = k;
                    lowerEntry[at] = q;
                }
            }
        }
        return new CompletionBlock(mine.partition, lo, hi, g, neighbourRows, plan.localChunkStarts(mine.partition),
                upperStart, upperCols, b, ownEntries, firstEntry, ghostEntry, lowerStart, lowerCols, lowerEntry);
    }

    private static int[] distinctSorted(int[] a, int size) {
        int[] s = Arrays.copyOf(a, size);
        Arrays.sort(s);
        int d = 0;
        for (int k = 0; k < size; k++) if (d == 0 || s[k] != s[d - 1]) s[d++] = s[k];
        return Arrays.copyOf(s, d);
    }

    /** Own observations on the diagonal. */
    long diagonalEntries() {
        long d = 0;
        for (int k = 0; k < own; k++) {
            for (int e = upperStart[k]; e < upperStart[k + 1]; e++) if (upperCols[e] == k) d++;
        }
        return d;
    }

    int chunks() {
        return chunkStart.length - 1;
    }

    int entries() {
        return b.length;
    }

    /** The local rows of an n x k factor: own rows, then the neighbours. */
    double[] localRows(double[] factor, int k) {
        double[] local = new double[(own + neighbourRows.length) * k];
        System.arraycopy(factor, lo * k, local, 0, own * k);
        for (int q = 0; q < neighbourRows.length; q++) System.arraycopy(factor, neighbourRows[q] * k, local, (own + q) * k, k);
        return local;
    }

    /** The local entries (own, then ghosts) of a length-m vector. */
    double[] localEntries(double[] y) {
        double[] local = new double[entries()];
        System.arraycopy(y, firstEntry, local, 0, ownEntries);
        for (int p = 0; p < ghostEntry.length; p++) local[ownEntries + p] = y[ghostEntry[p]];
        return local;
    }

    /**
     * The fused pass at X (n x r): residuals of every local entry, the gradient rows {@code 2 A*(res) X} of
     * the own rows and the sum of squared residuals of each chunk; exactly
     * {@code EntryWeightedSparse.residualAndGradient}'s passes restricted to these rows.
     *
     * @param bLocal b on the local entries (normally {@link #b})
     */
    BlockEvaluation evaluate(double[] x, int r, double[] bLocal) {
        double[] xl = localRows(x, r);
        double[] residual = new double[entries()];
        double[] grad = new double[(own + ghosts) * r];
        double[] acc = new double[r];
        double[] chunkH = new double[chunks()];
        for (int c = 0; c < chunkH.length; c++) {
            chunkH[c] = SparseUpperKernels.residual(chunkStart[c], chunkStart[c + 1], upperStart, upperCols, null, null,
                    xl, r, bLocal, residual, grad, acc);
        }
        // ghost residuals (their owners count them in h); the ghost rows' gradient is thrown away
        SparseUpperKernels.residual(own, own + ghosts, upperStart, upperCols, null, null, xl, r, bLocal, residual, grad, acc);
        SparseLowerKernels.gather(0, own, lowerStart, lowerCols, lowerEntry, residual, 1.0, xl, r, grad, acc);
        return new BlockEvaluation(residual, Arrays.copyOf(grad, own * r), chunkH);
    }

    /** {@code <A_e, U V^T>} of the own entries (u, v n x k). */
    double[] measure(double[] u, double[] v, int k) {
        double[] ul = localRows(u, k), vl = u == v ? ul : localRows(v, k);
        double[] out = new double[ownEntries];
        SparseUpperKernels.measure(0, own, upperStart, upperCols, null, ul, vl, k, out);
        return out;
    }

    /** Own rows of {@code A*(y) V} (n x k) for y given on the local entries. */
    double[] adjointTimes(double[] yLocal, double[] v, int k) {
        double[] vl = localRows(v, k);
        double[] out = new double[own * k];
        double[] acc = new double[k];
        SparseUpperKernels.adjoint(0, own, upperStart, upperCols, null, null, yLocal, vl, k, out, acc);
        SparseLowerKernels.gather(0, own, lowerStart, lowerCols, lowerEntry, yLocal, 0.5, vl, k, out, acc);
        return out;
    }

    /** y rearranged once for the rank-1 products of an adjoint map ({@link #mapTimes}). */
    MapCoefficients prepareMap(double[] yLocal) {
        double[] lowerCoef = new double[lowerStart[own]];
        SparseLowerKernels.gatherCoefficients(0, own, lowerStart, lowerEntry, null, yLocal, lowerCoef);
        return new MapCoefficients(yLocal, lowerCoef);
    }

    /** Own rows of {@code A*(y) v} for one n-vector v, from {@link #prepareMap}. */
    double[] mapTimes(MapCoefficients map, double[] v) {
        double[] vl = localRows(v, 1);
        double[] out = new double[own];
        SparseLowerKernels.adjointRank1(0, own, upperStart, upperCols, null, map.y(), lowerStart, lowerCols, map.lowerCoef(), vl, out);
        return out;
    }

    /** Own entries as (row start per own row, global columns): the pattern for the driver's dense adjoint. */
    int[][] ownPattern() {
        int[] cols = new int[ownEntries];
        for (int k = 0; k < ownEntries; k++) {
            int c = upperCols[k];
            cols[k] = c < own ? lo + c : neighbourRows[c - own];
        }
        return new int[][] {Arrays.copyOf(upperStart, own + 1), cols};
    }
}
