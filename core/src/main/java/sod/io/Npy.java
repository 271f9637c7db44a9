package sod.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import sod.SodInputException;

/**
 * Reads and writes NumPy .npy files. {@link #read} takes little-endian float64 ({@code "<f8"}) or
 * float32 ({@code "<f4"}) arrays of any rank in C order; {@link #open} also takes the integer, bool and
 * float16 types and Fortran order (see {@link NpyArray}). Format versions 1.0, 2.0 and 3.0 are read;
 * files are written as version 1.0 (2.0 only if the header would not fit), which every NumPy reads.
 *
 * <p>Every problem with a file is reported as a one-line {@link SodInputException} that names the file.
 * Reading rejects NaN and infinite values (reporting the first flat index), and a file whose data is
 * shorter or longer than its shape requires.
 */
public final class Npy {
    public static final String FLOAT64 = "<f8";
    public static final String FLOAT32 = "<f4";

    /** Data at least this large is memory-mapped instead of copied to the heap. */
    static final long MAP_THRESHOLD_BYTES = 1 << 20;

    private Npy() {
    }

    /**
     * Opens a float64 or float32 C-order .npy file and validates it (header, dtype, order, length,
     * finiteness). Data of 1 MiB or more is memory-mapped read-only, not copied to the heap; close the
     * result to unmap it.
     */
    public static NpyArray read(Path path) {
        return readFile(path, NpyHeader.Accept.FLOAT_C_ORDER);
    }

    /**
     * Like {@link #read}, but also accepts what NumPy users save without thinking about it: Fortran
     * order (read through strides, not copied), int8..int64, uint8..uint64, bool and float16 (widened
     * to double on access; {@link NpyArray#wideningNote} says so). float32 stays float32 storage.
     */
    public static NpyArray open(Path path) {
        return readFile(path, NpyHeader.Accept.NUMERIC);
    }

    private static NpyArray readFile(Path path, NpyHeader.Accept accept) {
        String name = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            NpyHeader header = NpyHeader.read(name, Channels.newInputStream(channel), fileSize, accept);
            header.checkDataLength(name, fileSize);
            MemorySegment data;
            Arena arena = null;
            if (header.dataBytes() < MAP_THRESHOLD_BYTES) {
                // Mapping costs a shared-arena close (a handshake with all threads); small data is cheaper on the heap.
                ByteBuffer bytes = ByteBuffer.allocate((int) header.dataBytes());
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, header.dataOffset() + bytes.position()) < 0) {
                        throw NpyHeader.fail(name, "is truncated (it shrank while being read)");
                    }
                }
                data = MemorySegment.ofArray(bytes.array()).asReadOnly();
            } else {
                arena = Arena.ofShared();
                try {
                    data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset(), header.dataBytes(), arena);
                } catch (IOException | RuntimeException e) {
                    arena.close();
                    throw e;
                }
            }
            return NpyValues.validated(new NpyArray(name, path, header.dtype(), header.shape(), header.fortranOrder(),
                    data, arena));
        } catch (NoSuchFileException e) {
            throw NpyHeader.fail(name, "does not exist");
        } catch (AccessDeniedException e) {
            throw NpyHeader.fail(name, "cannot be read (permission denied)");
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
            throw NpyHeader.fail(array.name(), "has shape " + formatShape(shape) + " but shape " + expected + " is required");
        }
    }

    /**
     * Writes a float64 array atomically. An omitted shape means 1-D of {@code data.length}.
     *
     * @throws IllegalArgumentException if the shape does not match the data length or data is not finite
     */
    public static void write(Path path, double[] data, long... shape) {
        long[] checkedShape = NpyWriter.checkForWrite(path, data.length, shape);
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("refusing to write " + data[i] + " at index " + i + " to " + path);
            }
        }
        NpyWriter.writeFile(path, FLOAT64, checkedShape, data.length, 8, (buffer, from, count) -> {
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
        long[] checkedShape = NpyWriter.checkForWrite(path, data.length, shape);
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("refusing to write " + data[i] + " at index " + i + " to " + path);
            }
        }
        NpyWriter.writeFile(path, FLOAT32, checkedShape, data.length, 4, (buffer, from, count) -> {
            for (int i = from; i < from + count; i++) {
                buffer.putFloat(data[i]);
            }
        });
    }

    /** Python tuple syntax, as NumPy writes it: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
    static String formatShape(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int axis = 0; axis < shape.length; axis++) {
            text.append(axis > 0 ? ", " : "").append(shape[axis]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
