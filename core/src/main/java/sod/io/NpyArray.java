package sod.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import sod.SodInputException;

/**
 * A validated .npy array (a file, or an entry of an .npz archive) whose data stays where it was found:
 * in a read-only memory mapping of the file, or, for small or compressed data, in a read-only segment
 * it was read or inflated into. {@link Npy#read} gives only float64 ({@code "<f8"}) and float32
 * ({@code "<f4"}) in C order; {@link Npy#open} and {@link Npz#read} also give the other
 * {@link NpyDtype}s and Fortran order.
 *
 * <p>Every accessor speaks C order whatever the storage: {@code get(i)} of a Fortran-order file is the
 * element {@code get(i)} of the same array saved in C order. Fortran data is read through its strides,
 * never copied. Integer, bool and float16 elements are widened to double on access ({@link #isWidened});
 * float32 elements can also be read as floats ({@link #getFloat}). All values are finite.
 *
 * <p>Close the array to unmap or free it; {@link #data()} is unusable afterwards.
 */
public final class NpyArray implements AutoCloseable {
    static final ValueLayout.OfDouble FLOAT64 = NpyDtype.F64;
    static final ValueLayout.OfFloat FLOAT32 = NpyDtype.F32;

    private final String name;
    private final Path path;
    private final NpyDtype type;
    private final long[] shape;
    private final boolean fortranOrder;
    /** Element strides of the storage; when {@code cOrder}, flat C index = storage index. */
    private final long[] strides;
    private final boolean cOrder;
    private final long size;
    private final MemorySegment data;
    private final Arena arena;
    private long roundedOnWidening;

    NpyArray(String name, Path path, NpyDtype type, long[] shape, boolean fortranOrder, MemorySegment data,
             Arena arena) {
        this.name = name;
        this.path = path;
        this.type = type;
        this.shape = shape;
        this.fortranOrder = fortranOrder;
        this.data = data;
        this.arena = arena;
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        this.size = count;
        this.cOrder = !fortranOrder || NpyHeader.longAxes(shape) <= 1;
        this.strides = new long[shape.length];
        long stride = 1;
        for (int k = 0; k < shape.length; k++) {
            int axis = fortranOrder ? k : shape.length - 1 - k;
            strides[axis] = stride;
            stride *= shape[axis];
        }
    }

    /** Set by the validation pass: how many int64/uint64 values are not exact as doubles. */
    void setRoundedOnWidening(long count) {
        this.roundedOnWidening = count;
    }

    /** The file this array was read from (the archive, for an .npz entry). */
    public Path path() {
        return path;
    }

    /** How error messages name the array: the file, or {@code "archive.npz: entry b.npy"}. */
    public String name() {
        return name;
    }

    /** The descr as NumPy writes it: {@code "<f8"}, {@code "<f4"}, {@code "<i4"}, {@code "|u1"}, ... */
    public String dtype() {
        return type.descr();
    }

    /** The element type as stored in the file. */
    public NpyDtype elementType() {
        return type;
    }

    public boolean isFloat32() {
        return type == NpyDtype.FLOAT32;
    }

    /** Stored as neither float64 nor float32: {@link #get} widens each element to double. */
    public boolean isWidened() {
        return type != NpyDtype.FLOAT64 && type != NpyDtype.FLOAT32;
    }

    /**
     * A sentence for the user when the stored type is widened, e.g. {@code "b.npy holds int32; its values
     * are read as float64"}; empty for float64 and float32.
     */
    public Optional<String> wideningNote() {
        if (!isWidened()) {
            return Optional.empty();
        }
        String note = name + " holds " + type.numpyName() + "; its values are read as float64";
        if (roundedOnWidening > 0) {
            note += " (" + roundedOnWidening + " of them, beyond 2^53 in magnitude, rounded to the nearest float64)";
        }
        return Optional.of(note);
    }

    /** Bytes per element of the storage. */
    public int itemSize() {
        return type.itemSize();
    }

    /** The file's fortran_order flag. */
    public boolean isFortranOrder() {
        return fortranOrder;
    }

    /** Element (not byte) strides of the storage, one per axis. */
    public long[] strides() {
        return strides.clone();
    }

    /** A copy of the shape; an empty array for a 0-d (scalar) array. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " of a rank-" + shape.length + " array");
        }
        return shape[axis];
    }

    /** Number of elements (product of the shape, 1 for a scalar). */
    public long size() {
        return size;
    }

    /**
     * The raw little-endian element bytes in storage order (Fortran order if {@link #isFortranOrder}),
     * read-only, {@code size() * itemSize()} bytes long.
     */
    public MemorySegment data() {
        return data;
    }

    /** Element at a flat C-order index, widened to double. */
    public double get(long flatIndex) {
        return type.get(data, cOrder ? flatIndex : storageIndex(flatIndex));
    }

    /** Element (i, j) of a rank-2 array, widened to double. */
    public double get(long i, long j) {
        return type.get(data, i * strides[0] + j * strides[1]);
    }

    /** Element (i, j, k) of a rank-3 array, widened to double. */
    public double get(long i, long j, long k) {
        return type.get(data, i * strides[0] + j * strides[1] + k * strides[2]);
    }

    /**
     * Element at a flat C-order index of float32 (or float16) storage, without widening.
     *
     * @throws IllegalStateException for any other element type (use {@link #get})
     */
    public float getFloat(long flatIndex) {
        long index = cOrder ? flatIndex : storageIndex(flatIndex);
        return switch (type) {
            case FLOAT32 -> data.getAtIndex(FLOAT32, index);
            case FLOAT16 -> Float.float16ToFloat(data.getAtIndex(NpyDtype.I16, index));
            default -> throw new IllegalStateException(name + " holds " + type.numpyName() + ", not float32");
        };
    }

