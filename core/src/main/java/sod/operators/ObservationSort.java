package sod.operators;

import java.util.Arrays;
import sod.SodInputException;

/** Puts observed entries (i, j) of a symmetric matrix into the upper-triangle CSR order the sparse operators take. */
final class ObservationSort {

    private ObservationSort() {
    }

    /**
     * Swaps each pair to {@code i <= j}, then sorts all arrays together by (i, j) in place (counting sort
     * by row, then by column within each row); a repeated pair is an error when {@code tolerance} is
     * negative, else kept once if both copies' values agree within the relative tolerance (and their
     * weights are equal), the first copy winning. Returns the number of distinct pairs, which end up
     * first. {@code weights} and {@code values} may be null.
     */
    static int sort(int n, int[] rows, int[] cols, double[] weights, double[] values, double tolerance) {
        int m = rows.length;
        if (cols.length != m || (weights != null && weights.length != m) || (values != null && values.length != m))
            throw new SodInputException("observations: index, weight and value arrays must have equal length");
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < m; k++) {
            int i = rows[k], j = cols[k];
            if (i < 0 || j < 0 || i >= n || j >= n)
                throw new SodInputException("observations: entry " + k + " at (" + i + ", " + j + ") is outside 0.." + (n - 1));
            if (i > j) {
                rows[k] = j;
                cols[k] = i;
            }
            rowStart[rows[k] + 1]++;
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        // (column << 32 | original index), grouped by row, then sorted by column inside each row
        long[] order = new long[m];
        int[] fill = Arrays.copyOf(rowStart, n);
        for (int k = 0; k < m; k++) order[fill[rows[k]]++] = ((long) cols[k] << 32) | k;
        fill = null;
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] - rowStart[i] > 1) Arrays.sort(order, rowStart[i], rowStart[i + 1]);
        }
        double[] weightCopy = weights == null ? null : weights.clone();
        double[] valueCopy = values == null ? null : values.clone();
        int row = 0, out = 0;
        for (int p = 0; p < m; p++) {
            while (rowStart[row + 1] <= p) row++;
            int col = (int) (order[p] >>> 32), source = (int) order[p];
            if (p > rowStart[row] && col == cols[out - 1]) {
                int kept = (int) order[p - 1];
                if (tolerance < 0)
                    throw new SodInputException("observations: entry (" + row + ", " + col + ") is given more than once");
                double a = valueCopy == null ? 0 : valueCopy[kept], b = valueCopy == null ? 0 : valueCopy[source];
                if (Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b))
                        || (weightCopy != null && weightCopy[kept] != weightCopy[source]))
                    throw new SodInputException("observations: entry (" + row + ", " + col + ") is given twice with different values "
                            + a + " and " + b + (weightCopy != null ? " (or weights)" : "") + "; give each pair once");
                continue;
            }
            rows[out] = row;
            cols[out] = col;
            if (weights != null) weights[out] = weightCopy[source];
            if (values != null) values[out] = valueCopy[source];
            out++;
        }
        return out;
    }
}
