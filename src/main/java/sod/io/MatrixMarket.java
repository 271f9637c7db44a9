package sod.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import sod.SodInputException;

/**
 * Reads and writes sparse matrices in Matrix Market coordinate format
 * ({@code %%MatrixMarket matrix coordinate real|integer|pattern general|symmetric}).
 *
 * <p>The reader streams the file through a hand-written byte parser (no regex, no per-line strings),
 * so files with 10^7 entries are fine. It is strict: the declared entry count must match, indices must
 * be in range, values finite, and no position may appear twice. Every problem is a one-line
 * {@link SodInputException} naming the file and, where it applies, the line.
 */
public final class MatrixMarket {
    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int MAX_LINE_BYTES = 1 << 24;
    private static final String SUPPORTED =
            "supported: '%%MatrixMarket matrix coordinate real|integer|pattern general|symmetric'";

    private MatrixMarket() {
    }

    /**
     * Sparse matrix entries with 0-based indices. A symmetric matrix keeps only one triangle: entry
     * (i, j) with i >= j stands for both (i, j) and (j, i). Pattern files get value 1.0 for every entry.
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
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new SodInputException(path + " does not exist");
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read Matrix Market file: " + AtomicFiles.describe(e), e);
        }
        if (fileSize == 0) {
            throw new SodInputException(path + " is empty (0 bytes); expected a Matrix Market file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return new Reader(path, in, fileSize).read();
        } catch (NoSuchFileException e) {
            throw new SodInputException(path + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SodInputException(path + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read Matrix Market file: " + AtomicFiles.describe(e), e);
        }
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

    private enum Field { REAL, INTEGER, PATTERN }

    /** Streaming byte parser; one instance per file. */
    private static final class Reader {
        private final Path path;
        private final InputStream in;
        private final long fileSize;

        private byte[] buf;
        private int limit;
        private int next;
        private boolean eof;
        private int lineStart;
        private int lineEnd;
        private int pos;
        private long lineNumber;

        /** Pairs (entry index, line number) wherever entry lines stop being consecutive. */
        private long[] breaks = new long[16];
        private int breakCount;

        Reader(Path path, InputStream in, long fileSize) {
            this.path = path;
            this.in = in;
            this.fileSize = fileSize;
            this.buf = new byte[(int) Math.min(INITIAL_BUFFER, Math.max(fileSize + 1, 64))];
        }

        Coordinates read() throws IOException {
            if (!nextLine()) {
                throw failNoLine("is empty; expected a '%%MatrixMarket' banner");
            }
            boolean symmetric;
            Field field;
            String[] banner = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1)
                    .strip().toLowerCase(Locale.ROOT).split("[ \t]+");
            if (!banner[0].equals("%%matrixmarket")) {
                throw fail("does not start with a '%%MatrixMarket' banner; " + SUPPORTED);
            }
            if (banner.length != 5) {
                throw fail("has a malformed banner (expected 5 words); " + SUPPORTED);
            }
            if (!banner[1].equals("matrix")) {
                throw fail("holds a '" + banner[1] + "' object, not a matrix; " + SUPPORTED);
            }
            if (!banner[2].equals("coordinate")) {
                throw fail("uses the unsupported '" + banner[2] + "' format; " + SUPPORTED);
            }
            field = switch (banner[3]) {
                case "real", "double" -> Field.REAL;
                case "integer" -> Field.INTEGER;
                case "pattern" -> Field.PATTERN;
                default -> throw fail("has the unsupported field '" + banner[3] + "'; " + SUPPORTED);
            };
            symmetric = switch (banner[4]) {
                case "general" -> false;
                case "symmetric" -> true;
                default -> throw fail("has the unsupported symmetry '" + banner[4] + "'; " + SUPPORTED);
            };

            // Comments and blank lines, then the size line.
            do {
                if (!nextLine()) {
                    throw failNoLine("has no size line ('rows cols entries') after the banner");
                }
            } while (isSkippable());
            pos = lineStart;
            long rows = parseSize("row count");
            long cols = parseSize("column count");
            long declared = parseSize("entry count");
            expectEndOfLine("the size line must be 'rows cols entries'");
            if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
                throw fail("declares a " + rows + " x " + cols + " matrix; at most " + Integer.MAX_VALUE
                        + " rows and columns are supported");
            }
            if (symmetric && rows != cols) {
                throw fail("is symmetric but declares a non-square " + rows + " x " + cols + " matrix");
            }
            long capacity = symmetric ? rows * (rows + 1) / 2 : rows * cols;
            if (declared > capacity) {
                throw fail("declares " + declared + " entries but a " + rows + " x " + cols
                        + (symmetric ? " symmetric" : "") + " matrix has only " + capacity + " positions");
            }
            // Every entry line needs at least "i j\n": a bound that rejects absurd counts before allocating.
            if (declared > (fileSize + 1) / 4 || declared > Integer.MAX_VALUE - 8) {
                throw fail("declares " + declared + " entries, more than a " + fileSize + "-byte file can hold");
            }
            int nnz = (int) declared;
            int[] row = new int[nnz];
            int[] col = new int[nnz];
            double[] value = new double[nnz];

