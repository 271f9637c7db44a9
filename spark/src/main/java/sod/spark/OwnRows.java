package sod.spark;

import java.io.Serializable;
import java.util.List;
import sod.SodInputException;

/**
 * Stage 1 of the build: the observations (i, j &gt;= i) of partition p's own rows [lo, hi) in CSR order
 * (row, then column), a pair observed more than once kept once. Repeats whose values agree to a relative
 * {@value #REPEAT_TOLERANCE} are merged to the smallest value (a rule independent of the order in which
 * the shuffle delivers them); repeats that disagree are bad input.
 */
final class OwnRows implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Repeated pairs within this relative difference are one observation. */
    static final double REPEAT_TOLERANCE = 1e-12;

    final int partition, lo, hi;
    /** Local CSR: row lo + k has entries rowStart[k] .. rowStart[k+1]-1. */
    final int[] rowStart;
    /** Global column of each entry, ascending within a row. */
    final int[] cols;
    final double[] values;

    private OwnRows(int partition, int lo, int hi, int[] rowStart, int[] cols, double[] values) {
        this.partition = partition;
        this.lo = lo;
        this.hi = hi;
        this.rowStart = rowStart;
        this.cols = cols;
        this.values = values;
    }

    int size() {
        return cols.length;
    }

    /** Own rows of partition p from the batches routed to it (rows in [lo, hi), i &lt;= j). */
    static OwnRows build(int partition, RowPlan plan, List<EntryBatch> batches) {
        int lo = plan.firstRow(partition), hi = plan.firstRow(partition + 1), own = hi - lo;
        int size = 0;
        for (EntryBatch b : batches) size += b.size;
        int[] row = new int[size], col = new int[size];
        double[] value = new double[size];
        int e = 0;
        for (EntryBatch b : batches) {
            for (int k = 0; k < b.size; k++, e++) {
                row[e] = b.rows[k] - lo;
                col[e] = b.cols[k];
                value[e] = b.values[k];
            }
        }
        RowMajorOrder order = RowMajorOrder.of(own, row, col, size);
        int[] rowStart = new int[own + 1];
        int[] cols = new int[size];
        double[] values = new double[size];
        int m = 0;
        for (int k = 0; k < own; k++) {
            for (int p = order.rowStart[k]; p < order.rowStart[k + 1]; p++) {
                int src = order.order[p];
                int j = col[src];
                double v = value[src];
                if (m > rowStart[k] && cols[m - 1] == j) {
                    double w = values[m - 1];
                    if (!(Math.abs(v - w) <= REPEAT_TOLERANCE * Math.max(Math.abs(v), Math.abs(w))))
                        throw new SodInputException("observation (" + (lo + k) + ", " + j + ") is given twice with different values "
                                + w + " and " + v + " (as (i, j) or (j, i)); keep one of them");
                    values[m - 1] = Math.min(v, w);
                    continue;
                }
                cols[m] = j;
                values[m] = v;
                m++;
            }
            rowStart[k + 1] = m;
        }
        return new OwnRows(partition, lo, hi, rowStart, java.util.Arrays.copyOf(cols, m), java.util.Arrays.copyOf(values, m));
    }
}
