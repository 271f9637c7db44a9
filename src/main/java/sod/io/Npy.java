package sod.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sod.SodInputException;

/**
 * Reads and writes NumPy .npy files holding little-endian float64 ({@code "<f8"}) or float32
 * ({@code "<f4"}) arrays of any rank in C order. Format versions 1.0, 2.0 and 3.0 are read; files are
 * written as version 1.0 (2.0 only if the header would not fit), which every NumPy reads.
 *
 * <p>Every problem with a file is reported as a one-line {@link SodInputException} that names the file.
 * Reading rejects NaN and infinite values (reporting the first flat index), and a file whose data is
 * shorter or longer than its shape requires.
 */
public final class Npy {
    public static final String FLOAT64 = "<f8";
    public static final String FLOAT32 = "<f4";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bigger headers are certainly not ours; NumPy itself refuses headers over 10000 bytes by default. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** Data at least this large is memory-mapped instead of copied to the heap. */
    static final long MAP_THRESHOLD_BYTES = 1 << 20;
    private static final String SUPPORTED = "supported: '<f8' (float64) and '<f4' (float32), little-endian, C order";

    private Npy() {
    }

    /**
     * Opens an .npy file and validates it (header, dtype, order, length, finiteness). Data of 1 MiB or
     * more is memory-mapped read-only, not copied to the heap; close the result to unmap it.
     */
    public static NpyArray read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            Header header = readHeader(path, channel, fileSize);
            long available = fileSize - header.dataOffset;
            if (available < header.dataBytes) {
                throw fail(path, "is truncated: shape " + formatShape(header.shape) + " of " + header.dtype + " needs "
                        + header.dataBytes + " data bytes but only " + available + " follow the header");
            }
            if (available > header.dataBytes) {
                throw fail(path, "has " + (available - header.dataBytes) + " unexpected bytes after the data of shape "
                        + formatShape(header.shape) + " " + header.dtype + "; the file is corrupt or not a plain .npy");
            }
            MemorySegment data;
            Arena arena = null;
            if (header.dataBytes < MAP_THRESHOLD_BYTES) {
                // Mapping costs a shared-arena close (a handshake with all threads); small data is cheaper on the heap.
                ByteBuffer bytes = readFully(channel, header.dataOffset, (int) header.dataBytes);
                if (bytes.remaining() != header.dataBytes) {
                    throw fail(path, "is truncated (it shrank while being read)");
                }
                data = MemorySegment.ofArray(bytes.array()).asReadOnly();
            } else {
                arena = Arena.ofShared();
                try {
                    data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset, header.dataBytes, arena);
                } catch (IOException | RuntimeException e) {
                    arena.close();
                    throw e;
                }
            }
            NpyArray array = new NpyArray(path, header.dtype, header.shape, header.size, data, arena);
            try {
                long bad = firstNonFinite(array);
                if (bad >= 0) {
                    throw fail(path, "contains " + array.get(bad) + " at flat index " + bad
                            + "; only finite values are accepted");
                }
            } catch (RuntimeException e) {
                array.close();
                throw e;
            }
            return array;
        } catch (NoSuchFileException e) {
            throw fail(path, "does not exist");
        } catch (AccessDeniedException e) {
            throw fail(path, "cannot be read (permission denied)");
        } catch (IOException e) {
            throw new SodInputException(path + ": cannot read .npy file: " + AtomicFiles.describe(e), e);
        }
    }

    /**
     * Reads a whole .npy file into a double array (float32 is widened) after checking its shape.
     *
     * @param expectedShape the required shape; -1 accepts any length on that axis. Omit it to accept any
     *                      shape.
     */
    public static double[] readDoubles(Path path, long... expectedShape) {
        try (NpyArray array = read(path)) {
            if (expectedShape.length > 0) {
                checkShape(array, expectedShape);
            }
            return array.toDoubleArray();
        }
    }

    /** Throws unless the array has the given shape (-1 matches any length on that axis). */
    public static void checkShape(NpyArray array, long... expectedShape) {
        long[] shape = array.shape();
        boolean matches = shape.length == expectedShape.length;
        for (int axis = 0; matches && axis < shape.length; axis++) {
            matches = expectedShape[axis] < 0 || expectedShape[axis] == shape[axis];
        }
        if (!matches) {
            StringBuilder expected = new StringBuilder("(");
            for (int axis = 0; axis < expectedShape.length; axis++) {
                expected.append(axis > 0 ? ", " : "").append(expectedShape[axis] < 0 ? "any" : expectedShape[axis]);
            }
            expected.append(expectedShape.length == 1 ? ",)" : ")");
            throw fail(array.path(), "has shape " + formatShape(shape) + " but shape " + expected + " is required");
        }
    }

    /**
     * Writes a float64 array atomically. An omitted shape means 1-D of {@code data.length}.
     *
     * @throws IllegalArgumentException if the shape does not match the data length or data is not finite
     */
    public static void write(Path path, double[] data, long... shape) {
        long[] checkedShape = checkForWrite(path, data.length, shape);
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("refusing to write " + data[i] + " at index " + i + " to " + path);
            }
        }
        writeFile(path, FLOAT64, checkedShape, data.length, 8, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putDouble(data[i]);
            }
        });
    }

    /**
     * Writes a float32 array atomically. An omitted shape means 1-D of {@code data.length}.
     *
     * @throws IllegalArgumentException if the shape does not match the data length or data is not finite
     */
    public static void write(Path path, float[] data, long... shape) {
        long[] checkedShape = checkForWrite(path, data.length, shape);
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("refusing to write " + data[i] + " at index " + i + " to " + path);
            }
        }
        writeFile(path, FLOAT32, checkedShape, data.length, 4, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putFloat(data[i]);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    @FunctionalInterface
    private interface ElementPutter {
        void put(ByteBuffer buffer, int from, int count);
    }

    private static long[] checkForWrite(Path path, int length, long[] shape) {
        long[] checked = shape.length == 0 ? new long[] {length} : shape.clone();
        long product = 1;
        for (long dim : checked) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + formatShape(checked) + " for " + path);
            }
            product = Math.multiplyExact(product, dim);
        }
        if (product != length) {
            throw new IllegalArgumentException("shape " + formatShape(checked) + " has " + product
                    + " elements but the data has " + length + " (writing " + path + ")");
        }
        return checked;
    }

    private static void writeFile(Path path, String dtype, long[] shape, int length, int itemSize, ElementPutter putter) {
        byte[] header = encodeHeader(dtype, shape);
        AtomicFiles.write(path, channel -> {
            ByteBuffer headerBuffer = ByteBuffer.wrap(header);
            while (headerBuffer.hasRemaining()) {
                channel.write(headerBuffer);
            }
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = buffer.capacity() / itemSize;
            for (int from = 0; from < length; from += perChunk) {
                int count = Math.min(perChunk, length - from);
                buffer.clear();
                putter.put(buffer, from, count);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        });
    }

    /** Magic, version, length and the dict, padded with spaces and a newline to a multiple of 64 bytes. */
    static byte[] encodeHeader(String dtype, long[] shape) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + formatShape(shape) + ", }";
        int dictBytes = dict.length() + 1; // + newline
        int prefix = 10;
        int total = roundUp(prefix + dictBytes, 64);
        int major = 1;
        if (total - prefix > 0xFFFF) {
            major = 2;
            prefix = 12;
            total = roundUp(prefix + dictBytes, 64);
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) (total - prefix));
        } else {
            out.putInt(total - prefix);
        }
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < total - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Python tuple syntax, as NumPy writes it: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
    static String formatShape(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int axis = 0; axis < shape.length; axis++) {
            text.append(axis > 0 ? ", " : "").append(shape[axis]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private record Header(String dtype, long[] shape, long size, long dataOffset, long dataBytes) {
    }

    private static Header readHeader(Path path, FileChannel channel, long fileSize) throws IOException {
        if (fileSize == 0) {
            throw fail(path, "is empty (0 bytes); expected a .npy file");
        }
        ByteBuffer prefix = readFully(channel, 0, (int) Math.min(fileSize, 12));
        byte[] start = new byte[prefix.remaining()];
        prefix.get(0, start);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= start.length || start[i] != MAGIC[i]) {
                throw fail(path, "is not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        if (start.length < 8) {
            throw fail(path, "has a truncated header (" + fileSize + " bytes, no version)");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw fail(path, "has .npy format version " + major + "." + minor + "; supported versions are 1.0, 2.0 and 3.0");
        }
        int prefixLength = major == 1 ? 10 : 12;
        if (start.length < prefixLength) {
            throw fail(path, "has a truncated header (" + fileSize + " bytes, no header length)");
        }
        ByteBuffer lengthField = ByteBuffer.wrap(start, 8, prefixLength - 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lengthField.getShort() & 0xFFFFL : lengthField.getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw fail(path, "declares a header of " + headerLength + " bytes, more than the " + MAX_HEADER_BYTES
                    + " accepted; the file is corrupt");
        }
        if (prefixLength + headerLength > fileSize) {
            throw fail(path, "has a truncated header (declares " + headerLength + " header bytes, file has "
                    + (fileSize - prefixLength) + ")");
        }
        ByteBuffer headerBytes = readFully(channel, prefixLength, (int) headerLength);
        String text;
        try {
            var decoder = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            text = decoder.decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw fail(path, "has a header that is not valid UTF-8");
        }
        Map<String, Object> dict;
        try {
            dict = new HeaderParser(text).parseDict();
        } catch (IllegalArgumentException e) {
            throw fail(path, "has an unparsable header (" + e.getMessage() + "): " + abbreviate(text));
        }
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw fail(path, "has header keys " + dict.keySet() + "; expected exactly descr, fortran_order and shape");
        }
        String dtype = parseDtype(path, dict.get("descr"));
        long[] shape = parseShape(path, dict.get("shape"));
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw fail(path, "has an unparsable header (fortran_order is " + dict.get("fortran_order")
                    + ", expected True or False)");
        }
        int longAxes = 0;
        for (long dim : shape) {
            longAxes += dim > 1 ? 1 : 0;
        }
        // With at most one axis longer than 1 the Fortran and C layouts are the same bytes.
        if (fortran && longAxes > 1) {
            throw fail(path, "is stored in Fortran order (shape " + formatShape(shape)
                    + "); save it in C order, e.g. np.save(f, np.ascontiguousarray(a))");
        }
        long size = 1;
        long dataBytes;
        try {
            for (long dim : shape) {
                size = Math.multiplyExact(size, dim);
            }
            dataBytes = Math.multiplyExact(size, dtype.equals(FLOAT32) ? 4 : 8);
        } catch (ArithmeticException e) {
            throw fail(path, "has an impossibly large shape " + formatShape(shape));
        }
        return new Header(dtype, shape, size, prefixLength + headerLength, dataBytes);
    }

    private static String parseDtype(Path path, Object descr) {
        if (!(descr instanceof String dtype)) {
            throw fail(path, "has unsupported dtype " + describeValue(descr) + " (structured or not a string); " + SUPPORTED);
        }
        if (dtype.equals(FLOAT64) || dtype.equals(FLOAT32)) {
            return dtype;
        }
        if (dtype.equals(">f8") || dtype.equals(">f4")) {
            throw fail(path, "is big-endian (dtype '" + dtype + "'); convert it with a.astype('" + "<" + dtype.substring(1)
                    + "') before saving; " + SUPPORTED);
        }
        throw fail(path, "has unsupported dtype '" + dtype + "'; " + SUPPORTED);
    }

    private static long[] parseShape(Path path, Object value) {
        if (!(value instanceof List<?> list)) {
            throw fail(path, "has an unparsable header (shape is " + describeValue(value) + ", expected a tuple)");
        }
        long[] shape = new long[list.size()];
        for (int axis = 0; axis < shape.length; axis++) {
            if (!(list.get(axis) instanceof Long dim) || dim < 0) {
                throw fail(path, "has an unparsable header (shape " + list + " is not a tuple of non-negative integers)");
            }
            shape[axis] = dim;
        }
        return shape;
    }

    private static String describeValue(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    private static long firstNonFinite(NpyArray array) {
        MemorySegment data = array.data();
        long size = array.size();
        if (array.isFloat32()) {
            for (long i = 0; i < size; i++) {
                if (!Float.isFinite(data.getAtIndex(NpyArray.FLOAT32, i))) {
                    return i;
                }
            }
        } else {
            for (long i = 0; i < size; i++) {
                if (!Double.isFinite(data.getAtIndex(NpyArray.FLOAT64, i))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Header text made printable on one line. */
    private static String abbreviate(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 120; i++) {
            char c = text.charAt(i);
            out.append(c >= 32 && c < 127 ? c : '?');
        }
        String trimmed = out.toString().strip();
        return text.length() > 120 ? trimmed + "..." : trimmed;
    }

    private static SodInputException fail(Path path, String problem) {
        return new SodInputException(path + " " + problem);
    }

    /**
     * The subset of Python literal syntax that .npy headers use: a dict with string keys whose values
     * are strings, True/False/None, integers (an old 'L' suffix is tolerated), tuples and lists.
     * Throws IllegalArgumentException with a short reason.
     */
    static final class HeaderParser {
        private static final int MAX_NESTING = 16;
        private final String text;
        private int pos;
        private int depth;

        HeaderParser(String text) {
            this.text = text;
        }

        Map<String, Object> parseDict() {
            skipSpace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            while (peek() != '}') {
                Object key = parseValue();
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException("dict key " + key + " is not a string");
                }
                skipSpace();
                expect(':');
                Object value = parseValue();
                if (dict.put(name, value) != null) {
                    throw new IllegalArgumentException("key '" + name + "' repeated");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
                }
            }
            pos++;
            skipSpace();
            if (pos != text.length()) {
                throw new IllegalArgumentException("text after the dict at offset " + pos);
            }
            return dict;
        }

        private Object parseValue() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString(c);
            }
            if (c == '(' || c == '[') {
                return parseSequence(c == '(' ? ')' : ']');
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return parseInteger();
            }
            for (String word : new String[] {"True", "False", "None"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
        }

        private String parseString(char quote) {
            pos++;
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == quote) {
                    return value.toString();
                }
                if (c == '\\') {
                    value.append(peek());
                    pos++;
                } else {
                    value.append(c);
                }
            }
        }

        private List<Object> parseSequence(char close) {
            if (++depth > MAX_NESTING) {
                throw new IllegalArgumentException("nested too deeply");
            }
            pos++;
            List<Object> items = new ArrayList<>();
            skipSpace();
            while (peek() != close) {
                items.add(parseValue());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != close) {
                    throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
                }
            }
            pos++;
            depth--;
            return items;
        }

        private Long parseInteger() {
            int begin = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            String digits = text.substring(begin, pos);
            if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
                pos++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad integer '" + digits + "'");
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("ends early");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
            }
            pos++;
        }
    }
}
