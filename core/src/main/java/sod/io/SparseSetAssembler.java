package sod.io;

import java.io.IOException;
import java.util.Arrays;

import sod.SodInputException;

/**
 * Builds a {@link SparseSymmetricSet} from any {@link SparseEntrySource} in two streaming passes,
 * so that memory is the result plus the mirror entries it is checked against, never a copy of the
 * file's index arrays:
 *
 * <ol>
 *   <li>count, per measurement, the entries on or above the diagonal and those below it;
 *   <li>scatter them into exactly sized arrays (16 bytes per stored entry: int row, int col, double
 *       value), the lower ones transposed into a second set of arrays;
 *   <li>sort each measurement, reject duplicates, and match every off-diagonal entry with its mirror:
 *       equal to 1e-12 of the measurement's largest entry (the rule of the dense operator), or, with
 *       {@code symmetrise}, averaged ((A + A^T)/2, a missing mirror counting as 0).
 * </ol>
 *
 * Peak heap: 16 bytes per nonzero of the file plus 32 per measurement (two start and two cursor
 * longs), plus the sources' fixed buffers; with {@code symmetrise} and a file whose upper triangle
 * lacks some of the lower one's positions, 16 more per stored entry of the result. (Measured: 10^6
 * nonzeros in 83,334 measurements read in a 26 MB heap, not in 24 MB.) A detected problem is located
 * by one more pass (only then).
 */
final class SparseSetAssembler {
    /** Mirrored entries may differ by this much relative to the measurement's largest |entry|. */
    static final double SYMMETRY_TOLERANCE = 1e-12;
    private static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

    private final SparseEntrySource source;
    private final int m;
    private final long[] upperStart;
    private final long[] lowerStart;
    private int[] upperRow;
    private int[] upperCol;
    private double[] upperValue;
    private int[] lowerRow;
    private int[] lowerCol;
    private double[] lowerValue;

    private SparseSetAssembler(SparseEntrySource source) {
        this.source = source;
        this.m = source.m();
        this.upperStart = new long[m + 1];
        this.lowerStart = new long[m + 1];
    }

    static SparseSymmetricSet assemble(SparseEntrySource source, boolean symmetrise) throws IOException {
        SparseSetAssembler assembler = new SparseSetAssembler(source);
        assembler.count();
        assembler.scatter();
        assembler.sortAndRejectDuplicates();
        return symmetrise ? assembler.averaged() : assembler.matched();
    }

    private void count() throws IOException {
        source.visit((i, p, q, v, where) -> (p <= q ? upperStart : lowerStart)[i + 1]++, false);
        for (int i = 0; i < m; i++) {
            upperStart[i + 1] += upperStart[i];
            lowerStart[i + 1] += lowerStart[i];
        }
        if (upperStart[m] > MAX_ENTRIES || lowerStart[m] > MAX_ENTRIES) {
            throw new SodInputException(source.file() + ": holds " + (upperStart[m] + lowerStart[m])
                    + " nonzeros; at most " + MAX_ENTRIES + " on each side of the diagonal are supported");
        }
    }

    private void scatter() throws IOException {
        int upper = (int) upperStart[m];
        int lower = (int) lowerStart[m];
        upperRow = new int[upper];
        upperCol = new int[upper];
        upperValue = new double[upper];
        lowerRow = new int[lower];
        lowerCol = new int[lower];
        lowerValue = new double[lower];
        long[] upperNext = Arrays.copyOf(upperStart, m);
        long[] lowerNext = Arrays.copyOf(lowerStart, m);
        source.visit((i, p, q, v, where) -> {
            if (p <= q) {
                int k = (int) upperNext[i]++;
                if (k >= upperStart[i + 1]) {
                    throw changed();
                }
                upperRow[k] = p;
                upperCol[k] = q;
                upperValue[k] = v;
            } else {
                int k = (int) lowerNext[i]++;
                if (k >= lowerStart[i + 1]) {
                    throw changed();
                }
                // Stored transposed, so that a pair and its mirror get the same (row, col) key.
                lowerRow[k] = q;
                lowerCol[k] = p;
                lowerValue[k] = v;
            }
        }, true);
        for (int i = 0; i < m; i++) {
            if (upperNext[i] != upperStart[i + 1] || lowerNext[i] != lowerStart[i + 1]) {
                throw changed();
            }
        }
    }

