package sod.io;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import sod.SodInputException;

/**
 * Reads and writes sparse matrices in Matrix Market coordinate format
 * ({@code %%MatrixMarket matrix coordinate real|integer|pattern general|symmetric}).
 *
 * <p>The reader streams the file ({@link MatrixMarketParser}), so files with 10^7 entries are fine.
 * It is strict: the declared entry count must match, indices must be in range, values finite, and no
 * position may appear twice. Every problem is a one-line {@link SodInputException} naming the file
 * and, where it applies, the 1-based line. A "general" file listing both (i, j) and (j, i), as
 * {@code scipy.io.mmwrite(..., symmetry='general')} writes a symmetric matrix, reads as two entries;
 * {@link #readSymmetricEntries} merges such mirrors for a symmetric matrix.
 */
public final class MatrixMarket {
    private MatrixMarket() {
    }

    /**
     * Sparse matrix entries with 0-based indices. A symmetric matrix keeps only one triangle: entry
     * (i, j) with {@code i >= j} stands for both (i, j) and (j, i). Pattern files get value 1.0 for every entry.
     * Arrays are shared, not copied (records compare them by reference).
     */
    public record Coordinates(int rows, int cols, int[] row, int[] col, double[] value, boolean symmetric) {
        /**
         * @throws IllegalArgumentException if lengths differ, an index is out of range, a value is not
         *                                  finite, or a symmetric matrix is not square with all entries
         *                                  at or below the diagonal
         */
        public Coordinates {
            if (rows < 0 || cols < 0) {
                throw new IllegalArgumentException("negative size " + rows + " x " + cols);
            }
            if (row.length != col.length || row.length != value.length) {
                throw new IllegalArgumentException("row, col and value lengths differ: " + row.length + ", "
                        + col.length + ", " + value.length);
            }
            if (symmetric && rows != cols) {
                throw new IllegalArgumentException("symmetric matrix must be square, got " + rows + " x " + cols);
            }
            for (int k = 0; k < row.length; k++) {
                if (row[k] < 0 || row[k] >= rows || col[k] < 0 || col[k] >= cols) {
                    throw new IllegalArgumentException("entry " + k + " at (" + row[k] + ", " + col[k]
                            + ") is outside " + rows + " x " + cols);
                }
                if (symmetric && row[k] < col[k]) {
                    throw new IllegalArgumentException("symmetric entry " + k + " at (" + row[k] + ", " + col[k]
                            + ") is above the diagonal; store the lower triangle");
                }
                if (!Double.isFinite(value[k])) {
                    throw new IllegalArgumentException("entry " + k + " has value " + value[k]);
                }
            }
        }

        /** Number of stored entries. */
        public int nnz() {
            return row.length;
        }
    }

    /**
     * The entries of a file together with where they were: {@code lines.lineOf(k)} is the 1-based
     * line of entry k, {@code sizeLine} the line of the size line, for messages about the file's
     * content that only a later stage can detect.
     */
    public record Numbered(Path path, Coordinates coordinates, EntryLines lines, long sizeLine) {
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes the entries atomically as {@code real general} or {@code real symmetric}, with values in
     * shortest round-trip form, so reading the file back gives identical doubles.
     *
     * @throws IllegalArgumentException if two entries share a position
     */
    public static void write(Path path, Coordinates matrix) {
        int duplicate = firstDuplicate(matrix.row(), matrix.col(), matrix.cols());
        if (duplicate >= 0) {
            throw new IllegalArgumentException("entry " + duplicate + " at (" + matrix.row()[duplicate] + ", "
                    + matrix.col()[duplicate] + ") repeats an earlier position (writing " + path + ")");
        }
        AtomicFiles.write(path, channel -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.US_ASCII), 1 << 16);
            out.write("%%MatrixMarket matrix coordinate real " + (matrix.symmetric() ? "symmetric" : "general") + "\n");
            out.write(matrix.rows() + " " + matrix.cols() + " " + matrix.nnz() + "\n");
            int[] row = matrix.row();
            int[] col = matrix.col();
            double[] value = matrix.value();
            StringBuilder line = new StringBuilder(64);
            for (int k = 0; k < row.length; k++) {
                line.setLength(0);
                line.append(row[k] + 1).append(' ').append(col[k] + 1).append(' ').append(value[k]).append('\n');
                out.append(line);
            }
            // Flush, not close: closing would close the channel before it is forced to disk.
            out.flush();
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** Reads a coordinate Matrix Market file; symmetric entries are normalized to the lower triangle. */
    public static Coordinates read(Path path) {
        return readNumbered(path).coordinates();
    }

