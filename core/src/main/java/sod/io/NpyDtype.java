package sod.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The numeric element types sod reads from .npy files (little-endian, or byte-sized). Everything but
 * float64 and float32 is widened to double on access; {@link #isExactlyWidened} says whether that can
 * round.
 */
public enum NpyDtype {
    FLOAT64("<f8", "float64", 8),
    FLOAT32("<f4", "float32", 4),
    FLOAT16("<f2", "float16", 2),
    INT8("|i1", "int8", 1),
    INT16("<i2", "int16", 2),
    INT32("<i4", "int32", 4),
    INT64("<i8", "int64", 8),
    UINT8("|u1", "uint8", 1),
    UINT16("<u2", "uint16", 2),
    UINT32("<u4", "uint32", 4),
    UINT64("<u8", "uint64", 8),
    BOOL("|b1", "bool", 1);

    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String descr;
    private final String numpyName;
    private final int itemSize;

    NpyDtype(String descr, String numpyName, int itemSize) {
        this.descr = descr;
        this.numpyName = numpyName;
        this.itemSize = itemSize;
    }

    /** The header's descr as NumPy writes it, e.g. {@code "<f8"} or {@code "|u1"}. */
    public String descr() {
        return descr;
    }

    /** NumPy's name, e.g. {@code "int32"}. */
    public String numpyName() {
        return numpyName;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT64 || this == FLOAT32 || this == FLOAT16;
    }

    /** Integer or bool: every value is finite, and {@link #getLong} gives it exactly. */
    public boolean isIntegral() {
        return !isFloatingPoint();
    }

    /** Read as double, every value of this type is exact (only int64 and uint64 can round). */
    public boolean isExactlyWidened() {
        return this != INT64 && this != UINT64;
    }

    /**
     * The type a descr names, or null. A byte-sized type may be written with either {@code '|'} or {@code '<'}
     * (NumPy writes '|'); multi-byte types must be little-endian.
     */
    static NpyDtype fromDescr(String descr) {
        for (NpyDtype type : values()) {
            if (type.descr.equals(descr) || (type.itemSize == 1 && ("<" + type.descr.substring(1)).equals(descr))) {
                return type;
            }
        }
        return null;
    }

    /** Element {@code index} (in elements, not bytes) of little-endian data, as a double. */
    double get(MemorySegment data, long index) {
        return switch (this) {
            case FLOAT64 -> data.getAtIndex(F64, index);
            case FLOAT32 -> data.getAtIndex(F32, index);
            case FLOAT16 -> Float.float16ToFloat(data.getAtIndex(I16, index));
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, index);
            case INT16 -> data.getAtIndex(I16, index);
            case INT32 -> data.getAtIndex(I32, index);
            case INT64 -> data.getAtIndex(I64, index);
            case UINT8, BOOL -> data.get(ValueLayout.JAVA_BYTE, index) & 0xFF;
            case UINT16 -> data.getAtIndex(I16, index) & 0xFFFF;
            case UINT32 -> data.getAtIndex(I32, index) & 0xFFFFFFFFL;
            case UINT64 -> unsignedToDouble(data.getAtIndex(I64, index));
        };
    }

    /**
     * Element {@code index} of an integral type as a long; a uint64 above {@link Long#MAX_VALUE}
     * comes back negative (callers use this for indices, where that is out of range anyway).
     */
    long getLong(MemorySegment data, long index) {
        return switch (this) {
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, index);
            case INT16 -> data.getAtIndex(I16, index);
            case INT32 -> data.getAtIndex(I32, index);
            case INT64, UINT64 -> data.getAtIndex(I64, index);
            case UINT8, BOOL -> data.get(ValueLayout.JAVA_BYTE, index) & 0xFF;
            case UINT16 -> data.getAtIndex(I16, index) & 0xFFFF;
            case UINT32 -> data.getAtIndex(I32, index) & 0xFFFFFFFFL;
            default -> throw new IllegalStateException(numpyName + " is not an integer type");
        };
    }

    /**
     * Correctly rounded, as NumPy's astype(float64): halving keeps the lost low bit as a sticky bit,
     * so the one rounding of the conversion sees it.
     */
    static double unsignedToDouble(long bits) {
        return bits >= 0 ? bits : ((double) ((bits >>> 1) | (bits & 1))) * 2.0;
    }
}
