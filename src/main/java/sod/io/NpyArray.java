package sod.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import sod.SodInputException;

/**
 * A validated .npy array whose data stays in a read-only memory mapping of the file, not on the
 * heap (arrays under 1 MiB are simply read into a read-only heap segment). Elements are little-endian float64 ({@code "<f8"}) or float32 ({@code "<f4"}) in C order;
 * {@link Npy#read} has already checked that the file holds exactly {@code size()} elements and that all
 * are finite. Close the array to unmap the file; a mapped {@link #data()} segment becomes
 * unusable afterwards.
 */
public final class NpyArray implements AutoCloseable {
    static final ValueLayout.OfDouble FLOAT64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final String dtype;
    private final long[] shape;
    private final long size;
    private final MemorySegment data;
    private final Arena arena;

    NpyArray(Path path, String dtype, long[] shape, long size, MemorySegment data, Arena arena) {
        this.path = path;
        this.dtype = dtype;
        this.shape = shape;
        this.size = size;
        this.data = data;
        this.arena = arena;
    }

    /** The file this array was read from. */
    public Path path() {
        return path;
    }

    /** {@code "<f8"} or {@code "<f4"}. */
    public String dtype() {
        return dtype;
    }

    public boolean isFloat32() {
        return dtype.equals(Npy.FLOAT32);
    }

    /** Bytes per element: 8 or 4. */
    public int itemSize() {
        return isFloat32() ? 4 : 8;
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

    /** The raw little-endian element bytes, read-only, {@code size() * itemSize()} bytes long. */
    public MemorySegment data() {
        return data;
    }

    /** Element at a flat C-order index, widened to double. */
    public double get(long flatIndex) {
        return isFloat32() ? data.getAtIndex(FLOAT32, flatIndex) : data.getAtIndex(FLOAT64, flatIndex);
    }

    /** Copies all elements to the heap, widening float32 to double. */
    public double[] toDoubleArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new SodInputException(path + ": " + size + " elements do not fit in a Java array; "
                    + "process the mapped data() instead");
        }
        int n = (int) size;
        double[] out = new double[n];
        if (isFloat32()) {
            for (int i = 0; i < n; i++) {
                out[i] = data.getAtIndex(FLOAT32, i);
            }
        } else {
            MemorySegment.copy(data, FLOAT64, 0, out, 0, n);
        }
        return out;
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + path + ", " + dtype + ", shape=" + Arrays.toString(shape) + "]";
    }
}
