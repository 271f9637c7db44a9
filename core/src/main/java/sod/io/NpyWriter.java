package sod.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes float64 and float32 arrays in C order as .npy version 1.0 (2.0 only if the header would not
 * fit), which every NumPy reads; the file appears atomically ({@link AtomicFiles}).
 */
final class NpyWriter {
    private NpyWriter() {
    }

    @FunctionalInterface
    interface ElementPutter {
        void put(ByteBuffer buffer, int from, int count);
    }

    static long[] checkForWrite(Path path, int length, long[] shape) {
        long[] checked = shape.length == 0 ? new long[] {length} : shape.clone();
        long product = 1;
        for (long dim : checked) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Npy.formatShape(checked) + " for " + path);
            }
            product = Math.multiplyExact(product, dim);
        }
        if (product != length) {
            throw new IllegalArgumentException("shape " + Npy.formatShape(checked) + " has " + product
                    + " elements but the data has " + length + " (writing " + path + ")");
        }
        return checked;
    }

    static void writeFile(Path path, String dtype, long[] shape, int length, int itemSize, ElementPutter putter) {
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
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + Npy.formatShape(shape) + ", }";
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
        out.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
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
}
