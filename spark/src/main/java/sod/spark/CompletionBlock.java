package sod.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import sod.kernels.SparsePairKernels;
import sod.kernels.SparseUpperKernels;

/**
 * One Spark partition's share of the completion operator: its own rows [lo, hi) with every observation
 * that touches them, so that a task computes whole gradient rows with sod's own kernels
 * ({@link SparsePairKernels}, {@link SparseUpperKernels} for measure) and nothing but scalars is ever
 * added across partitions.
 *
 * <h2>Layout</h2>
 * Rows are renumbered locally: own rows first (local k = global lo + k), then the <em>ghost</em> rows
 * (global j &lt; lo that observe an own row), then the rows above (global j &gt;= hi that own rows observe),
 * each group ascending. The local upper CSR holds the own entries (i in [lo, hi), j &gt;= i; observation
 * order = the global one) followed by the ghost entries (j &lt; lo, i own), which are the owner's entries
 * copied here: their residuals are recomputed locally, with the same kernel and the same operands.
 * Renumbering changes no sum: the kernels walk the lists in stored order, and only ever compare a row
 * with a column for equality.
 *
 * <h2>Order</h2>
 * The single machine's pair pass visits rows in ascending order, and pair (i, j &gt; i) adds to row i and
 * to row j; so own row i receives first the pairs (j', i) in ascending global j' (the ghost rows, all
 * &lt; lo, then the own rows before i), then its own entries in ascending column. A block reproduces that
 * by running the same kernel over the ghost rows (ascending) and then over the own rows: the ghost rows'
 * entries start the own rows' sums, while the ghost rows' own sums and h belong to their owners and are
 * dropped, as are the sums of the rows above (their owners see those pairs as ghost entries).
 *
 * <p>h is returned per single-machine chunk (the block's rows are a union of chunks, {@link RowPlan}), so
 * the driver adds the same partial sums in the same order as {@code EntryWeightedSparse}.
 *
 * <p>Unit weights (completion from (i, j, value) data). Immutable once built; every method allocates its
 * outputs, since they become Spark results or cached partitions.
 */
final class CompletionBlock implements Serializable {
    private static final long serialVersionUID = 2L;

    final int partition, lo, hi;
    /** Own rows (hi - lo) and ghost rows. */
    final int own, ghosts;
    /** Global index of local rows own, own + 1, ...: ghost rows then rows above, each ascending. */
    final int[] neighbourRows;
    /** Chunk boundaries in local rows (0 .. own). */
    final int[] chunkStart;
    /** Local upper CSR over own then ghost rows (length own + ghosts + 1); columns local. */
    final int[] upperStart, upperCols;
    /** {@code upperStart[i + 1]}: the row ends in the form the pair kernels take (one column segment). */
    final int[] upperEnd;
    /** b of each local entry: own entries, then ghost entries. */
    final double[] b;
    /** Own entries are local 0 .. ownEntries-1, global firstEntry + e. */
    final int ownEntries, firstEntry;
    /** Global observation index of each ghost entry (local ownEntries + g). */
    final int[] ghostEntry;

    private CompletionBlock(int partition, int lo, int hi, int ghosts, int[] neighbourRows, int[] chunkStart,
                            int[] upperStart, int[] upperCols, double[] b, int ownEntries, int firstEntry,
                            int[] ghostEntry) {
        this.partition = partition;
        this.lo = lo;
        this.hi = hi;
        this.own = hi - lo;
        this.ghosts = ghosts;
        this.neighbourRows = neighbourRows;
        this.chunkStart = chunkStart;
        this.upperStart = upperStart;
        this.upperCols = upperCols;
        this.upperEnd = Arrays.copyOfRange(upperStart, 1, upperStart.length);
        this.b = b;
        this.ownEntries = ownEntries;
        this.firstEntry = firstEntry;
        this.ghostEntry = ghostEntry;
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

        return new CompletionBlock(mine.partition, lo, hi, g, neighbourRows, plan.localChunkStarts(mine.partition),
                upperStart, upperCols, b, ownEntries, firstEntry, ghostEntry);
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
     * {@code EntryWeightedSparse.residualAndGradient}'s pass restricted to these rows (see Order above).
     * A chunk's sum adds its rows' sums in ascending row order, each row's taken over its own entries, as
     * the single machine forms it.
     *
     * @param bLocal b on the local entries (normally {@link #b})
     */
    BlockEvaluation evaluate(double[] x, int r, double[] bLocal) {
        double[] xl = localRows(x, r);
        double[] residual = new double[entries()];
        double[] grad = new double[xl.length]; // every local row: the pairs write to the neighbours too
        double[] rowH = new double[own + ghosts];
        // ghost rows first (they precede every own row globally), then the own rows; see Order above
        SparsePairKernels.residual(own, own + ghosts, upperStart, upperEnd, upperCols, null, xl, r, bLocal, residual, grad, rowH);
        SparsePairKernels.residual(0, own, upperStart, upperEnd, upperCols, null, xl, r, bLocal, residual, grad, rowH);
        double[] chunkH = new double[chunks()];
        for (int c = 0; c < chunkH.length; c++) {
            double part = 0;
            for (int i = chunkStart[c]; i < chunkStart[c + 1]; i++) part += rowH[i];
            chunkH[c] = part;
        }
        return new BlockEvaluation(residual, Arrays.copyOf(grad, own * r), chunkH);
    }

    /** {@code <A_e, U V^T>} of the own entries (u, v n x k). */
    double[] measure(double[] u, double[] v, int k) {
        double[] ul = localRows(u, k), vl = u == v ? ul : localRows(v, k);
        double[] out = new double[ownEntries];
        SparseUpperKernels.measure(0, own, upperStart, upperCols, null, ul, vl, k, out);
        return out;
    }

    /**
     * Own rows of {@code A*(y) V} (n x k) for y given on the local entries: the ghost rows, then the own
     * rows, as in {@link #evaluate}, so each row's sum runs in the single machine's order.
     */
    double[] adjointTimes(double[] yLocal, double[] v, int k) {
        double[] vl = localRows(v, k);
        double[] out = new double[vl.length];
        SparsePairKernels.adjoint(own, own + ghosts, upperStart, upperEnd, upperCols, null, yLocal, vl, k, out);
        SparsePairKernels.adjoint(0, own, upperStart, upperEnd, upperCols, null, yLocal, vl, k, out);
        return Arrays.copyOf(out, own * k);
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
