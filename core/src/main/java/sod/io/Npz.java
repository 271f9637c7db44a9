package sod.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

import sod.SodInputException;

/**
 * A NumPy .npz archive ({@code numpy.savez}, {@code numpy.savez_compressed}): a zip of
 * {@code NAME.npy} entries, each read as an {@link NpyArray} with the same checks as {@link Npy#open}.
 * A stored (uncompressed) entry of 1 MiB or more is memory-mapped in place; a deflated one is inflated
 * once, streaming, into its own read-only segment. Every entry's CRC-32 is verified. Arrays outlive the
 * archive: closing the {@code Npz} closes the file, each array frees its own data.
 */
public final class Npz implements AutoCloseable {
    private static final String SUFFIX = ".npy";
    private static final int COPY_CHUNK = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final ZipDirectory directory;
    private final List<String> names;

    private Npz(Path path, FileChannel channel, ZipDirectory directory, List<String> names) {
        this.path = path;
        this.channel = channel;
        this.directory = directory;
        this.names = names;
    }

    /** Opens the archive and reads its directory; close it when done. */
    public static Npz open(Path path) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            ZipDirectory directory = ZipDirectory.read(path.toString(), channel);
            List<String> names = new ArrayList<>();
            for (String entry : directory.entries().keySet()) {
                if (entry.endsWith(SUFFIX)) {
                    names.add(entry.substring(0, entry.length() - SUFFIX.length()));
                }
            }
            if (names.isEmpty()) {
                throw new SodInputException(path + ": holds no .npy arrays (entries: " + directory.entries().keySet()
                        + "); expected a .npz written by numpy.savez");
            }
            return new Npz(path, channel, directory, Collections.unmodifiableList(names));
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw new SodInputException(path + ": does not exist");
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            throw new SodInputException(path + ": cannot be read (permission denied)");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SodInputException(path + ": cannot read .npz archive: " + AtomicFiles.describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The array names, as given to {@code numpy.savez} (entry names without ".npy"), in archive order. */
    public List<String> names() {
        return names;
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * Reads one array (any {@link NpyDtype}, C or Fortran order).
     *
     * @throws SodInputException if there is no such array or the entry is malformed
     */
    public NpyArray read(String name) {
        ZipDirectory.Entry entry = entry(name, "");
        String label = label(entry);
        try {
            long start = directory.dataStart(entry);
            if (entry.method() == ZipDirectory.STORED && entry.size() >= Npy.MAP_THRESHOLD_BYTES) {
                return mapStored(label, entry, start);
            }
            return inflate(label, entry, start);
        } catch (IOException e) {
            throw new SodInputException(label + ": cannot read: " + AtomicFiles.describe(e), e);
        }
    }

    /** A front-to-back reader of a 1-D numeric entry; {@code what} describes it for messages. */
    NpyStream stream(String name, String what, boolean checkCrc) throws IOException {
        ZipDirectory.Entry entry = entry(name, " (" + what + ")");
        long start = directory.dataStart(entry);
        ZipEntryInput in = new ZipEntryInput(label(entry), channel, entry, start, checkCrc);
        try {
            return NpyStream.open(label(entry), in, entry.size(), what);
        } catch (SodInputException e) {
            SodInputException cause = in.rootCause(e);
            in.close();
            throw cause;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A 0-d text entry ({@code '|S'} bytes or {@code '<U'} unicode) as a string, e.g. scipy's format. */
    String readText(String name, String what) throws IOException {
        ZipDirectory.Entry entry = entry(name, " (" + what + ")");
        String label = label(entry);
        if (entry.size() > 1 << 20) {
            throw new SodInputException(label + " is " + entry.size() + " bytes but " + what + " must be a short text");
        }
        byte[] bytes;
        try (ZipEntryInput in = new ZipEntryInput(label, channel, entry, directory.dataStart(entry), true)) {
            bytes = in.readAllBytes();
        }
        NpyHeader header = NpyHeader.read(label, new ByteArrayInputStream(bytes), bytes.length, NpyHeader.Accept.TEXT);
        header.checkDataLength(label, bytes.length);
        if (header.size() != 1) {
            throw new SodInputException(label + " has shape " + Npy.formatShape(header.shape()) + " but " + what
                    + " must be a single text value");
        }
        int from = (int) header.dataOffset();
        String text = header.descr().startsWith("|S")
                ? new String(bytes, from, header.itemSize(), StandardCharsets.ISO_8859_1)
                : new String(bytes, from, header.itemSize(), java.nio.charset.Charset.forName("UTF-32LE"));
        int end = text.indexOf('\0');
        return end >= 0 ? text.substring(0, end) : text;
    }

    private ZipDirectory.Entry entry(String name, String role) {
        ZipDirectory.Entry entry = directory.entries().get(name + SUFFIX);
        if (entry == null) {
            throw new SodInputException(path + ": has no array '" + name + "'" + role + "; it holds " + names
                    + (role.isEmpty() ? "" : "; save it with that name"));
        }
        return entry;
    }

    private String label(ZipDirectory.Entry entry) {
        return path + ": entry " + entry.name();
    }

    /** A big stored entry stays in the file: checked and read through a mapping of its bytes. */
    private NpyArray mapStored(String label, ZipDirectory.Entry entry, long start) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, start, entry.size(), arena);
            CRC32 crc = new CRC32();
            for (long at = 0; at < whole.byteSize(); at += 1 << 30) {
                crc.update(whole.asSlice(at, Math.min(1 << 30, whole.byteSize() - at)).asByteBuffer());
            }
            if ((int) crc.getValue() != entry.crc()) {
                throw new SodInputException(label + " fails its CRC-32 check; the archive is corrupt: save or copy it again");
            }
            NpyHeader header = NpyHeader.read(label, new SegmentInput(whole), entry.size(), NpyHeader.Accept.NUMERIC);
            header.checkDataLength(label, entry.size());
            MemorySegment data = whole.asSlice(header.dataOffset(), header.dataBytes()).asReadOnly();
            return NpyValues.validated(new NpyArray(label, path, header.dtype(), header.shape(), header.fortranOrder(),
                    data, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Small or deflated entries: the header is parsed from the stream, then the data goes straight
     * into its final segment (the heap under 1 MiB, else off-heap), never through a second full copy.
     * A problem found on the way is reported as damage when the entry's CRC says so.
     */
    private NpyArray inflate(String label, ZipDirectory.Entry entry, long start) throws IOException {
        try (ZipEntryInput in = new ZipEntryInput(label, channel, entry, start, true)) {
            try {
                return inflate(label, entry, in);
            } catch (SodInputException e) {
                throw in.rootCause(e);
            }
        }
    }

    private NpyArray inflate(String label, ZipDirectory.Entry entry, ZipEntryInput in) throws IOException {
        NpyHeader header = NpyHeader.read(label, in, entry.size(), NpyHeader.Accept.NUMERIC);
        header.checkDataLength(label, entry.size());
        long bytes = header.dataBytes();
        if (bytes < Npy.MAP_THRESHOLD_BYTES) {
            byte[] data = in.readNBytes((int) bytes);
            finish(in, label, data.length, bytes);
            return NpyValues.validated(new NpyArray(label, path, header.dtype(), header.shape(),
                    header.fortranOrder(), MemorySegment.ofArray(data).asReadOnly(), null));
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment data = arena.allocate(bytes, 64);
            byte[] chunk = new byte[COPY_CHUNK];
            long filled = 0;
            while (filled < bytes) {
                int got = in.read(chunk, 0, (int) Math.min(COPY_CHUNK, bytes - filled));
                if (got < 0) {
                    break;
                }
                MemorySegment.copy(chunk, 0, data, ValueLayout.JAVA_BYTE, filled, got);
                filled += got;
            }
            finish(in, label, filled, bytes);
            return NpyValues.validated(new NpyArray(label, path, header.dtype(), header.shape(),
                    header.fortranOrder(), data.asReadOnly(), arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void finish(InputStream in, String label, long got, long wanted) throws IOException {
        if (got < wanted) {
            throw new SodInputException(label + " ends " + (wanted - got) + " bytes early; the archive is corrupt");
        }
        if (in.read() >= 0) {
            throw new SodInputException(label + " has bytes after its data; the archive is corrupt");
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written; there is nothing to lose
            }
        }
    }

    /** The start of a mapped entry as a stream, for the header parser. */
    private static final class SegmentInput extends InputStream {
        private final MemorySegment segment;
        private long position;

        SegmentInput(MemorySegment segment) {
            this.segment = segment;
        }

        @Override
        public int read() {
            return position < segment.byteSize() ? segment.get(ValueLayout.JAVA_BYTE, position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            long left = segment.byteSize() - position;
            if (left <= 0) {
                return length == 0 ? 0 : -1;
            }
            int n = (int) Math.min(length, left);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