    private SodInputException changed() {
        return new SodInputException(source.file() + ": changed while being read; read it again when it is complete");
    }

    private void sortAndRejectDuplicates() throws IOException {
        for (int i = 0; i < m; i++) {
            int from = (int) upperStart[i];
            int to = (int) upperStart[i + 1];
            SegmentSort.sort(upperRow, upperCol, upperValue, from, to);
            for (int k = from + 1; k < to; k++) {
                if (SegmentSort.compare(upperRow, upperCol, k - 1, k) == 0) {
                    throw duplicate(i, upperRow[k], upperCol[k]);
                }
            }
            from = (int) lowerStart[i];
            to = (int) lowerStart[i + 1];
            SegmentSort.sort(lowerRow, lowerCol, lowerValue, from, to);
            for (int k = from + 1; k < to; k++) {
                if (SegmentSort.compare(lowerRow, lowerCol, k - 1, k) == 0) {
                    throw duplicate(i, lowerCol[k], lowerRow[k]);
                }
            }
        }
    }

    /** Strict: every mirror present and equal; the result reuses the upper arrays. */
    private SparseSymmetricSet matched() throws IOException {
        for (int i = 0; i < m; i++) {
            double tolerance = SYMMETRY_TOLERANCE * largestMagnitude(i);
            int a = (int) upperStart[i];
            int aEnd = (int) upperStart[i + 1];
            int b = (int) lowerStart[i];
            int bEnd = (int) lowerStart[i + 1];
            while (a < aEnd || b < bEnd) {
                int order = a == aEnd ? 1 : b == bEnd ? -1 : compareUpperLower(a, b);
                if (order == 0) {
                    if (Math.abs(upperValue[a] - lowerValue[b]) > tolerance) {
                        throw asymmetric(i, upperRow[a], upperCol[a], upperValue[a], lowerValue[b], true);
                    }
                    upperValue[a] = 0.5 * (upperValue[a] + lowerValue[b]);
                    a++;
                    b++;
                } else if (order < 0) {
                    if (upperRow[a] != upperCol[a]) {
                        if (Math.abs(upperValue[a]) > tolerance) {
                            throw asymmetric(i, upperRow[a], upperCol[a], upperValue[a], 0, false);
                        }
                        upperValue[a] *= 0.5; // as (upper + lower) / 2 with the missing lower 0
                    }
                    a++;
                } else {
                    if (Math.abs(lowerValue[b]) > tolerance) {
                        throw asymmetric(i, lowerCol[b], lowerRow[b], lowerValue[b], 0, false);
                    }
                    b++; // a negligible entry without a mirror: (A + A^T)/2 there is below the tolerance
                }
            }
        }
        releaseLower();
        return new SparseSymmetricSet(source.n(), m, upperStart, upperRow, upperCol, upperValue);
    }

    /** Symmetrise: (A + A^T)/2 on the union of both triangles' positions. */
    private SparseSymmetricSet averaged() {
        long[] unionStart = new long[m + 1];
        for (int i = 0; i < m; i++) {
            unionStart[i + 1] = unionStart[i] + merge(i, null, null, null, 0);
        }
        if (unionStart[m] > MAX_ENTRIES) {
            throw new SodInputException(source.file() + ": (A + A^T)/2 has " + unionStart[m]
                    + " stored entries; at most " + MAX_ENTRIES + " are supported");
        }
        if (unionStart[m] == upperStart[m]) {
            // Every lower position is also an upper one: average in place.
            for (int i = 0; i < m; i++) {
                merge(i, upperRow, upperCol, upperValue, (int) upperStart[i]);
            }
            releaseLower();
            return new SparseSymmetricSet(source.n(), m, upperStart, upperRow, upperCol, upperValue);
        }
        int total = (int) unionStart[m];
        int[] row = new int[total];
        int[] col = new int[total];
        double[] value = new double[total];
        for (int i = 0; i < m; i++) {
            merge(i, row, col, value, (int) unionStart[i]);
        }
        releaseLower();
        upperRow = null;
        upperCol = null;
        upperValue = null;
        return new SparseSymmetricSet(source.n(), m, unionStart, row, col, value);
    }

