package sod.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@link SparseSymmetricSet} as the file {@code scipy.sparse.save_npz} writes for the m x n^2
 * CSR matrix whose row i is vec(A_i) in row-major order: both triangles present (every off-diagonal
 * entry and its mirror with the same value), columns ascending, no explicit zeros. That is what
 * {@code scipy.sparse.load_npz} returns and {@link ScipySparseNpz} reads back. The archive holds
 * {@code indices}, {@code indptr}, {@code format} (b'csr'), {@code shape} and {@code data}, deflated as
 * {@code save_npz(compressed=True)} writes them; indices and pointers are int32 when every column index
 * and the entry count fit, int64 otherwise (SciPy's own rule). Streams the set three times (indices,
 * pointers, values) instead of building the m x n^2 matrix; written atomically ({@link AtomicFiles}).
 */
public final class ScipySparseNpzWriter {
    private static final int BUFFER = 1 << 16;

    private ScipySparseNpzWriter() {
    }

    public static void write(Path path, SparseSymmetricSet set) {
        int m = set.m();
        long columns = (long) set.n() * set.n();
        long total = 0;
        for (int i = 0; i < m; i++) total += fullEntries(set, i);
        final long entries = total;
        boolean wide = Math.max(columns, entries) > Integer.MAX_VALUE;
        String index = wide ? "<i8" : "<i4";
        AtomicFiles.write(path, channel -> {
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            ZipOutputStream zip = new ZipOutputStream(file);
            Row row = new Row(set);
            try (Sink out = entry(zip, "indices", index, entries)) {
                for (int i = 0; i < m; i++) {
                    row.load(i);
                    for (int e = 0; e < row.size; e++) out.index(wide, row.keys[e]);
                }
            }
            try (Sink out = entry(zip, "indptr", index, m + 1L)) {
                long at = 0;
                out.index(wide, 0);
                for (int i = 0; i < m; i++) {
                    at += fullEntries(set, i);
                    out.index(wide, at);
                }
            }
            byte[] format = "csr".getBytes(StandardCharsets.US_ASCII);
            zip.putNextEntry(new ZipEntry("format.npy"));
            zip.write(NpyWriter.encodeHeader("|S" + format.length, new long[0]));
            zip.write(format);
            zip.closeEntry();
            try (Sink out = entry(zip, "shape", "<i8", 2)) {
                out.index(true, m);
                out.index(true, columns);
            }
            try (Sink out = entry(zip, "data", Npy.FLOAT64, entries)) {
                for (int i = 0; i < m; i++) {
                    row.load(i);
                    for (int e = 0; e < row.size; e++) out.value(row.values[e]);
                }
            }
            zip.finish();
            file.flush();
        });
    }

    /** Entries of vec(A_i) with both triangles, explicit zeros left out. */
    private static long fullEntries(SparseSymmetricSet set, int i) {
        long count = 0;
        for (long k = set.start()[i]; k < set.start()[i + 1]; k++) {
            int e = (int) k;
            if (set.value()[e] != 0) count += set.row()[e] == set.col()[e] ? 1 : 2;
        }
        return count;
    }

    /**
     * One A_i as ascending vec indices {@code p n + q} with their values, both triangles (the arrays are
     * reused from row to row). The values are found back by a binary search of the set's upper entries,
     * which are sorted by (row, column).
     */
    private static final class Row {
        private final SparseSymmetricSet set;
        long[] keys = new long[16];
        double[] values = new double[16];
        int size;

        Row(SparseSymmetricSet set) {
            this.set = set;
        }

        void load(int i) {
            long n = set.n();
            int first = (int) set.start()[i], last = (int) set.start()[i + 1];
            if (2 * (last - first) > keys.length) {
                keys = new long[2 * (last - first)];
                values = new double[keys.length];
            }
            size = 0;
            for (int e = first; e < last; e++) {
                if (set.value()[e] == 0) continue;
                int p = set.row()[e], q = set.col()[e];
                keys[size++] = p * n + q;
                if (p != q) keys[size++] = q * n + p;
            }
            Arrays.sort(keys, 0, size);
            for (int k = 0; k < size; k++) {
                int p = (int) (keys[k] / n), q = (int) (keys[k] % n);
                values[k] = set.value()[upperEntry(first, last, Math.min(p, q), Math.max(p, q))];
            }
        }

        private int upperEntry(int first, int last, int p, int q) {
            int lo = first, hi = last - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = set.row()[mid] != p ? Integer.compare(set.row()[mid], p) : Integer.compare(set.col()[mid], q);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            throw new IllegalStateException("entry (" + p + ", " + q + ") not found");
        }
    }

    /** Opens a 1-D .npy entry of {@code length} elements; the caller writes exactly that many. */
    private static Sink entry(ZipOutputStream zip, String name, String dtype, long length) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(NpyWriter.encodeHeader(dtype, new long[] {length}));
        return new Sink(zip);
    }

    /** Little-endian elements into the open zip entry through one buffer; closing flushes and closes the entry. */
    private static final class Sink implements AutoCloseable {
        private final ZipOutputStream zip;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);

        Sink(ZipOutputStream zip) {
            this.zip = zip;
        }

        void index(boolean wide, long v) throws IOException {
            room();
            if (wide) buffer.putLong(v);
            else buffer.putInt((int) v);
        }

        void value(double v) throws IOException {
            room();
            buffer.putDouble(v);
        }

        private void room() throws IOException {
            if (buffer.remaining() < Long.BYTES) drain();
        }

        private void drain() throws IOException {
            zip.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            drain();
            zip.closeEntry();
        }
    }
}
