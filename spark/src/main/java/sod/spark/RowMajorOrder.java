package sod.spark;

import java.util.Arrays;

/**
 * Puts entries into (row, column) order without boxing: a counting sort by row, then each row's
 * (column, arrival) keys sorted as longs. Ties in the column keep arrival order, so the result is a
 * function of the entries' arrival order only where columns repeat (callers merge repeats by a rule
 * that does not depend on it).
 */
final class RowMajorOrder {
    /** {@code rowStart[k] .. rowStart[k+1]-1} are the positions in {@link #order} of row k. */
    final int[] rowStart;
    /** Entry indices in (row, column) order. */
    final int[] order;

    private RowMajorOrder(int[] rowStart, int[] order) {
        this.rowStart = rowStart;
        this.order = order;
    }

    /**
     * @param rowCount rows 0 .. rowCount-1
     * @param row      dense row index of each entry
     * @param col      column of each entry, {@code 0 <= col < 2^31}
     * @param size     entries 0 .. size-1
     */
    static RowMajorOrder of(int rowCount, int[] row, int[] col, int size) {
        int[] start = new int[rowCount + 1];
        for (int e = 0; e < size; e++) start[row[e] + 1]++;
        for (int k = 0; k < rowCount; k++) start[k + 1] += start[k];
        long[] keys = new long[size];
        int[] fill = Arrays.copyOf(start, rowCount);
        for (int e = 0; e < size; e++) keys[fill[row[e]]++] = ((long) col[e] << 32) | e;
        for (int k = 0; k < rowCount; k++) Arrays.sort(keys, start[k], start[k + 1]);
        int[] order = new int[size];
        for (int p = 0; p < size; p++) order[p] = (int) keys[p];
        return new RowMajorOrder(start, order);
    }

    /** Column of the entry at position p (the key's high half). */
    static int column(int[] col, int[] order, int p) {
        return col[order[p]];
    }
}
