package sod.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static sod.io.IoFixtures.EXACT;
import static sod.io.IoFixtures.assertOneLine;
import static sod.io.IoFixtures.assertOneLineError;
import static sod.io.IoFixtures.fixture;
import static sod.testing.Assertions.assertClose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sod.SodInputException;

/** .npz archives written by numpy.savez / savez_compressed (and by the JDK's zip writer), read entry by entry. */
class NpzTest {
    private static final List<String> NAMES = List.of("A", "b", "Z", "X0", "w", "F");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"problem.npz", "problem_compressed.npz"})
    void savezArchivesReadAsTheirArrays(String archive) {
        try (Npz npz = Npz.open(fixture("npz/" + archive))) {
            assertEquals(NAMES, npz.names());
            assertTrue(npz.contains("X0"));
            assertFalse(npz.contains("M"));
            for (String name : NAMES) {
                try (NpyArray array = npz.read(name)) {
                    double[] want = Npy.readDoubles(fixture("npz/expected_" + name + ".npy"));
                    assertClose(want, array.toDoubleArray(), EXACT, archive + " " + name);
                    assertTrue(array.name().contains(archive + ": entry " + name + ".npy"), array.name());
                    assertEquals(fixture("npz/" + archive), array.path());
                }
            }
            try (NpyArray x0 = npz.read("X0"); NpyArray w = npz.read("w"); NpyArray f = npz.read("F");
                 NpyArray a = npz.read("A")) {
                assertTrue(x0.isFloat32());
                assertEquals(NpyDtype.INT32, w.elementType());
                assertTrue(w.wideningNote().orElseThrow().contains("entry w.npy holds int32"));
                assertTrue(f.isFortranOrder());
                assertEquals(3, a.matrixStackShape()[0]);
            }
            assertOneLineError(() -> npz.read("M"), archive, "has no array 'M'", "[A, b, Z, X0, w, F]");
        }
    }

    /** A JDK-written archive: big stored entries are mapped in place, big deflated ones inflated off-heap. */
    @Test
    void largeEntriesAreMappedWhenStoredAndInflatedWhenDeflated() throws IOException {
        int count = (int) (Npy.MAP_THRESHOLD_BYTES / 8) + 1000;
        double[] values = new double[count];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < count; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        Path npy = dir.resolve("big.npy");
        Npy.write(npy, values, count);
        byte[] bytes = Files.readAllBytes(npy);
        Path archive = dir.resolve("jdk.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            ZipEntry stored = new ZipEntry("stored.npy");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(bytes.length);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(bytes);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("deflated.npy")); // with a data descriptor after the data
            zip.write(bytes);
            zip.closeEntry();
        }
        byte[] zipped = Files.readAllBytes(archive);
        byte[] flipped = zipped.clone();
        flipped[30 + "stored.npy".length() + 128 + 8 * 1000] ^= 1; // inside the stored data, past its header
        Path damaged = dir.resolve("damaged.npz");
        Files.write(damaged, flipped);
        try (Npz npz = Npz.open(damaged)) {
            assertOneLineError(() -> npz.read("stored"), "damaged.npz", "entry stored.npy fails its CRC-32 check");
        }
        try (Npz npz = Npz.open(archive)) {
            assertEquals(List.of("stored", "deflated"), npz.names());
            try (NpyArray stored = npz.read("stored"); NpyArray deflated = npz.read("deflated")) {
                assertTrue(stored.data().isMapped());
                assertFalse(deflated.data().isMapped());
                assertTrue(deflated.data().isNative());
                assertClose(values, stored.toDoubleArray(), EXACT, "stored");
                assertClose(values, deflated.toDoubleArray(), EXACT, "deflated");
            }
        }
    }

    /** The zip64 end records Python writes for archives over 4 GiB or 65535 entries, grafted onto a small one. */
    @Test
    void zip64EndRecordsAreFollowed() throws IOException {
        byte[] original = Files.readAllBytes(fixture("npz/problem.npz"));
        Path archive = dir.resolve("zip64.npz");
        Files.write(archive, withZip64End(original));
        try (Npz npz = Npz.open(archive); NpyArray a = npz.read("A")) {
            assertEquals(NAMES, npz.names());
            assertClose(Npy.readDoubles(fixture("npz/expected_A.npy")), a.toDoubleArray(), EXACT, "A");
        }
    }

    /** Every central-directory size and offset moved into a zip64 extra field, as for entries over 4 GiB. */
    @Test
    void zip64ExtraFieldsInTheCentralDirectoryAreFollowed() throws IOException {
        for (String name : List.of("problem.npz", "problem_compressed.npz")) {
            Path archive = dir.resolve("extra_" + name);
            Files.write(archive, withZip64Extras(Files.readAllBytes(fixture("npz/" + name))));
            try (Npz npz = Npz.open(archive); NpyArray b = npz.read("b")) {
                assertEquals(NAMES, npz.names());
                assertClose(Npy.readDoubles(fixture("npz/expected_b.npy")), b.toDoubleArray(), EXACT, name);
            }
        }
    }

    @Test
    void brokenZip64EndRecordsAreOneLine() throws IOException {
        byte[] zip64 = withZip64End(Files.readAllBytes(fixture("npz/problem.npz")));
        int end = zip64.length - 22;
        int locator = end - 20;
        byte[] noLocator = zip64.clone();
        noLocator[locator] = 'X';
        Path a = write("nolocator.npz", noLocator);
        assertOneLineError(() -> Npz.open(a).close(), "nolocator.npz", "no zip64 locator");
        byte[] outside = zip64.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putLong(locator + 8, 1L << 40);
        Path b = write("outside.npz", outside);
        assertOneLineError(() -> Npz.open(b).close(), "outside.npz", "zip64 locator pointing to byte 1099511627776");
        byte[] elsewhere = zip64.clone();
        ByteBuffer.wrap(elsewhere).order(ByteOrder.LITTLE_ENDIAN).putLong(locator + 8, 0);
        Path c = write("elsewhere.npz", elsewhere);
        assertOneLineError(() -> Npz.open(c).close(), "elsewhere.npz", "no zip64 end record at byte 0");
        byte[] disks = Files.readAllBytes(fixture("npz/problem.npz"));
        disks[disks.length - 22 + 4] = 1;
        Path d = write("disks.npz", disks);
        assertOneLineError(() -> Npz.open(d).close(), "disks.npz", "multi-part");
        byte[] central = Files.readAllBytes(fixture("npz/problem.npz"));
        ByteBuffer.wrap(central).order(ByteOrder.LITTLE_ENDIAN).putInt(central.length - 22 + 16, central.length);
        Path e = write("central.npz", central);
        assertOneLineError(() -> Npz.open(e).close(), "central.npz", "central directory at bytes");
    }

    private static byte[] withZip64Extras(byte[] zip) {
        ByteBuffer in = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        int entries = in.getShort(end + 10) & 0xFFFF;
        int central = in.getInt(end + 16);
        ByteBuffer out = ByteBuffer.allocate(zip.length + entries * 28).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, central);
        int at = central;
        for (int k = 0; k < entries; k++) {
            int nameLength = in.getShort(at + 28) & 0xFFFF;
            int extraLength = in.getShort(at + 30) & 0xFFFF;
            int commentLength = in.getShort(at + 32) & 0xFFFF;
            long compressed = in.getInt(at + 20) & 0xFFFFFFFFL;
            long size = in.getInt(at + 24) & 0xFFFFFFFFL;
            long offset = in.getInt(at + 42) & 0xFFFFFFFFL;
            byte[] fixed = Arrays.copyOfRange(zip, at, at + 46);
            ByteBuffer header = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(20, -1).putInt(24, -1).putInt(42, -1).putShort(30, (short) (extraLength + 28));
            out.put(fixed).put(zip, at + 46, nameLength + extraLength);
            out.putShort((short) 1).putShort((short) 24).putLong(size).putLong(compressed).putLong(offset);
            out.put(zip, at + 46 + nameLength + extraLength, commentLength);
            at += 46 + nameLength + extraLength + commentLength;
        }
        int centralSize = out.position() - central;
        out.put(zip, end, 22);
        out.putInt(out.position() - 22 + 12, centralSize);
        return out.array();
    }

    private static byte[] withZip64End(byte[] zip) {
        int end = zip.length - 22;
        ByteBuffer in = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x06054b50, in.getInt(end), "the fixture has no archive comment");
        long entries = in.getShort(end + 10) & 0xFFFF;
        long size = in.getInt(end + 12) & 0xFFFFFFFFL;
        long offset = in.getInt(end + 16) & 0xFFFFFFFFL;
        ByteBuffer out = ByteBuffer.allocate(end + 56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, end);
        out.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(entries).putLong(entries).putLong(size).putLong(offset);
        out.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
                .putShort((short) 0xFFFF).putInt(-1).putInt(-1).putShort((short) 0);
        return out.array();
    }

    @Test
    void damagedArchivesGetOneLineNamingTheProblem() throws IOException {
        byte[] stored = Files.readAllBytes(fixture("npz/problem.npz"));
        byte[] deflated = Files.readAllBytes(fixture("npz/problem_compressed.npz"));

        Path cut = write("cut.npz", Arrays.copyOf(stored, stored.length - 1));
        assertOneLineError(() -> Npz.open(cut).close(), "cut.npz", "is truncated");
        Path half = write("half.npz", Arrays.copyOf(stored, stored.length / 2));
        assertOneLineError(() -> Npz.open(half).close(), "half.npz", "is truncated");
        Path empty = write("empty.npz", new byte[0]);
        assertOneLineError(() -> Npz.open(empty).close(), "empty.npz", "is empty");
        Path npy = write("plain.npz", Files.readAllBytes(fixture("npy/vector.npy")));
        assertOneLineError(() -> Npz.open(npy).close(), "plain.npz", "is not a zip archive");
        assertOneLineError(() -> Npz.open(dir.resolve("missing.npz")).close(), "missing.npz", "does not exist");

        // A flipped byte in the data of b (stored): only the CRC can tell.
        int bData = indexOf(stored, "b.npy") + 5 + 20 + 128 + 8;
        byte[] flipped = stored.clone();
        flipped[bData] ^= 0x10;
        Path crc = write("crc.npz", flipped);
        try (Npz npz = Npz.open(crc)) {
            assertOneLineError(() -> npz.read("b"), "crc.npz", "entry b.npy fails its CRC-32 check");
        }
        // A flipped byte inside compressed data: the inflater or the CRC notices.
        byte[] damaged = deflated.clone();
        damaged[indexOf(deflated, "A.npy") + 5 + 20 + 40] ^= 0x5A;
        Path inflate = write("inflate.npz", damaged);
        try (Npz npz = Npz.open(inflate)) {
            String message = assertOneLineError(() -> npz.read("A"), "inflate.npz", "entry A.npy");
            assertTrue(message.contains("CRC-32") || message.contains("compressed data") || message.contains("inflates")
                    || message.contains("ends after"), message);
        }

        // The central directory under-declares A's compressed bytes: the inflater runs out of input.
        byte[] shortened = deflated.clone();
        ByteBuffer view = ByteBuffer.wrap(shortened).order(ByteOrder.LITTLE_ENDIAN);
        int centralA = view.getInt(shortened.length - 22 + 16);
        view.putInt(centralA + 20, view.getInt(centralA + 20) - 40);
        Path shortEntry = write("short.npz", shortened);
        try (Npz npz = Npz.open(shortEntry)) {
            assertOneLineError(() -> npz.read("A"), "short.npz", "entry A.npy ends after", "truncated or corrupt");
        }

        Path method = write("method.npz", withMethod(stored, 12));
        try (Npz npz = Npz.open(method)) {
            assertOneLineError(() -> npz.read("A"), "method.npz", "compression method 12", "only stored and deflated");
        }
        Path encrypted = write("encrypted.npz", withFlags(stored, 1));
        try (Npz npz = Npz.open(encrypted)) {
            assertOneLineError(() -> npz.read("A"), "encrypted.npz", "is encrypted");
        }
        Path twice = write("twice.npz", renameInCentralDirectory(stored, "Z.npy", "b.npy"));
        assertOneLineError(() -> Npz.open(twice).close(), "twice.npz", "two entries named 'b.npy'");

        Path text = dir.resolve("text.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(text))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        assertOneLineError(() -> Npz.open(text).close(), "text.npz", "holds no .npy arrays", "readme.txt");

        try (Npz npz = Npz.open(fixture("sparse/bad_object_data.npz"))) {
            assertOneLineError(() -> npz.read("data"), "bad_object_data.npz", "entry data.npy", "Python objects");
        }
    }

    /**
     * Seeded damage to both archives (truncation, flipped bytes, inserted bytes): opening and reading
     * every array either succeeds with finite values or fails with one line naming the file.
     */
    @Test
    void corruptedArchivesNeverEscapeAsOtherExceptions() throws IOException {
        List<byte[]> originals = List.of(Files.readAllBytes(fixture("npz/problem.npz")),
                Files.readAllBytes(fixture("npz/problem_compressed.npz")));
        SplittableRandom random = new SplittableRandom(18);
        Path target = dir.resolve("corrupt.npz");
        int succeeded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 1200; trial++) {
            byte[] original = originals.get(trial % 2);
            byte[] bytes = original.clone();
            String what;
            switch (random.nextInt(3)) {
                case 0 -> {
                    bytes = Arrays.copyOf(original, random.nextInt(original.length));
                    what = "truncated to " + bytes.length;
                }
                case 1 -> {
                    int flips = 1 + random.nextInt(3);
                    StringBuilder where = new StringBuilder("flips at");
                    for (int f = 0; f < flips; f++) {
                        int at = random.nextInt(original.length);
                        bytes[at] = (byte) random.nextInt(256);
                        where.append(' ').append(at);
                    }
                    what = where.toString();
                }
                default -> {
                    int at = random.nextInt(original.length);
                    int length = 1 + random.nextInt(16);
                    byte[] longer = new byte[original.length + length];
                    System.arraycopy(original, 0, longer, 0, at);
                    for (int k = 0; k < length; k++) {
                        longer[at + k] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(original, at, longer, at + length, original.length - at);
                    bytes = longer;
                    what = "inserted " + length + " bytes at " + at;
                }
            }
            Files.write(target, bytes);
            try (Npz npz = Npz.open(target)) {
                for (String name : npz.names()) {
                    try (NpyArray array = npz.read(name)) {
                        for (double v : array.toDoubleArray()) {
                            assertTrue(Double.isFinite(v), what);
                        }
                    }
                }
                succeeded++;
            } catch (SodInputException e) {
                assertOneLine(e.getMessage(), "corrupt.npz");
                rejected++;
            } catch (Throwable t) {
                fail("trial " + trial + " (" + what + ") threw " + t, t);
            }
        }
        assertTrue(succeeded > 20 && rejected > 900, succeeded + " succeeded, " + rejected + " rejected");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    /** Sets the method field of every local and central header. */
    private static byte[] withMethod(byte[] zip, int method) {
        return patchHeaders(zip, 8, 10, (short) method);
    }

    private static byte[] withFlags(byte[] zip, int flags) {
        return patchHeaders(zip, 6, 8, (short) flags);
    }

    private static byte[] patchHeaders(byte[] zip, int localOffset, int centralOffset, short value) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= out.length; i++) {
            int signature = b.getInt(i);
            if (signature == 0x04034b50) {
                b.putShort(i + localOffset, value);
            } else if (signature == 0x02014b50) {
                b.putShort(i + centralOffset, value);
            }
        }
        return out;
    }

    private static byte[] renameInCentralDirectory(byte[] zip, String from, String to) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = from.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 46 <= out.length; i++) {
            if (b.getInt(i) == 0x02014b50 && new String(out, i + 46, name.length, StandardCharsets.US_ASCII).equals(from)) {
                System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, i + 46, name.length);
            }
        }
        return out;
    }
}