    /** {@link #read}, keeping the line number of every entry for later error messages. */
    public static Numbered readNumbered(Path path) {
        return MatrixMarketParser.parse(path, parser -> readEntries(path, parser));
    }

    /**
     * The observed entries of a symmetric matrix, one per unordered pair, merged from a "general" file
     * (either triangle, or both with mirrored values agreeing to {@code relativeTolerance}) or a
     * "symmetric" one. Errors name the file and 1-based lines and indices.
     */
    public static SymmetricEntries readSymmetricEntries(Path path, double relativeTolerance) {
        return SymmetricEntries.merge(readNumbered(path), relativeTolerance);
    }

    private static Numbered readEntries(Path path, MatrixMarketParser parser) throws java.io.IOException {
        MatrixMarketParser.Header header = parser.readHeader();
        if (header.rows() > Integer.MAX_VALUE || header.cols() > Integer.MAX_VALUE) {
            throw parser.failAt(header.sizeLine(), "declares a " + header.rows() + " x " + header.cols()
                    + " matrix; at most " + Integer.MAX_VALUE + " rows and columns are supported");
        }
        if (header.declared() > Integer.MAX_VALUE - 8) {
            throw parser.failAt(header.sizeLine(), "declares " + header.declared()
                    + " entries; at most " + (Integer.MAX_VALUE - 8) + " are supported");
        }
        int nnz = (int) header.declared();
        int[] row = new int[nnz];
        int[] col = new int[nnz];
        double[] value = new double[nnz];
        EntryLines lines = new EntryLines();
        int count = 0;
        while (parser.nextEntry()) {
            int i = (int) parser.row();
            int j = (int) parser.col();
            if (header.symmetric() && i < j) {
                int swap = i;
                i = j;
                j = swap;
            }
            row[count] = i;
            col[count] = j;
            value[count] = parser.value();
            lines.record(count, parser.line());
            count++;
        }
        int duplicate = firstDuplicate(row, col, (int) header.cols());
        if (duplicate >= 0) {
            throw parser.failAt(lines.lineOf(duplicate), "repeats the entry at row " + (row[duplicate] + 1)
                    + ", column " + (col[duplicate] + 1) + (header.symmetric() ? " (or its mirror)" : "")
                    + "; each position may appear once");
        }
        Coordinates coordinates = new Coordinates((int) header.rows(), (int) header.cols(), row, col, value,
                header.symmetric());
        return new Numbered(path, coordinates, lines, header.sizeLine());
    }

    /**
     * Index of the first entry whose (row, col) occurred before, or -1. Sorts a copy of the packed keys;
     * only when a repeat exists does it make a second pass to find the earliest second occurrence.
     */
    static int firstDuplicate(int[] row, int[] col, int cols) {
        int n = row.length;
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            keys[k] = (long) row[k] * cols + col[k];
        }
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        int repeated = 0;
        for (int k = 1; k < n; k++) {
            if (sorted[k] == sorted[k - 1] && (repeated == 0 || sorted[repeated - 1] != sorted[k])) {
                sorted[repeated++] = sorted[k]; // compacts the distinct repeated keys into the prefix
            }
        }
        if (repeated == 0) {
            return -1;
        }
        long[] repeatedKeys = Arrays.copyOf(sorted, repeated);
        boolean[] seen = new boolean[repeated];
        for (int k = 0; k < n; k++) {
            int slot = Arrays.binarySearch(repeatedKeys, keys[k]);
            if (slot >= 0) {
                if (seen[slot]) {
                    return k;
                }
                seen[slot] = true;
            }
        }
        throw new AssertionError("a repeated key was not found twice");
    }

    /** The message prefix a reader uses for a file, so that callers can add lines of their own. */
    static SodInputException failAt(Path path, long line, String problem) {
        return new SodInputException(path + " line " + line + " " + problem);
    }
}
