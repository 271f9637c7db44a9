package sod.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Observations as primitive arrays (row, column, value and, for ghost copies, the global index of the
 * observation): what tasks shuffle, a few large objects instead of one object per observation.
 * Grows by doubling while filled; {@link #trim} before shipping.
 */
final class EntryBatch implements Serializable {
    private static final long serialVersionUID = 1L;

    int size;
    int[] rows, cols, global;
    double[] values;

    EntryBatch(int capacity, boolean withGlobal) {
        int c = Math.max(capacity, 4);
        rows = new int[c];
        cols = new int[c];
        values = new double[c];
        global = withGlobal ? new int[c] : null;
    }

    void add(int row, int col, double value) {
        if (size == rows.length) grow();
        rows[size] = row;
        cols[size] = col;
        values[size] = value;
        size++;
    }

    void add(int row, int col, double value, int globalIndex) {
        add(row, col, value);
        global[size - 1] = globalIndex;
    }

    private void grow() {
        int c = 2 * rows.length;
        rows = Arrays.copyOf(rows, c);
        cols = Arrays.copyOf(cols, c);
        values = Arrays.copyOf(values, c);
        if (global != null) global = Arrays.copyOf(global, c);
    }

    EntryBatch trim() {
        rows = Arrays.copyOf(rows, size);
        cols = Arrays.copyOf(cols, size);
        values = Arrays.copyOf(values, size);
        if (global != null) global = Arrays.copyOf(global, size);
        return this;
    }
}
