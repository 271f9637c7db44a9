package sod.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import sod.SodInputException;

/**
 * The uncompressed bytes of one zip entry, streamed: stored data is read straight from the file,
 * deflated data is inflated through a 64 KiB window, so nothing is held whole in memory. The CRC-32
 * is checked when the last declared byte has been delivered; a short, overlong or damaged entry is a
 * one-line {@link SodInputException} naming the archive and entry.
 */
final class ZipEntryInput extends InputStream {
    private static final int WINDOW = 1 << 16;

    private final String label;
    private final FileChannel channel;
    private final ZipDirectory.Entry entry;
    private final long start;
    private final Inflater inflater;
    private final ByteBuffer compressed;
    private final CRC32 crc = new CRC32();
    private final boolean checkCrc;
    private long consumed;
    private long delivered;

    /**
     * @param label    how messages name the entry, e.g. {@code "p.npz: entry b.npy"}
     * @param start    the first data byte, from {@link ZipDirectory#dataStart}
     * @param checkCrc false only for re-reads of an entry whose CRC was already verified
     */
    ZipEntryInput(String label, FileChannel channel, ZipDirectory.Entry entry, long start, boolean checkCrc) {
        this.label = label;
        this.channel = channel;
        this.entry = entry;
        this.start = start;
        this.checkCrc = checkCrc;
        if (entry.method() == ZipDirectory.DEFLATED) {
            inflater = new Inflater(true);
            compressed = ByteBuffer.allocate(WINDOW);
            compressed.flip();
        } else {
            inflater = null;
            compressed = null;
        }
    }

    /** Uncompressed length of the entry. */
    long size() {
        return entry.size();
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        long remaining = entry.size() - delivered;
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return inflater != null ? checkNothingMore() : -1;
        }
        int wanted = (int) Math.min(length, remaining);
        int got = inflater == null ? readStored(into, offset, wanted) : inflate(into, offset, wanted);
        if (checkCrc) {
            crc.update(into, offset, got);
        }
        delivered += got;
        if (delivered == entry.size() && checkCrc && (int) crc.getValue() != entry.crc()) {
            throw new SodInputException(label + " fails its CRC-32 check (stored " + hex(entry.crc()) + ", data gives "
                    + hex((int) crc.getValue()) + "); the archive is corrupt: save or copy it again");
        }
        return got;
    }

    /**
     * The better explanation of a failure while this entry was being interpreted: if the rest of the
     * entry is truncated or fails its CRC, that (the data is damaged) is the cause, not whatever the
     * damaged bytes looked like; otherwise {@code problem} itself.
     */
    SodInputException rootCause(SodInputException problem) {
        if (!checkCrc) {
            return problem;
        }
        try {
            byte[] sink = new byte[WINDOW];
            while (read(sink, 0, sink.length) >= 0) {
                // draining: the last read compares the CRC
            }
        } catch (SodInputException damaged) {
            return damaged;
        } catch (IOException ignored) {
            // the original problem is still the best account
        }
        return problem;
    }

    private int readStored(byte[] into, int offset, int wanted) throws IOException {
        int got = channel.read(ByteBuffer.wrap(into, offset, wanted), start + delivered);
        if (got <= 0) {
            throw truncated();
        }
        return got;
    }

    private int inflate(byte[] into, int offset, int wanted) throws IOException {
        try {
            while (true) {
                int got = inflater.inflate(into, offset, wanted);
                if (got > 0) {
                    return got;
                }
                if (inflater.finished()) {
                    throw new SodInputException(label + " inflates to " + delivered + " bytes but declares "
                            + entry.size() + "; the archive is corrupt");
                }
                // A raw (nowrap) inflater never asks for a preset dictionary: only input can be missing.
                refill();
            }
        } catch (DataFormatException e) {
            throw new SodInputException(label + " has damaged compressed data near byte " + (start + consumed)
                    + " (" + e.getMessage() + "); the archive is corrupt");
        }
    }

    private void refill() throws IOException {
        if (consumed == entry.compressedSize()) {
            throw truncated();
        }
        compressed.clear();
        compressed.limit((int) Math.min(WINDOW, entry.compressedSize() - consumed));
        while (compressed.hasRemaining()) {
            if (channel.read(compressed, start + consumed + compressed.position()) < 0) {
                throw truncated();
            }
        }
        compressed.flip();
        consumed += compressed.remaining();
        inflater.setInput(compressed);
    }

    /** After the declared size, a deflated entry must not inflate to more. */
    private int checkNothingMore() throws IOException {
        byte[] probe = new byte[1];
        try {
            while (!inflater.finished()) {
                if (inflater.inflate(probe) > 0) {
                    throw new SodInputException(label + " inflates to more than the " + entry.size()
                            + " bytes it declares; the archive is corrupt");
                }
                if (inflater.needsInput()) {
                    if (consumed == entry.compressedSize()) {
                        break;
                    }
                    refill();
                }
            }
        } catch (DataFormatException e) {
            throw new SodInputException(label + " has damaged compressed data after its last byte; the archive is corrupt");
        }
        return -1;
    }

    private SodInputException truncated() {
        return new SodInputException(label + " ends after " + delivered + " of its " + entry.size()
                + " bytes; the archive is truncated or corrupt: save or copy it again");
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