    /** Copies all elements to the heap in C order, widened to double. */
    public double[] toDoubleArray() {
        int n = heapLength();
        double[] out = new double[n];
        if (type == NpyDtype.FLOAT64 && cOrder) {
            MemorySegment.copy(data, FLOAT64, 0, out, 0, n);
            return out;
        }
        CursorC cursor = new CursorC();
        for (int i = 0; i < n; i++) {
            out[i] = type.get(data, cursor.next());
        }
        return out;
    }

    /**
     * Copies all elements to the heap in C order as floats.
     *
     * @throws IllegalStateException unless the storage is float32 or float16
     */
    public float[] toFloatArray() {
        if (type != NpyDtype.FLOAT32 && type != NpyDtype.FLOAT16) {
            throw new IllegalStateException(name + " holds " + type.numpyName() + ", not float32");
        }
        int n = heapLength();
        float[] out = new float[n];
        CursorC cursor = new CursorC();
        for (int i = 0; i < n; i++) {
            long index = cursor.next();
            out[i] = type == NpyDtype.FLOAT32 ? data.getAtIndex(FLOAT32, index)
                    : Float.float16ToFloat(data.getAtIndex(NpyDtype.I16, index));
        }
        return out;
    }

    /** {@link #vectorLength(String)} with a generic description. */
    public long vectorLength() {
        return vectorLength("it");
    }

    /**
     * The length m of a vector saved as (m,), (m, 1) or (1, m) (the C-order elements are the vector
     * in every case).
     *
     * @param role what the array is, for the message, e.g. {@code "b (the measurements)"}
     * @throws SodInputException for any other shape
     */
    public long vectorLength(String role) {
        if (shape.length == 1) {
            return shape[0];
        }
        if (shape.length == 2 && (shape[0] == 1 || shape[1] == 1)) {
            return shape[0] * shape[1];
        }
        throw new SodInputException(name + " has shape " + Npy.formatShape(shape) + " but " + role
                + " must be a vector: shape (m,), (m, 1) or (1, m)");
    }

    /** {@link #matrixStackShape(String)} with a generic description. */
    public long[] matrixStackShape() {
        return matrixStackShape("the sensing matrices");
    }

    /**
     * {@code {m, n, n}} for m square matrices saved as (m, n, n), or as (m, n*n) with each row a
     * matrix in row-major order; in both cases element (i, p, q) is {@code get(i*n*n + p*n + q)}.
     *
     * @throws SodInputException for any other shape, or a row length that is not a perfect square
     */
    public long[] matrixStackShape(String role) {
        if (shape.length == 3 && shape[1] == shape[2]) {
            return shape.clone();
        }
        if (shape.length == 2) {
            long n = exactSquareRoot(shape[1]);
            if (n >= 0) {
                return new long[] {shape[0], n, n};
            }
            throw new SodInputException(name + " has shape " + Npy.formatShape(shape) + " but " + role
                    + " must be (m, n, n) or (m, n*n); " + shape[1] + " is not a perfect square");
        }
        throw new SodInputException(name + " has shape " + Npy.formatShape(shape) + " but " + role
                + " must be (m, n, n) or (m, n*n): m square n x n matrices");
    }

    /** The integer square root of {@code value} if it is a perfect square, else -1. */
    static long exactSquareRoot(long value) {
        if (value < 0) {
            return -1;
        }
        // Comparisons by division: (root + 1)^2 overflows a long near 2^63.
        long root = (long) Math.sqrt((double) value);
        while (root > 0 && root > value / root) {
            root--;
        }
        while (root + 1 <= value / (root + 1)) {
            root++;
        }
        return root * root == value ? root : -1;
    }

    /** Where the element at a C-order flat index is stored. */
    long storageIndex(long flatIndex) {
        long index = 0;
        long rest = flatIndex;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            long dim = shape[axis];
            index += (rest % dim) * strides[axis];
            rest /= dim;
        }
        return index;
    }

    /** The C-order flat index of the element stored at {@code storageIndex} (for messages). */
    long flatIndexOf(long storageIndex) {
        if (cOrder) {
            return storageIndex;
        }
        long flat = 0;
        long rest = storageIndex;
        long cStride = 1;
        long[] cStrides = new long[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            cStrides[axis] = cStride;
            cStride *= shape[axis];
        }
        for (int axis = 0; axis < shape.length; axis++) {
            flat += (rest % shape[axis]) * cStrides[axis];
            rest /= shape[axis];
        }
        return flat;
    }

    /** The multi-index {@code (i, j, ...)} of a C-order flat index, for messages. */
    String indexText(long flatIndex) {
        long[] index = new long[shape.length];
        long rest = flatIndex;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        return Npy.formatShape(index);
    }

    private int heapLength() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new SodInputException(name + ": " + size + " elements do not fit in a Java array; "
                    + "process the mapped data() instead");
        }
        return (int) size;
    }

    /** Storage indices in C order, by an odometer over the axes (no division per element). */
    private final class CursorC {
        private final long[] index = new long[shape.length];
        private long offset;
        private boolean started;

        long next() {
            if (cOrder) {
                return started ? ++offset : begin();
            }
            if (!started) {
                return begin();
            }
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                offset += strides[axis];
                if (++index[axis] < shape[axis]) {
                    return offset;
                }
                offset -= index[axis] * strides[axis];
                index[axis] = 0;
            }
            return offset;
        }

        private long begin() {
            started = true;
            return 0;
        }
    }

    /** Unmaps or frees the data. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + name + ", " + type.descr() + (fortranOrder ? ", Fortran order" : "") + ", shape="
                + Arrays.toString(shape) + "]";
    }
}
