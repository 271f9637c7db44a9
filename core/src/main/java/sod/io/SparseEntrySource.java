package sod.io;

import java.io.IOException;

/**
 * A file holding an m x n^2 sparse matrix whose row i is vec(A_i) in row-major order, as seen by
 * {@link SparseSetAssembler}: it can be walked front to back any number of times (the assembler walks
 * it twice, and once more to locate an error), checking indices (and values, when read) as it goes,
 * and it names measurements, entries and places in its own notation (0-based for NumPy, 1-based
 * lines and indices for Matrix Market).
 */
interface SparseEntrySource {
    /** Receives one stored entry: measurement i, its matrix position (p, q), and where it was. */
    @FunctionalInterface
    interface Visitor {
        void accept(int measurement, int p, int q, double value, long location);
    }

    /** The file, first in every message. */
    String file();

    /** Number of measurements (rows of the matrix). */
    int m();

    /** Size of each A_i (the matrix has n^2 columns). */
    int n();

    /**
     * Calls the visitor for every stored entry in file order. With {@code values} false the values
     * may be skipped (the visitor then gets 0) and are not checked.
     */
    void visit(Visitor visitor, boolean values) throws IOException;

    /** Where a location is, e.g. "line 17" or "entry 17 (data[17])". */
    String where(long location);

    /** How a user finds measurement i, e.g. "measurement 3 (row 3)". */
    String measurement(int i);

    /** How a user finds entry (p, q) of A_i, e.g. "A_3[0, 2] (column 2)". */
    String entry(int i, int p, int q);
}
