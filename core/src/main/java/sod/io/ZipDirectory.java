package sod.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import sod.SodInputException;

/**
 * The central directory of a zip archive, as {@code numpy.savez} writes it (Python's zipfile: stored
 * or deflated entries, zip64 extra fields on every entry, zip64 end records for big archives).
 * Only the directory is read here; entry data is reached through {@link #dataStart}. Problems are
 * one-line {@link SodInputException}s naming the file and, where it applies, the entry and byte offset.
 */
final class ZipDirectory {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END64_SIGNATURE = 0x06064b50;
    private static final int END64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_BYTES = 22;
    private static final int CENTRAL_BYTES = 46;
    private static final int LOCAL_BYTES = 30;
    private static final long MAX_CENTRAL_DIRECTORY = 1L << 30;

    /** One file in the archive; sizes and offsets already resolved through zip64 extras. */
    record Entry(String name, int method, int flags, int crc, long compressedSize, long size, long localHeaderOffset) {
    }

    private final String label;
    private final FileChannel channel;
    private final long centralOffset;
    private final Map<String, Entry> entries;

    private ZipDirectory(String label, FileChannel channel, long centralOffset, Map<String, Entry> entries) {
        this.label = label;
        this.channel = channel;
        this.centralOffset = centralOffset;
        this.entries = entries;
    }

    /** Entries by name, in directory order. */
    Map<String, Entry> entries() {
        return entries;
    }

    static ZipDirectory read(String label, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize == 0) {
            throw fail(label, "is empty (0 bytes); expected a .npz (zip) archive written by numpy.savez");
        }
        int tailLength = (int) Math.min(fileSize, END_BYTES + 0xFFFF);
        ByteBuffer tail = readAt(channel, fileSize - tailLength, tailLength);
        int end = -1;
        for (int at = tailLength - END_BYTES; at >= 0; at--) {
            if (tail.getInt(at) == END_SIGNATURE && at + END_BYTES + (tail.getShort(at + 20) & 0xFFFF) <= tailLength) {
                end = at;
                break;
            }
        }
        if (end < 0) {
            boolean zipStart = fileSize >= 4 && readAt(channel, 0, 4).getInt(0) == LOCAL_SIGNATURE;
            throw fail(label, zipStart
                    ? "is truncated (no end-of-central-directory record in its last " + tailLength + " bytes); "
                            + "the file was cut short: copy or save it again"
                    : "is not a zip archive (no end-of-central-directory record); expected a .npz written by numpy.savez");
        }
        long endOffset = fileSize - tailLength + end;
        int disk = tail.getShort(end + 4) & 0xFFFF;
        int centralDisk = tail.getShort(end + 6) & 0xFFFF;
        long count = tail.getShort(end + 10) & 0xFFFF;
        long centralSize = tail.getInt(end + 12) & 0xFFFFFFFFL;
        long centralOffset = tail.getInt(end + 16) & 0xFFFFFFFFL;
        long centralLimit = endOffset;
        if (count == 0xFFFF || centralSize == 0xFFFFFFFFL || centralOffset == 0xFFFFFFFFL) {
            if (endOffset < 20 || readAt(channel, endOffset - 20, 4).getInt(0) != END64_LOCATOR_SIGNATURE) {
                throw fail(label, "has a zip64 end record marker at byte " + endOffset
                        + " but no zip64 locator before it; the archive is corrupt");
            }
            long end64 = readAt(channel, endOffset - 20, 20).getLong(8);
            if (end64 < 0 || end64 > endOffset - 20 - 56) {
                throw fail(label, "has a zip64 locator pointing to byte " + end64 + ", outside the archive; it is corrupt");
            }
            ByteBuffer record = readAt(channel, end64, 56);
            if (record.getInt(0) != END64_SIGNATURE) {
                throw fail(label, "has no zip64 end record at byte " + end64 + "; the archive is corrupt");
            }
            disk = record.getInt(16);
            centralDisk = record.getInt(20);
            count = record.getLong(32);
            centralSize = record.getLong(40);
            centralOffset = record.getLong(48);
            centralLimit = end64;
        }
        if (disk != 0 || centralDisk != 0) {
            throw fail(label, "is a multi-part (spanned) zip archive; join it into one file first");
        }
        if (centralOffset < 0 || centralSize < 0 || centralOffset > centralLimit || centralSize > centralLimit - centralOffset) {
            throw fail(label, "has a central directory at bytes " + centralOffset + "+" + centralSize
                    + " that does not fit before byte " + centralLimit + "; the archive is truncated or corrupt");
        }
        if (centralSize > MAX_CENTRAL_DIRECTORY || count > centralSize / CENTRAL_BYTES + 1) {
            throw fail(label, "declares " + count + " entries in a " + centralSize
                    + "-byte central directory; the archive is corrupt");
        }
        ByteBuffer central = readAt(channel, centralOffset, (int) centralSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int at = 0;
        for (long k = 0; k < count; k++) {
            Entry entry = parseCentral(label, central, at, centralOffset);
            if (entries.put(entry.name(), entry) != null) {
                throw fail(label, "holds two entries named '" + entry.name() + "'; the archive is corrupt");
            }
            at += CENTRAL_BYTES + (central.getShort(at + 28) & 0xFFFF) + (central.getShort(at + 30) & 0xFFFF)
                    + (central.getShort(at + 32) & 0xFFFF);
        }
        return new ZipDirectory(label, channel, centralOffset, Collections.unmodifiableMap(entries));
    }

