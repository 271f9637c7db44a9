package sod.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sod.SodInputException;

/**
 * The parsed header of a .npy file or .npz entry: magic, version (1.0, 2.0, 3.0) and the dict with
 * descr, fortran_order and shape. Every problem is a one-line {@link SodInputException} that starts
 * with the label (the file, or "archive.npz: entry x.npy").
 *
 * @param dtype       the numeric type, or null for a text array read under {@link Accept#TEXT}
 * @param itemSize    bytes per element
 * @param size        number of elements (product of the shape)
 * @param dataOffset  bytes before the data (prefix plus header)
 * @param dataBytes   {@code size * itemSize}
 */
record NpyHeader(String descr, NpyDtype dtype, int itemSize, boolean fortranOrder, long[] shape, long size,
                 long dataOffset, long dataBytes) {

    /** Which element types a reader takes. */
    enum Accept {
        /** float64 and float32 in C order only: the original contract of {@link Npy#read}. */
        FLOAT_C_ORDER,
        /** Every {@link NpyDtype}, either order. */
        NUMERIC,
        /** Byte strings ('|S') and unicode ('<U'): scipy's format entry. */
        TEXT
    }

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bigger headers are certainly not ours; NumPy itself refuses headers over 10000 bytes by default. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    static final String SUPPORTED_FLOAT = "supported: '<f8' (float64) and '<f4' (float32), little-endian, C order";
    static final String SUPPORTED_NUMERIC =
            "supported: little-endian float64, float32, float16, int8..int64, uint8..uint64 and bool";

    /** Reads the header from the start of {@code in}; {@code totalBytes} is the length of the whole file or entry. */
    static NpyHeader read(String label, InputStream in, long totalBytes, Accept accept) throws IOException {
        if (totalBytes == 0) {
            throw fail(label, "is empty (0 bytes); expected a .npy file");
        }
        byte[] start = in.readNBytes((int) Math.min(totalBytes, 8));
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= start.length || start[i] != MAGIC[i]) {
                throw fail(label, "is not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        if (start.length < 8) {
            throw fail(label, "has a truncated header (" + totalBytes + " bytes, no version)");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw fail(label, "has .npy format version " + major + "." + minor + "; supported versions are 1.0, 2.0 and 3.0");
        }
        int prefixLength = major == 1 ? 10 : 12;
        byte[] lengthBytes = in.readNBytes(prefixLength - 8);
        if (lengthBytes.length < prefixLength - 8 || totalBytes < prefixLength) {
            throw fail(label, "has a truncated header (" + totalBytes + " bytes, no header length)");
        }
        ByteBuffer lengthField = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lengthField.getShort() & 0xFFFFL : lengthField.getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw fail(label, "declares a header of " + headerLength + " bytes, more than the " + MAX_HEADER_BYTES
                    + " accepted; the file is corrupt");
        }
        if (prefixLength + headerLength > totalBytes) {
            throw fail(label, "has a truncated header (declares " + headerLength + " header bytes, file has "
                    + (totalBytes - prefixLength) + ")");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw fail(label, "is truncated (it ends inside its header)");
        }
        Map<String, Object> dict = parseDict(label, headerBytes, major);
        String descr = dict.get("descr") instanceof String s ? s : null;
        NpyDtype dtype = null;
        int itemSize;
        if (accept == Accept.TEXT) {
            itemSize = textItemSize(label, dict.get("descr"));
        } else {
            dtype = accept == Accept.FLOAT_C_ORDER ? floatDtype(label, dict.get("descr")) : numericDtype(label, dict.get("descr"));
            itemSize = dtype.itemSize();
        }
        long[] shape = parseShape(label, dict.get("shape"));
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw fail(label, "has an unparsable header (fortran_order is " + dict.get("fortran_order")
                    + ", expected True or False)");
        }
        if (fortran && accept == Accept.FLOAT_C_ORDER && longAxes(shape) > 1) {
            throw fail(label, "is stored in Fortran order (shape " + Npy.formatShape(shape)
                    + "); save it in C order, e.g. np.save(f, np.ascontiguousarray(a))");
        }
        long size = 1;
        long dataBytes;
        try {
            for (long dim : shape) {
                size = Math.multiplyExact(size, dim);
            }
            dataBytes = Math.multiplyExact(size, itemSize);
        } catch (ArithmeticException e) {
            throw fail(label, "has an impossibly large shape " + Npy.formatShape(shape));
        }
        return new NpyHeader(descr, dtype, itemSize, fortran, shape, size, prefixLength + headerLength, dataBytes);
    }

    /** Throws unless the data after the header is exactly {@code dataBytes} long. */
    void checkDataLength(String label, long totalBytes) {
        long available = totalBytes - dataOffset;
        if (available < dataBytes) {
            throw fail(label, "is truncated: shape " + Npy.formatShape(shape) + " of " + descr + " needs "
                    + dataBytes + " data bytes but only " + available + " follow the header");
        }
        if (available > dataBytes) {
            throw fail(label, "has " + (available - dataBytes) + " unexpected bytes after the data of shape "
                    + Npy.formatShape(shape) + " " + descr + "; the file is corrupt or not a plain .npy");
        }
    }

    /** Axes longer than 1: with at most one, the Fortran and C layouts are the same bytes. */
    static int longAxes(long[] shape) {
        int count = 0;
        for (long dim : shape) {
            count += dim > 1 ? 1 : 0;
        }
        return count;
    }

    private static Map<String, Object> parseDict(String label, byte[] headerBytes, int major) {
        String text;
        try {
            var decoder = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            text = decoder.decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(label, "has a header that is not valid UTF-8");
        }
        Map<String, Object> dict;
        try {
            dict = new PythonLiteral(text).parseDict();
        } catch (IllegalArgumentException e) {
            throw fail(label, "has an unparsable header (" + e.getMessage() + "): " + abbreviate(text));
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw fail(label, "has header keys " + abbreviate(dict.keySet().toString())
                    + "; expected exactly descr, fortran_order and shape");
        }
        return dict;
    }

    private static NpyDtype floatDtype(String label, Object descr) {
        if (!(descr instanceof String dtype)) {
            throw fail(label, "has unsupported dtype " + describeValue(descr) + " (structured or not a string); "
                    + SUPPORTED_FLOAT);
        }
        if (dtype.equals(Npy.FLOAT64) || dtype.equals(Npy.FLOAT32)) {
            return NpyDtype.fromDescr(dtype);
        }
        if (dtype.equals(">f8") || dtype.equals(">f4")) {
            throw fail(label, "is big-endian (dtype '" + dtype + "'); convert it with a.astype('<" + dtype.substring(1)
                    + "') before saving; " + SUPPORTED_FLOAT);
        }
        throw fail(label, "has unsupported dtype '" + dtype + "'; " + SUPPORTED_FLOAT);
    }

    private static NpyDtype numericDtype(String label, Object descr) {
        if (!(descr instanceof String dtype)) {
            throw fail(label, "has a structured dtype " + describeValue(descr)
                    + "; save each field as its own array; " + SUPPORTED_NUMERIC);
        }
        NpyDtype type = NpyDtype.fromDescr(dtype);
        if (type != null) {
            return type;
        }
        if (dtype.length() >= 2 && dtype.charAt(0) == '>' && NpyDtype.fromDescr("<" + dtype.substring(1)) != null) {
            throw fail(label, "is big-endian (dtype '" + dtype + "'); convert it with a.astype('<" + dtype.substring(1)
                    + "') before saving");
        }
        char kind = dtype.length() >= 2 ? dtype.charAt(1) : '?';
        String why = switch (kind) {
            case 'O' -> "holds Python objects; save a numeric array instead (e.g. np.asarray(a, dtype=np.float64))";
            case 'c' -> "is complex; save the real and imaginary parts as separate real arrays";
            case 'U', 'S' -> "holds text, not numbers";
            default -> "is not a supported number type; " + SUPPORTED_NUMERIC;
        };
        throw fail(label, "has dtype '" + dtype + "', which " + why);
    }

    private static int textItemSize(String label, Object descr) {
        if (descr instanceof String dtype && dtype.length() >= 3
                && (dtype.startsWith("|S") || dtype.startsWith("<U"))) {
            try {
                int chars = Integer.parseInt(dtype.substring(2));
                if (chars >= 1 && chars <= 1 << 16) {
                    return dtype.charAt(1) == 'U' ? 4 * chars : chars;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw fail(label, "has dtype " + describeValue(descr) + " but a short text ('|S' or '<U') is required");
    }

    private static long[] parseShape(String label, Object value) {
        if (!(value instanceof List<?> list)) {
            throw fail(label, "has an unparsable header (shape is " + describeValue(value) + ", expected a tuple)");
        }
        long[] shape = new long[list.size()];
        for (int axis = 0; axis < shape.length; axis++) {
            if (!(list.get(axis) instanceof Long dim) || dim < 0) {
                throw fail(label, "has an unparsable header (shape " + list + " is not a tuple of non-negative integers)");
            }
            shape[axis] = dim;
        }
        return shape;
    }

    private static String describeValue(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
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

    static SodInputException fail(String label, String problem) {
        return new SodInputException(label + " " + problem);
    }
}
