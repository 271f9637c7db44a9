package sod.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import sod.SodInputException;

/**
 * Streams a Matrix Market coordinate file: {@link #readHeader} parses the banner and size line,
 * then each {@link #nextEntry} parses one entry line (no regex, no per-line strings) and leaves its
 * 0-based indices, value and 1-based line number in the accessors. Nothing is stored, so the caller
 * decides what to keep. Every problem is a one-line {@link SodInputException} naming the file and line.
 */
final class MatrixMarketParser {
    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int MAX_LINE_BYTES = 1 << 24;
    static final String SUPPORTED =
            "supported: '%%MatrixMarket matrix coordinate real|integer|pattern general|symmetric'";

    enum Field { REAL, INTEGER, PATTERN }

    /** The banner and size line; {@code sizeLine} is the size line's 1-based number. */
    record Header(long rows, long cols, long declared, Field field, String fieldName, boolean symmetric, long sizeLine) {
    }

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

    private Header header;
    private long count;
    private long row;
    private long col;
    private double value;

    /** What a reader does with a parser on an open file. */
    @FunctionalInterface
    interface Body<T> {
        T run(MatrixMarketParser parser) throws IOException;
    }

    /**
     * Opens the file, runs {@code body} on a parser of it and closes it; a missing, empty or unreadable
     * file is a one-line {@link SodInputException}.
     */
    static <T> T parse(Path path, Body<T> body) {
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
            return body.run(new MatrixMarketParser(path, in, fileSize));
        } catch (NoSuchFileException e) {
            throw new SodInputException(path + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SodInputException(path + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read Matrix Market file: " + AtomicFiles.describe(e), e);
        }
    }

    MatrixMarketParser(Path path, InputStream in, long fileSize) {
        this.path = path;
        this.in = in;
        this.fileSize = fileSize;
        this.buf = new byte[(int) Math.min(INITIAL_BUFFER, Math.max(fileSize + 1, 64))];
    }

    Header readHeader() throws IOException {
        if (!nextLine()) {
            throw failNoLine("is empty; expected a '%%MatrixMarket' banner");
        }
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
        Field field = switch (banner[3]) {
            case "real", "double" -> Field.REAL;
            case "integer" -> Field.INTEGER;
            case "pattern" -> Field.PATTERN;
            default -> throw fail("has the unsupported field '" + banner[3] + "'; " + SUPPORTED);
        };
        boolean symmetric = switch (banner[4]) {
            case "general" -> false;
            case "symmetric" -> true;
            default -> throw fail("has the unsupported symmetry '" + banner[4] + "'; " + SUPPORTED);
        };
        // Comments and blank lines, then the size line.
        do {
            if (!nextLine()) {
                throw failNoLine("has no size line ('rows cols entries') after the banner (the file ends at line "
                        + lineNumber + ")");
            }
        } while (isSkippable());
        pos = lineStart;
        long rows = parseSize("row count");
        long cols = parseSize("column count");
        long declared = parseSize("entry count");
        expectEndOfLine("the size line must be 'rows cols entries'");
        if (symmetric && rows != cols) {
            throw fail("is symmetric but declares a non-square " + rows + " x " + cols + " matrix");
        }
        long capacity = symmetric ? saturatingProduct(rows, rows + 1) / 2 : saturatingProduct(rows, cols);
        if (declared > capacity) {
            throw fail("declares " + declared + " entries but a " + rows + " x " + cols
                    + (symmetric ? " symmetric" : "") + " matrix has only " + capacity + " positions");
        }
        // Every entry line needs at least "i j\n": a bound that rejects absurd counts before anyone allocates.
        if (declared > (fileSize + 1) / 4) {
            throw fail("declares " + declared + " entries, more than a " + fileSize + "-byte file can hold");
        }
        header = new Header(rows, cols, declared, field, banner[3], symmetric, lineNumber);
        return header;
    }

    /**
     * Parses the next entry line; false once the file ends with exactly the declared number of entries.
     */
    boolean nextEntry() throws IOException {
        while (nextLine()) {
            if (isSkippable()) {
                continue;
            }
            if (count == header.declared()) {
                throw fail("has more entries than the " + header.declared() + " declared on the size line");
            }
            pos = lineStart;
            row = parseIndex("row", header.rows());
            col = parseIndex("column", header.cols());
            if (header.field() == Field.PATTERN) {
                value = 1.0;
            } else {
                skipBlanks();
                if (pos == lineEnd) {
                    throw fail("has no value after the indices (field is " + header.fieldName() + ")");
                }
                value = header.field() == Field.INTEGER ? parseInteger() : parseReal();
            }
            expectEndOfLine("expected 'row column" + (header.field() == Field.PATTERN ? "'" : " value'"));
            count++;
            return true;
        }
        if (count < header.declared()) {
            throw failNoLine("has only " + count + " entries but the size line declares " + header.declared()
                    + " (the file ends at line " + lineNumber + ")");
        }
        return false;
    }

    /** 0-based row of the current entry. */
    long row() {
        return row;
    }

    /** 0-based column of the current entry. */
    long col() {
        return col;
    }

    double value() {
        return value;
    }

    /** 1-based line number of the current entry. */
    long line() {
        return lineNumber;
    }

    /** An error at the current line. */
    SodInputException fail(String problem) {
        return failAt(lineNumber, problem);
    }

    SodInputException failAt(long line, String problem) {
        return new SodInputException(path + " line " + line + " " + problem);
    }

    private SodInputException failNoLine(String problem) {
        return new SodInputException(path + " " + problem);
    }

    private static long saturatingProduct(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
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
    private long parseIndex(String what, long bound) {
        skipBlanks();
        long index = parseUnsigned();
        if (index < 0) {
            throw fail(pos == lineEnd ? "has no " + what + " index"
                    : "has a bad " + what + " index '" + token() + "'; indices are positive integers");
        }
        if (index < 1 || index > bound) {
            throw fail("has " + what + " index " + index + " out of range 1.." + bound);
        }
        return index - 1;
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

    private double parseReal() {
        int start = pos;
        int end = tokenEnd();
        double fast = DecimalBytes.parseFast(buf, start, end);
        pos = end;
        return Double.isNaN(fast) ? parseRealSlow(start, end) : fast;
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
}