    /**
     * Walks measurement i's two sorted triangles together, writing (A + A^T)/2 from {@code out} on
     * when the arrays are given (they may be the upper arrays themselves: the write position never
     * passes the read position then); returns the number of union positions.
     */
    private int merge(int i, int[] row, int[] col, double[] value, int out) {
        int a = (int) upperStart[i];
        int aEnd = (int) upperStart[i + 1];
        int b = (int) lowerStart[i];
        int bEnd = (int) lowerStart[i + 1];
        int written = 0;
        while (a < aEnd || b < bEnd) {
            int order = a == aEnd ? 1 : b == bEnd ? -1 : compareUpperLower(a, b);
            int r;
            int c;
            double v;
            if (order == 0) {
                r = upperRow[a];
                c = upperCol[a];
                v = 0.5 * (upperValue[a] + lowerValue[b]);
                a++;
                b++;
            } else if (order < 0) {
                r = upperRow[a];
                c = upperCol[a];
                v = r == c ? upperValue[a] : 0.5 * upperValue[a];
                a++;
            } else {
                r = lowerRow[b];
                c = lowerCol[b];
                v = 0.5 * lowerValue[b];
                b++;
            }
            if (row != null) {
                row[out + written] = r;
                col[out + written] = c;
                value[out + written] = v;
            }
            written++;
        }
        return written;
    }

    private int compareUpperLower(int a, int b) {
        int byRow = Integer.compare(upperRow[a], lowerRow[b]);
        return byRow != 0 ? byRow : Integer.compare(upperCol[a], lowerCol[b]);
    }

    private double largestMagnitude(int i) {
        double largest = 0;
        for (long k = upperStart[i]; k < upperStart[i + 1]; k++) {
            largest = Math.max(largest, Math.abs(upperValue[(int) k]));
        }
        for (long k = lowerStart[i]; k < lowerStart[i + 1]; k++) {
            largest = Math.max(largest, Math.abs(lowerValue[(int) k]));
        }
        return largest;
    }

    private void releaseLower() {
        lowerRow = null;
        lowerCol = null;
        lowerValue = null;
    }

    // ----- errors, located by one more pass over the file

    private SodInputException duplicate(int i, int p, int q) throws IOException {
        long[] places = locate(i, p, q, 2);
        return new SodInputException(source.file() + ": " + source.entry(i, p, q) + " of " + source.measurement(i)
                + " is stored twice (" + source.where(places[0]) + " and " + source.where(places[1])
                + "); each entry may appear once: sum or drop the duplicates (in SciPy, A.sum_duplicates())");
    }

    private SodInputException asymmetric(int i, int p, int q, double value, double mirror, boolean mirrorStored)
            throws IOException {
        String here = source.where(locate(i, p, q, 1)[0]);
        String there = mirrorStored ? mirror + " (" + source.where(locate(i, q, p, 1)[0]) + ")" : "0 (not stored)";
        return new SodInputException(source.file() + ": " + source.measurement(i) + " is not symmetric: "
                + source.entry(i, p, q) + " = " + value + " (" + here + ") but " + source.entry(i, q, p) + " = "
                + there + "; fix the matrix, or pass --symmetrise to use (A_i + A_i^T)/2");
    }

    /** The locations of the first {@code count} stored entries at (p, q) of measurement i. */
    private long[] locate(int i, int p, int q, int count) throws IOException {
        long[] found = new long[count];
        Arrays.fill(found, -1);
        int[] seen = {0};
        try {
            source.visit((measurement, r, c, v, where) -> {
                if (measurement == i && r == p && c == q) {
                    found[seen[0]++] = where;
                    if (seen[0] == count) {
                        throw Found.INSTANCE;
                    }
                }
            }, false);
        } catch (Found stop) {
            // all wanted locations are known
        }
        return found;
    }

    /** Ends a locating pass early; carries no stack trace. */
    private static final class Found extends RuntimeException {
        static final Found INSTANCE = new Found();

        private Found() {
            super(null, null, false, false);
        }
    }
}
