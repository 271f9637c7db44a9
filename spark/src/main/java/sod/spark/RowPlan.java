package sod.spark;

import java.io.Serializable;
import java.util.Arrays;
import sod.SodInputException;
import sod.operators.EntryWeightedSparse;

/**
 * Which rows each Spark partition owns: contiguous row ranges that are unions of the single-machine
 * operator's h chunks ({@link EntryWeightedSparse#chunkRowStarts}), about equal in work. Because no chunk
 * is ever split, the per-chunk sums of squared residuals a partition returns are the single machine's own,
 * and the driver adds them in chunk order: h has the same bits for every partition count.
 *
 * <p>A partition may own no rows when there are more partitions than chunks. Immutable; shipped to tasks.
 */
final class RowPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Dimension n. */
    final int n;
    /** Global chunk boundaries: chunk c is rows chunkStart[c] .. chunkStart[c+1]-1. */
    final int[] chunkStart;
    /** Partition p owns chunks partChunk[p] .. partChunk[p+1]-1. */
    final int[] partChunk;

    private RowPlan(int n, int[] chunkStart, int[] partChunk) {
        this.n = n;
        this.chunkStart = chunkStart;
        this.partChunk = partChunk;
    }

    /**
     * The plan for row degrees (upper plus strictly-lower entries of every row) over {@code partitions}
     * partitions: chunk ranges of about equal work (rows plus list entries), as the single machine
     * balances its threads.
     */
    static RowPlan of(int[] rowDegree, int partitions) {
        if (partitions < 1) throw new SodInputException("spark: partitions must be >= 1, got " + partitions);
        int n = rowDegree.length;
        int[] chunkStart = EntryWeightedSparse.chunkRowStarts(rowDegree);
        int chunks = chunkStart.length - 1;
        long[] workBefore = new long[chunks + 1];
        for (int c = 0; c < chunks; c++) {
            long w = 0;
            for (int i = chunkStart[c]; i < chunkStart[c + 1]; i++) w += 1L + rowDegree[i];
            workBefore[c + 1] = workBefore[c] + w;
        }
        long total = workBefore[chunks];
        int[] partChunk = new int[partitions + 1];
        int c = 0;
        for (int p = 1; p < partitions; p++) {
            long target = total * p / partitions;
            while (c < chunks && workBefore[c + 1] <= target) c++;
            partChunk[p] = c;
        }
        partChunk[partitions] = chunks;
        return new RowPlan(n, chunkStart, partChunk);
    }

    int partitions() {
        return partChunk.length - 1;
    }

    int chunks() {
        return chunkStart.length - 1;
    }

    /** First row of partition p ({@code p = partitions()} gives n). */
    int firstRow(int p) {
        return chunkStart[partChunk[p]];
    }

    /** The partition owning row i: the last p whose first row is at most i and that owns rows. */
    int owner(int row) {
        int lo = 0, hi = partitions() - 1;
        while (lo < hi) { // largest p with firstRow(p) <= row
            int mid = (lo + hi + 1) >>> 1;
            if (firstRow(mid) <= row) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** Local chunk boundaries of partition p, relative to its first row. */
    int[] localChunkStarts(int p) {
        int first = partChunk[p], last = partChunk[p + 1];
        int[] local = Arrays.copyOfRange(chunkStart, first, last + 1);
        int lo = firstRow(p);
        for (int k = 0; k < local.length; k++) local[k] -= lo;
        return local;
    }
}
