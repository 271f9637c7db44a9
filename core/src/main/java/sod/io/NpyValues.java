package sod.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import sod.SodInputException;

/**
 * The one pass over freshly read data that every {@link NpyArray} gets before it is handed out:
 * floats must be finite, bools must be 0 or 1, and int64/uint64 values that would round as doubles
 * are counted for the widening note. The scan is in storage order (sequential over a mapping); a
 * message names the C-order flat index, as NumPy's {@code a.flat[i]} would.
 */
final class NpyValues {
    private static final long EXACT_LIMIT = 1L << 53;

    private NpyValues() {
    }

    /** Validates the array, closing it before throwing. */
    static NpyArray validated(NpyArray array) {
        try {
            check(array);
            return array;
        } catch (RuntimeException e) {
            array.close();
            throw e;
        }
    }

    private static void check(NpyArray array) {
        MemorySegment data = array.data();
        long size = array.size();
        NpyDtype type = array.elementType();
        switch (type) {
            case FLOAT64 -> {
                for (long i = 0; i < size; i++) {
                    if (!Double.isFinite(data.getAtIndex(NpyDtype.F64, i))) {
                        throw nonFinite(array, i);
                    }
                }
            }
            case FLOAT32 -> {
                for (long i = 0; i < size; i++) {
                    if (!Float.isFinite(data.getAtIndex(NpyDtype.F32, i))) {
                        throw nonFinite(array, i);
                    }
                }
            }
            case FLOAT16 -> {
                for (long i = 0; i < size; i++) {
                    if (!Float.isFinite(Float.float16ToFloat(data.getAtIndex(NpyDtype.I16, i)))) {
                        throw nonFinite(array, i);
                    }
                }
            }
            case BOOL -> {
                for (long i = 0; i < size; i++) {
                    byte b = data.get(ValueLayout.JAVA_BYTE, i);
                    if (b != 0 && b != 1) {
                        long flat = array.flatIndexOf(i);
                        throw new SodInputException(array.name() + " is a bool array but holds the byte " + (b & 0xFF)
                                + " at flat index " + flat + where(array, flat) + "; the file is corrupt");
                    }
                }
            }
            case INT64 -> {
                long rounded = 0;
                for (long i = 0; i < size; i++) {
                    long v = data.getAtIndex(NpyDtype.I64, i);
                    if ((v >= EXACT_LIMIT || v <= -EXACT_LIMIT) && !unsignedIsExact(Math.abs(v))) {
                        rounded++;
                    }
                }
                array.setRoundedOnWidening(rounded);
            }
            case UINT64 -> {
                long rounded = 0;
                for (long i = 0; i < size; i++) {
                    long v = data.getAtIndex(NpyDtype.I64, i);
                    if ((v < 0 || v >= EXACT_LIMIT) && !unsignedIsExact(v)) {
                        rounded++;
                    }
                }
                array.setRoundedOnWidening(rounded);
            }
            default -> {
                // narrower integers are always exact doubles
            }
        }
    }

    /** Whether a magnitude, read as unsigned (so |Long.MIN_VALUE| works), survives the trip through double. */
    private static boolean unsignedIsExact(long bits) {
        int significant = 64 - Long.numberOfLeadingZeros(bits) - Long.numberOfTrailingZeros(bits);
        return significant <= 53;
    }

    private static SodInputException nonFinite(NpyArray array, long storageIndex) {
        long flat = array.flatIndexOf(storageIndex);
        return new SodInputException(array.name() + " contains " + array.get(flat) + " at flat index " + flat
                + where(array, flat) + "; only finite values are accepted");
    }

    private static String where(NpyArray array, long flat) {
        return array.rank() >= 2 ? " (index " + array.indexText(flat) + ")" : "";
    }
}