    private static Entry parseCentral(String label, ByteBuffer central, int at, long centralOffset) {
        long where = centralOffset + at;
        if (at + CENTRAL_BYTES > central.limit() || central.getInt(at) != CENTRAL_SIGNATURE) {
            throw fail(label, "has a damaged central directory at byte " + where + "; the archive is corrupt");
        }
        int flags = central.getShort(at + 8) & 0xFFFF;
        int method = central.getShort(at + 10) & 0xFFFF;
        int crc = central.getInt(at + 16);
        long compressedSize = central.getInt(at + 20) & 0xFFFFFFFFL;
        long size = central.getInt(at + 24) & 0xFFFFFFFFL;
        int nameLength = central.getShort(at + 28) & 0xFFFF;
        int extraLength = central.getShort(at + 30) & 0xFFFF;
        int commentLength = central.getShort(at + 32) & 0xFFFF;
        long offset = central.getInt(at + 42) & 0xFFFFFFFFL;
        if (at + CENTRAL_BYTES + nameLength + extraLength + commentLength > central.limit()) {
            throw fail(label, "has a damaged central directory at byte " + where + "; the archive is corrupt");
        }
        byte[] nameBytes = new byte[nameLength];
        central.get(at + CENTRAL_BYTES, nameBytes);
        String name = new String(nameBytes, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        // Zip64: the saturated fields follow in the extra field 0x0001, in this order.
        int extra = at + CENTRAL_BYTES + nameLength;
        int extraEnd = extra + extraLength;
        while (extra + 4 <= extraEnd) {
            int id = central.getShort(extra) & 0xFFFF;
            int length = central.getShort(extra + 2) & 0xFFFF;
            int field = extra + 4;
            if (field + length > extraEnd) {
                throw fail(label, "entry '" + name + "' has a damaged extra field at byte " + (centralOffset + extra));
            }
            if (id == 0x0001) {
                if (size == 0xFFFFFFFFL && field + 8 <= extra + 4 + length) {
                    size = central.getLong(field);
                    field += 8;
                }
                if (compressedSize == 0xFFFFFFFFL && field + 8 <= extra + 4 + length) {
                    compressedSize = central.getLong(field);
                    field += 8;
                }
                if (offset == 0xFFFFFFFFL && field + 8 <= extra + 4 + length) {
                    offset = central.getLong(field);
                }
            }
            extra += 4 + length;
        }
        if (size < 0 || compressedSize < 0 || offset < 0) {
            throw fail(label, "entry '" + name + "' declares an impossible size or offset; the archive is corrupt");
        }
        return new Entry(name, method, flags, crc, compressedSize, size, offset);
    }

    /**
     * Where the entry's data begins, after checking its local header; also checks that the method is
     * one sod reads and the data lies before the central directory.
     */
    long dataStart(Entry entry) throws IOException {
        String where = label + ": entry " + entry.name();
        if ((entry.flags() & 1) != 0) {
            throw new SodInputException(where + " is encrypted; save the arrays without a password");
        }
        if (entry.method() != STORED && entry.method() != DEFLATED) {
            throw new SodInputException(where + " uses zip compression method " + entry.method()
                    + "; only stored and deflated (numpy.savez, numpy.savez_compressed) are supported");
        }
        long offset = entry.localHeaderOffset();
        if (offset > centralOffset - LOCAL_BYTES) {
            throw new SodInputException(where + " has its header at byte " + offset
                    + ", outside the archive's data; the archive is corrupt");
        }
        ByteBuffer local = readAt(channel, offset, LOCAL_BYTES);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw new SodInputException(where + " has no local header at byte " + offset + "; the archive is corrupt");
        }
        if ((local.getShort(8) & 0xFFFF) != entry.method()) {
            throw new SodInputException(where + ": its local header at byte " + offset
                    + " disagrees with the central directory on the compression method; the archive is corrupt");
        }
        long start = offset + LOCAL_BYTES + (local.getShort(26) & 0xFFFF) + (local.getShort(28) & 0xFFFF);
        if (start > centralOffset || entry.compressedSize() > centralOffset - start) {
            throw new SodInputException(where + " claims " + entry.compressedSize() + " bytes from byte " + start
                    + ", beyond the archive's data (which ends at byte " + centralOffset + "); the archive is truncated or corrupt");
        }
        if (entry.method() == STORED && entry.compressedSize() != entry.size()) {
            throw new SodInputException(where + " is stored uncompressed but declares " + entry.compressedSize()
                    + " stored and " + entry.size() + " actual bytes; the archive is corrupt");
        }
        return start;
    }

    /** Little-endian bytes at an absolute position; short only at end of file (callers check sizes first). */
    static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        if (buffer.limit() < length) {
            ByteBuffer padded = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            padded.put(buffer).flip();
            padded.limit(length);
            return padded;
        }
        return buffer;
    }

    private static SodInputException fail(String label, String problem) {
        return new SodInputException(label + ": " + problem);
    }
}