            int count = 0;
            long previousEntryLine = -2;
            while (nextLine()) {
                if (isSkippable()) {
                    continue;
                }
                if (count == nnz) {
                    throw fail("has more entries than the " + nnz + " declared on the size line");
                }
                if (lineNumber != previousEntryLine + 1) {
                    recordBreak(count, lineNumber);
                }
                previousEntryLine = lineNumber;
                pos = lineStart;
                int i = parseIndex("row", rows);
                int j = parseIndex("column", cols);
                double v;
                if (field == Field.PATTERN) {
                    v = 1.0;
                } else {
                    skipBlanks();
                    if (pos == lineEnd) {
                        throw fail("has no value after the indices (field is " + banner[3] + ")");
                    }
                    v = field == Field.INTEGER ? parseInteger() : parseReal();
                }
                expectEndOfLine("expected 'row column" + (field == Field.PATTERN ? "'" : " value'"));
                if (symmetric && i < j) {
                    int swap = i;
                    i = j;
                    j = swap;
                }
                row[count] = i;
                col[count] = j;
                value[count] = v;
                count++;
            }
            if (count < nnz) {
                throw failNoLine("has only " + count + " entries but the size line declares " + nnz);
            }
            int duplicate = firstDuplicate(row, col, (int) cols);
            if (duplicate >= 0) {
                lineNumber = lineOfEntry(duplicate);
                throw fail("repeats the entry at row " + (row[duplicate] + 1) + ", column " + (col[duplicate] + 1)
                        + (symmetric ? " (or its mirror)" : "") + "; each position may appear once");
            }
            return new Coordinates((int) rows, (int) cols, row, col, value, symmetric);
        }

        // ----- lines

        /** Advances to the next line (without its '\n' or '\r\n'); false at end of file. */
        private boolean nextLine() throws IOException {
            int scan = next;
            while (true) {
                for (int i = scan; i < limit; i++) {
                    if (buf[i] == '\n') {
                        setLine(next, i);
                        next = i + 1;
                        return true;
                    }
                }
                if (eof) {
                    if (next < limit) {
                        setLine(next, limit);
                        next = limit;
                        return true;
                    }
                    return false;
                }
                // Keep the partial line, move it to the front, and read more after it.
                int kept = limit - next;
                if (kept == buf.length) {
                    if (buf.length >= MAX_LINE_BYTES) {
                        lineNumber++;
                        throw fail("has a line longer than " + MAX_LINE_BYTES + " bytes");
                    }
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                System.arraycopy(buf, next, buf, 0, kept);
                next = 0;
                limit = kept;
                scan = kept;
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                } else {
                    limit += n;
                }
            }
        }

        private void setLine(int start, int end) {
            lineNumber++;
            lineStart = start;
            lineEnd = end > start && buf[end - 1] == '\r' ? end - 1 : end;
        }

        /** Comment ('%') or blank line. */
        private boolean isSkippable() {
            pos = lineStart;
            skipBlanks();
            return pos == lineEnd || buf[pos] == '%';
        }

        private void recordBreak(int entry, long line) {
            if (2 * breakCount + 2 > breaks.length) {
                breaks = Arrays.copyOf(breaks, breaks.length * 2);
            }
            breaks[2 * breakCount] = entry;
            breaks[2 * breakCount + 1] = line;
            breakCount++;
        }

        private long lineOfEntry(int entry) {
            int b = breakCount - 1;
            while (breaks[2 * b] > entry) {
                b--;
            }
            return breaks[2 * b + 1] + (entry - breaks[2 * b]);
        }

        // ----- tokens

        private void skipBlanks() {
            while (pos < lineEnd && (buf[pos] == ' ' || buf[pos] == '\t')) {
                pos++;
            }
        }

        private int tokenEnd() {
            int end = pos;
            while (end < lineEnd && buf[end] != ' ' && buf[end] != '\t') {
                end++;
            }
            return end;
        }

        private String token() {
            int end = tokenEnd();
            return new String(buf, pos, Math.min(end - pos, 40), StandardCharsets.ISO_8859_1);
        }

        private void expectEndOfLine(String hint) {
            skipBlanks();
            if (pos != lineEnd) {
                throw fail("has unexpected text '" + token() + "'; " + hint);
            }
        }

        /** Unsigned decimal integer token at pos, or -1 if it is not one (or exceeds 18 digits). */
        private long parseUnsigned() {
            int start = pos;
            long result = 0;
            while (pos < lineEnd && buf[pos] >= '0' && buf[pos] <= '9') {
                if (pos - start == 18) {
                    return -1;
                }
                result = result * 10 + (buf[pos] - '0');
                pos++;
            }
            if (pos == start || (pos < lineEnd && buf[pos] != ' ' && buf[pos] != '\t')) {
                pos = start;
                return -1;
            }
            return result;
        }

        private long parseSize(String what) {
            skipBlanks();
            long result = parseUnsigned();
            if (result < 0) {
                throw fail(pos == lineEnd ? "has a size line without a " + what + "; it must be 'rows cols entries'"
                        : "has a bad " + what + " '" + token() + "' on the size line; it must be 'rows cols entries'");
            }
            return result;
        }

        /** 1-based index in [1, bound], returned 0-based. */
        private int parseIndex(String what, long bound) {
            skipBlanks();
            long index = parseUnsigned();
            if (index < 0) {
                throw fail(pos == lineEnd ? "has no " + what + " index"
                        : "has a bad " + what + " index '" + token() + "'; indices are positive integers");
            }
            if (index < 1 || index > bound) {
                throw fail("has " + what + " index " + index + " out of range 1.." + bound);
            }
            return (int) (index - 1);
        }

        private double parseInteger() {
            int start = pos;
            boolean negative = false;
            if (buf[pos] == '-' || buf[pos] == '+') {
                negative = buf[pos] == '-';
                pos++;
            }
            long magnitude = parseUnsigned();
            if (magnitude < 0) {
                pos = start;
                throw fail("has a bad integer value '" + token() + "'");
            }
            return negative ? -magnitude : magnitude;
        }

        private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

        /**
         * Decimal floating point. Values with at most 15-16 significant digits and a small exponent take
         * Clinger's exact fast path (mantissa below 2^53 times or divided by an exact power of ten is
         * correctly rounded); everything else goes to Double.parseDouble, so results always equal it.
         */
        private double parseReal() {
            int start = pos;
            int end = tokenEnd();
            int p = start;
            boolean negative = false;
            if (p < end && (buf[p] == '-' || buf[p] == '+')) {
                negative = buf[p] == '-';
                p++;
            }
            long mantissa = 0;
            int significant = 0;
            int exponent = 0;
            boolean anyDigit = false;
            boolean exact = true;
            while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                anyDigit = true;
                if (significant < 18) {
                    mantissa = mantissa * 10 + (buf[p] - '0');
                    significant += mantissa != 0 ? 1 : 0;
                } else {
                    exact = false;
                }
                p++;
            }
            if (p < end && buf[p] == '.') {
                p++;
                while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                    anyDigit = true;
                    if (significant < 18) {
                        mantissa = mantissa * 10 + (buf[p] - '0');
                        significant += mantissa != 0 ? 1 : 0;
                        exponent--;
                    } else {
                        exact = false;
                    }
                    p++;
                }
            }
            if (anyDigit && p < end && (buf[p] == 'e' || buf[p] == 'E')) {
                p++;
                boolean negativeExponent = false;
                if (p < end && (buf[p] == '-' || buf[p] == '+')) {
                    negativeExponent = buf[p] == '-';
                    p++;
                }
                int digitsStart = p;
                int e = 0;
                while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                    e = Math.min(e * 10 + (buf[p] - '0'), 100_000);
                    p++;
                }
                if (p == digitsStart) {
                    anyDigit = false;
                }
                exponent += negativeExponent ? -e : e;
            }
            pos = end;
            if (anyDigit && p == end && exact && mantissa < (1L << 53) && Math.abs(exponent) <= 22) {
                double magnitude = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent]
                        : mantissa / POWERS_OF_TEN[-exponent];
                // mantissa * 10^e with e > 0 is exact only while the product stays below 2^53.
                if (exponent <= 0 || mantissa == 0 || magnitude < 0x1p53) {
                    return negative ? -magnitude : magnitude;
                }
            }
            return parseRealSlow(start, end);
        }

        private double parseRealSlow(int start, int end) {
            String text = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
            String lower = text.toLowerCase(Locale.ROOT);
            String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
            if (unsigned.equals("nan") || unsigned.equals("inf") || unsigned.equals("infinity")) {
                pos = start;
                throw fail("has the non-finite value '" + token() + "'; only finite values are accepted");
            }
            boolean plainDecimal = !text.isEmpty();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                plainDecimal &= (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
            }
            double result = Double.NaN;
            if (plainDecimal) {
                try {
                    result = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    plainDecimal = false;
                }
            }
            pos = start;
            if (!plainDecimal) {
                throw fail("has a bad value '" + token() + "'; expected a decimal number");
            }
            if (!Double.isFinite(result)) {
                throw fail("has the value '" + token() + "', which overflows a double");
            }
            pos = end;
            return result;
        }

        // ----- errors

        private SodInputException fail(String problem) {
            return new SodInputException(path + " line " + lineNumber + " " + problem);
        }

        private SodInputException failNoLine(String problem) {
            return new SodInputException(path + " " + problem);
        }
    }
}
