package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static sod.io.IoFixtures.float32Bytes;
import static sod.io.IoFixtures.float64Bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sod.SodInputException;

class NpyTest {
    @TempDir
    Path dir;

    static Stream<long[]> shapes() {
        return Stream.of(new long[] {0}, new long[] {1}, new long[] {7}, new long[] {3, 4}, new long[] {2, 3, 4},
                new long[] {2, 0, 3}, new long[] {1, 1, 1, 1, 5}, new long[] {1000, 3},
                new long[] {400, 400} /* 1.28 MB: memory-mapped */);
    }

    private static double[] randomDoubles(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
        }
        return data;
    }

    private static int product(long[] shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return (int) p;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void float64RoundTripIsBitExact(long[] shape) {
        double[] data = randomDoubles(product(shape), 11);
        Path file = dir.resolve("a.npy");
        Npy.write(file, data, shape);
        try (NpyArray array = Npy.read(file)) {
            assertEquals("<f8", array.dtype());
            assertArrayEquals(shape, array.shape());
            assertEquals(data.length, array.size());
            assertEquals(shape.length, array.rank());
            for (int axis = 0; axis < shape.length; axis++) {
                assertEquals(shape[axis], array.dim(axis));
            }
            assertArrayEquals(data, array.toDoubleArray());
            if (data.length > 0) {
                assertEquals(data[data.length - 1], array.get(data.length - 1));
            }
        }
        assertArrayEquals(data, Npy.readDoubles(file, shape));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void float32RoundTripIsBitExact(long[] shape) {
        double[] wide = randomDoubles(product(shape), 12);
        float[] data = new float[wide.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) wide[i];
        }
        Path file = dir.resolve("f.npy");
        Npy.write(file, data, shape);
        try (NpyArray array = Npy.read(file)) {
            assertEquals("<f4", array.dtype());
            assertTrue(array.isFloat32());
            assertArrayEquals(shape, array.shape());
            double[] read = array.toDoubleArray();
            for (int i = 0; i < data.length; i++) {
                assertEquals(data[i], read[i], 0.0);
            }
        }
        // File length: 64-byte aligned header plus 4 bytes per element.
        assertEquals(0, (size(file) - 4L * data.length) % 64);
    }

    @Test
    void headerMatchesNumPyLayoutByteForByte() throws IOException {
        // What numpy.save writes for np.zeros((3, 4)): 118 header bytes so that data starts at 128.
        Path file = dir.resolve("z.npy");
        Npy.write(file, new double[12], 3, 4);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(128 + 96, bytes.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(bytes, 10));
        String dict = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" + " ".repeat(58) + "\n", dict);
        Npy.write(file, new double[5]);
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("'shape': (5,), }"));
    }

    @Test
    void omittedShapeMeansOneDimensional() {
        Path file = dir.resolve("v.npy");
        Npy.write(file, new double[] {1, 2, 3});
        try (NpyArray array = Npy.read(file)) {
            assertArrayEquals(new long[] {3}, array.shape());
        }
    }

    private Path handMade(String name, int major, String dict, byte[] data) throws IOException {
        return IoFixtures.npyFile(dir.resolve(name), major,
                dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), data);
    }

    @Test
    void readsHandCraftedHeadersOfAllVersions() throws IOException {
        byte[] six = float64Bytes(1, 2, 3, 4, 5, 6);
        List<Path> files = List.of(
                handMade("v1.npy", 1, "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}   \n", six),
                handMade("v1b.npy", 1, "{\"descr\":\"<f8\",\"shape\":(2,3),\"fortran_order\":False,}", six),
                handMade("v1c.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }\t \n", six),
                handMade("v2.npy", 2, "{'fortran_order': False, 'descr': '<f8', 'shape': (2, 3)}" + " ".repeat(70) + "\n", six),
                handMade("v3.npy", 3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n", six));
        for (Path file : files) {
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Npy.readDoubles(file, 2, 3), file.toString());
        }
        Path scalar = handMade("s.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': ()}\n", float32Bytes(2.5f));
        try (NpyArray array = Npy.read(scalar)) {
            assertEquals(0, array.rank());
            assertEquals(1, array.size());
            assertEquals(2.5, array.get(0));
        }
    }

    @Test
    void fortranOrderIsAcceptedOnlyWhereTheLayoutIsTheSame() throws IOException {
        Path vector = handMade("fv.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }\n",
                float64Bytes(1, 2, 3));
        assertArrayEquals(new double[] {1, 2, 3}, Npy.readDoubles(vector, 3));
        Path column = handMade("fc.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1), }\n",
                float64Bytes(1, 2, 3));
        assertArrayEquals(new double[] {1, 2, 3}, Npy.readDoubles(column, 3, 1));
        Path matrix = handMade("fm.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }\n",
                float64Bytes(1, 2, 3, 4));
        assertError(matrix, "Fortran order");
    }

    @Test
    void readDoublesChecksTheShapeWithWildcards() {
        Path file = dir.resolve("shape.npy");
        Npy.write(file, new double[6], 2, 3);
        assertEquals(6, Npy.readDoubles(file, -1, 3).length);
        assertEquals(6, Npy.readDoubles(file, 2, -1).length);
        assertEquals(6, Npy.readDoubles(file).length);
        SodInputException e = assertThrows(SodInputException.class, () -> Npy.readDoubles(file, 3, 2));
        assertTrue(e.getMessage().contains("shape.npy") && e.getMessage().contains("(2, 3)")
                && e.getMessage().contains("(3, 2)"), e.getMessage());
        assertThrows(SodInputException.class, () -> Npy.readDoubles(file, 6));
        assertThrows(SodInputException.class, () -> Npy.readDoubles(file, 2, 3, 1));
    }

    private static void assertError(Path file, String expectedFragment) {
        SodInputException e = assertThrows(SodInputException.class, () -> Npy.read(file).close());
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), message);
        assertTrue(message.contains(expectedFragment), "expected '" + expectedFragment + "' in: " + message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void everyMalformedFileGivesAOneLineErrorNamingIt() throws IOException {
        String good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";
        byte[] two = float64Bytes(1, 2);

        assertError(dir.resolve("missing.npy"), "does not exist");
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertError(empty, "empty");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "1,2,3\n");
        assertError(text, "not a .npy file");
        Path shortMagic = dir.resolve("short.npy");
        Files.write(shortMagic, new byte[] {(byte) 0x93, 'N', 'U'});
        assertError(shortMagic, "not a .npy file");

        Path noLength = dir.resolve("nolength.npy");
        Files.write(noLength, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 50});
        assertError(noLength, "truncated header");
        byte[] full = Files.readAllBytes(handMade("full.npy", 1, good, two));
        Path cutHeader = dir.resolve("cutheader.npy");
        Files.write(cutHeader, Arrays.copyOf(full, 30));
        assertError(cutHeader, "truncated header");

        assertError(handMade("version.npy", 4, good, two), "version 4.0");
        assertError(handMade("garbage.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) \n", two),
                "unparsable header");
        assertError(handMade("notdict.npy", 1, "descr='<f8'\n", two), "unparsable header");
        assertError(handMade("badshape.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }\n", two),
                "unparsable header");
        assertError(handMade("keys.npy", 1, "{'descr': '<f8', 'shape': (2,), }\n", two), "expected exactly");
        assertError(handMade("nested.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': "
                + "(".repeat(5000) + "\n", two), "unparsable header");
        assertError(handMade("int.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }\n", two),
                "'<i8'; supported: '<f8' (float64) and '<f4' (float32)");
        assertError(handMade("struct.npy", 1, "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (2,), }\n",
                two), "unsupported dtype");
        assertError(handMade("big.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n", two),
                "big-endian");
        assertError(handMade("fortran.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }\n",
                float64Bytes(1, 2, 3, 4)), "Fortran order");
        assertError(handMade("truncated.npy", 1, good, Arrays.copyOf(two, 12)), "truncated");
        assertError(handMade("long.npy", 1, good, float64Bytes(1, 2, 3)), "unexpected bytes");
        assertError(handMade("nan.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }\n",
                float64Bytes(1, 2, Double.NaN, Double.POSITIVE_INFINITY)), "NaN at flat index 2");
        assertError(handMade("inf.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n",
                float32Bytes(1, 2, 3, Float.NEGATIVE_INFINITY)), "-Infinity at flat index 3");
        assertError(handMade("huge.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': "
                + "(4294967296, 4294967296, 4294967296), }\n", two), "impossibly large");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("out.npy");
        Npy.write(file, new double[] {1, 2});
        Npy.write(file, new double[] {3, 4, 5});
        assertArrayEquals(new double[] {3, 4, 5}, Npy.readDoubles(file, 3));
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
        Path nowhere = file.resolve("x.npy"); // under a file: missing folders are created, a file is no folder
        SodInputException e = assertThrows(SodInputException.class, () -> Npy.write(nowhere, new double[1]));
        assertTrue(e.getMessage().contains("x.npy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new double[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new double[] {Double.NaN}));
        // A failed write must not have touched the existing file.
        assertArrayEquals(new double[] {3, 4, 5}, Npy.readDoubles(file, 3));
    }

    @Test
    void mappingIsReleasedOnClose() {
        Path file = dir.resolve("m.npy");
        Npy.write(file, new double[(int) Npy.MAP_THRESHOLD_BYTES / 8], 16, Npy.MAP_THRESHOLD_BYTES / 128);
        NpyArray array = Npy.read(file);
        assertTrue(array.data().isMapped());
        assertEquals(0.0, array.get(5));
        array.close();
        assertThrows(IllegalStateException.class, () -> array.get(0));
    }

    /**
     * Seeded random corruptions of valid files: every read must either succeed with a consistent shape
     * and finite values, or throw SodInputException; nothing else may escape.
     */
    @Test
    void corruptedFilesNeverEscapeAsOtherExceptions() throws IOException {
        Path f64 = dir.resolve("base64.npy");
        Npy.write(f64, randomDoubles(12, 3), 3, 4);
        Path f32 = dir.resolve("base32.npy");
        Npy.write(f32, new float[] {1, 2, 3, 4, 5, 6}, 6);
        Path v2 = handMade("basev2.npy", 2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n",
                float64Bytes(7, 8));
        List<byte[]> originals = List.of(Files.readAllBytes(f64), Files.readAllBytes(f32), Files.readAllBytes(v2));
        String[] dtypes = {"<f8", "<f4", ">f8", "<i4", "|u1", "<f2", "<c16", "f8", "<f8 ", "'<f", "<F8", "}"};
        Path target = dir.resolve("corrupt.npy");
        SplittableRandom random = new SplittableRandom(20240607);
        int succeeded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 1500; trial++) {
            byte[] original = originals.get(trial % originals.size());
            int headerEnd = original.length - (trial % 3 == 0 ? 96 : trial % 3 == 1 ? 24 : 16);
            byte[] bytes = original.clone();
            int kind = random.nextInt(5);
            String what;
            switch (kind) {
                case 0 -> {
                    int length = random.nextInt(original.length + 1);
                    bytes = Arrays.copyOf(original, length);
                    what = "truncated to " + length;
                }
                case 1 -> {
                    int flips = 1 + random.nextInt(4);
                    StringBuilder where = new StringBuilder("header flips at");
                    for (int f = 0; f < flips; f++) {
                        int at = random.nextInt(headerEnd);
                        bytes[at] = (byte) random.nextInt(256);
                        where.append(' ').append(at);
                    }
                    what = where.toString();
                }
                case 2 -> {
                    String text = new String(original, StandardCharsets.ISO_8859_1);
                    String replaced = text.replace("<f8", dtypes[random.nextInt(dtypes.length)])
                            .replace("<f4", dtypes[random.nextInt(dtypes.length)]);
                    bytes = replaced.getBytes(StandardCharsets.ISO_8859_1);
                    what = "dtype changed";
                }
                case 3 -> {
                    int at = random.nextInt(original.length);
                    bytes[at] = (byte) random.nextInt(256);
                    what = "byte flip at " + at;
                }
                default -> {
                    int at = random.nextInt(original.length);
                    int length = random.nextInt(1, 40);
                    byte[] longer = new byte[original.length + length];
                    System.arraycopy(original, 0, longer, 0, at);
                    random.nextBytes(longer);
                    System.arraycopy(original, 0, longer, 0, at);
                    System.arraycopy(original, at, longer, at + length, original.length - at);
                    bytes = longer;
                    what = "inserted " + length + " bytes at " + at;
                }
            }
            Files.write(target, bytes);
            try (NpyArray array = Npy.read(target)) {
                double[] values = array.toDoubleArray();
                assertEquals(product(array.shape()), values.length, what);
                for (double v : values) {
                    assertTrue(Double.isFinite(v), what);
                }
                assertEquals(bytes.length - (long) array.itemSize() * values.length, dataOffset(bytes), what);
                succeeded++;
            } catch (SodInputException e) {
                assertTrue(e.getMessage().contains("corrupt.npy"), e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("trial " + trial + " (" + what + ") threw " + t, t);
            }
        }
        // Both outcomes must actually occur, or the test is not exercising anything.
        assertTrue(succeeded > 40 && rejected > 1000, succeeded + " succeeded, " + rejected + " rejected");
    }

    /** Where the data starts according to the prefix of a file that was read successfully. */
    private static long dataOffset(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return bytes[6] == 1 ? 10 + (b.getShort(8) & 0xFFFF) : 12 + (b.getInt(8) & 0xFFFFFFFFL);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
