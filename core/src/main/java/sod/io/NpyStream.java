package sod.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import sod.SodInputException;

/**
 * Reads the elements of a 1-D .npy, front to back, from a stream (an .npz entry), through a 64 KiB
 * buffer: the way to consume an index or value array of 10^9 elements without holding it. The header
 * has been checked, and the data length is checked as it is read.
 */
final class NpyStream implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final String label;
    private final InputStream in;
    private final NpyHeader header;
    private final NpyDtype type;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    private NpyStream(String label, InputStream in, NpyHeader header) {
        this.label = label;
        this.in = in;
        this.header = header;
        this.type = header.dtype();
        buffer.flip();
    }

    /**
     * @param what how messages describe the array's role, e.g. "the column indices"
     * @throws SodInputException unless the entry is a numeric 1-D array of exactly its declared length
     */
    static NpyStream open(String label, InputStream in, long totalBytes, String what) throws IOException {
        NpyHeader header = NpyHeader.read(label, in, totalBytes, NpyHeader.Accept.NUMERIC);
        header.checkDataLength(label, totalBytes);
        if (header.shape().length != 1) {
            in.close();
            throw new SodInputException(label + " has shape " + Npy.formatShape(header.shape()) + " but " + what
                    + " must be a 1-D array");
        }
        return new NpyStream(label, in, header);
    }

    String label() {
        return label;
    }

    NpyDtype type() {
        return type;
    }

    /** Number of elements. */
    long length() {
        return header.size();
    }

    /** Elements read so far (the index of the next one). */
    long position() {
        return position;
    }

    /** The next element of an integer array. */
    long nextLong() throws IOException {
        fill(type.itemSize());
        position++;
        return switch (type) {
            case INT8 -> buffer.get();
            case INT16 -> buffer.getShort();
            case INT32 -> buffer.getInt();
            case INT64, UINT64 -> buffer.getLong();
            case UINT8, BOOL -> buffer.get() & 0xFF;
            case UINT16 -> buffer.getShort() & 0xFFFF;
            case UINT32 -> buffer.getInt() & 0xFFFFFFFFL;
            default -> throw new IllegalStateException("not an integer array");
        };
    }

    /** The next element as a double (integers widened as by {@link NpyDtype#get}). */
    double nextDouble() throws IOException {
        fill(type.itemSize());
        position++;
        return switch (type) {
            case FLOAT64 -> buffer.getDouble();
            case FLOAT32 -> buffer.getFloat();
            case FLOAT16 -> Float.float16ToFloat(buffer.getShort());
            case INT8 -> buffer.get();
            case INT16 -> buffer.getShort();
            case INT32 -> buffer.getInt();
            case INT64 -> buffer.getLong();
            case UINT8, BOOL -> buffer.get() & 0xFF;
            case UINT16 -> buffer.getShort() & 0xFFFF;
            case UINT32 -> buffer.getInt() & 0xFFFFFFFFL;
            case UINT64 -> NpyDtype.unsignedToDouble(buffer.getLong());
        };
    }

    /** Reads to the end of the entry (which verifies its CRC) after the last element was consumed. */
    void finish() throws IOException {
        if (position != header.size()) {
            throw new IllegalStateException(label + ": finished at element " + position + " of " + header.size());
        }
        while (in.read(buffer.array(), 0, BUFFER) >= 0) {
            // nothing is left when the lengths agree; the read makes the entry check its CRC
        }
    }

    /** {@link ZipEntryInput#rootCause} for a problem found while interpreting this stream's elements. */
    SodInputException rootCause(SodInputException problem) {
        return in instanceof ZipEntryInput entry ? entry.rootCause(problem) : problem;
    }

    private void fill(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        buffer.compact();
        while (buffer.position() < bytes) {
            int got = in.read(buffer.array(), buffer.position(), buffer.remaining());
            if (got < 0) {
                throw new SodInputException(label + " ends at element " + position + " of " + header.size()
                        + "; the archive is truncated or corrupt");
            }
            buffer.position(buffer.position() + got);
        }
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
