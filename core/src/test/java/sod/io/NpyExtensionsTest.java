package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.io.IoFixtures.EXACT;
import static sod.io.IoFixtures.assertOneLineError;
import static sod.io.IoFixtures.fixture;
import static sod.testing.Assertions.assertClose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Npy.open on the files NumPy users have, against the C-order float64 values NumPy wrote beside them. */
class NpyExtensionsTest {
    @TempDir
    Path dir;

    private static double[] expected(String name) {
        return Npy.readDoubles(fixture("npy/" + name + ".expected.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fortran_2d", "fortran_3d", "fortran_3d_f32", "int32_fortran"})
    void fortranOrderIsReadThroughStridesInCOrder(String name) {
        double[] want = expected(name);
        try (NpyArray array = Npy.open(fixture("npy/" + name + ".npy"))) {
            assertTrue(array.isFortranOrder());
            long[] shape = array.shape();
            // The data is the file's own bytes, unpermuted: the first stored element is a[0, 0, ...] and
            // the second is a[1, 0, ...] (Fortran order), not the C-order second element.
            assertEquals(want[0], array.elementType().get(array.data(), 0));
            long second = shape.length == 2 ? shape[1] : shape[1] * shape[2];
            assertEquals(want[(int) second], array.elementType().get(array.data(), 1));
            assertClose(want, array.toDoubleArray(), EXACT, name + " toDoubleArray");
            double[] byFlatIndex = new double[want.length];
            double[] byMultiIndex = new double[want.length];
            for (int i = 0; i < want.length; i++) {
                byFlatIndex[i] = array.get(i);
            }
            int k = 0;
            if (shape.length == 2) {
                for (long i = 0; i < shape[0]; i++) {
                    for (long j = 0; j < shape[1]; j++) {
                        byMultiIndex[k++] = array.get(i, j);
                    }
                }
            } else {
                for (long i = 0; i < shape[0]; i++) {
                    for (long j = 0; j < shape[1]; j++) {
                        for (long l = 0; l < shape[2]; l++) {
                            byMultiIndex[k++] = array.get(i, j, l);
                        }
                    }
                }
            }
            assertClose(want, byFlatIndex, EXACT, name + " get(flat)");
            assertClose(want, byMultiIndex, EXACT, name + " get(i, j, ...)");
        }
    }

    @Test
    void strictReadStillRefusesFortranOrderAndIntegers() {
        assertOneLineError(() -> Npy.read(fixture("npy/fortran_2d.npy")).close(), "fortran_2d.npy", "Fortran order");
        assertOneLineError(() -> Npy.read(fixture("npy/int32.npy")).close(), "int32.npy", "'<i4'; supported");
        assertArrayEquals(expected("vector"), Npy.readDoubles(fixture("npy/column_fortran.npy"), 5, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "float16"})
    void integerBoolAndFloat16AreWidenedWithANote(String name) throws IOException {
        Map<String, Long> rounded = new HashMap<>();
        for (String line : Files.readAllLines(fixture("npy/widening.csv"))) {
            if (!line.startsWith("#")) {
                String[] parts = line.split(",");
                rounded.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        try (NpyArray array = Npy.open(fixture("npy/" + name + ".npy"))) {
            assertEquals(name, array.elementType().numpyName());
            assertTrue(array.isWidened());
            assertClose(expected(name), array.toDoubleArray(), EXACT, name);
            String note = array.wideningNote().orElseThrow();
            assertTrue(note.contains(name + ".npy") && note.contains("holds " + name) && note.contains("float64"), note);
            assertEquals(rounded.get(name) > 0, note.contains(rounded.get(name) + " of them"), note);
            assertEquals(array.elementType().isExactlyWidened(), rounded.get(name) == 0 || !array.elementType().isIntegral());
        }
    }

    @Test
    void float32StaysFloat32() {
        double[] want = expected("float32");
        try (NpyArray array = Npy.open(fixture("npy/float32.npy"))) {
            assertTrue(array.isFloat32());
            assertEquals("<f4", array.dtype());
            assertFalse(array.isWidened());
            assertTrue(array.wideningNote().isEmpty());
            float[] floats = array.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals((float) want[i], floats[i]);
                assertEquals((float) want[i], array.getFloat(i));
            }
            assertClose(want, array.toDoubleArray(), EXACT, "float32 widened");
        }
        try (NpyArray array = Npy.open(fixture("npy/fortran_3d_f32.npy"))) {
            double[] fortranWant = expected("fortran_3d_f32");
            for (int i = 0; i < fortranWant.length; i++) {
                assertEquals((float) fortranWant[i], array.getFloat(i));
            }
        }
        try (NpyArray array = Npy.open(fixture("npy/fortran_2d.npy"))) {
            assertThrows(IllegalStateException.class, () -> array.getFloat(0));
            assertThrows(IllegalStateException.class, array::toFloatArray);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "column", "row", "column_fortran"})
    void vectorsOfEveryShapeAreTheSameVector(String name) {
        try (NpyArray array = Npy.open(fixture("npy/" + name + ".npy"))) {
            assertEquals(5, array.vectorLength());
            assertEquals(5, array.vectorLength("b"));
            assertClose(expected("vector"), array.toDoubleArray(), EXACT, name);
        }
    }

    @Test
    void aMatrixIsNotAVector() {
        try (NpyArray array = Npy.open(fixture("npy/not_vector.npy"))) {
            assertOneLineError(() -> array.vectorLength("b (the measurements)"), "not_vector.npy", "(2, 3)",
                    "b (the measurements) must be a vector", "(m, 1)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"op_stack", "op_flat", "op_flat_fortran"})
    void operatorsSavedAsStacksOrRowsAreTheSameMatrices(String name) {
        double[] want = expected("op");
        try (NpyArray array = Npy.open(fixture("npy/" + name + ".npy"))) {
            long[] stack = array.matrixStackShape();
            assertArrayEquals(new long[] {3, 4, 4}, stack);
            double[] got = new double[want.length];
            for (int i = 0; i < 3; i++) {
                for (int p = 0; p < 4; p++) {
                    for (int q = 0; q < 4; q++) {
                        got[i * 16 + p * 4 + q] = array.get(i * 16L + p * 4L + q);
                    }
                }
            }
            assertClose(want, got, EXACT, name);
        }
        try (NpyArray array = Npy.open(fixture("npy/op_not_square.npy"))) {
            assertOneLineError(array::matrixStackShape, "op_not_square.npy", "(3, 15)", "15 is not a perfect square");
        }
        try (NpyArray array = Npy.open(fixture("npy/vector.npy"))) {
            assertOneLineError(() -> array.matrixStackShape("A"), "vector.npy", "A must be (m, n, n) or (m, n*n)");
        }
    }

    @Test
    void exactSquareRootHasNoRoundingTrouble() {
        assertEquals(0, NpyArray.exactSquareRoot(0));
        assertEquals(3037000499L, NpyArray.exactSquareRoot(3037000499L * 3037000499L));
        assertEquals(-1, NpyArray.exactSquareRoot(3037000499L * 3037000499L - 1));
        assertEquals(-1, NpyArray.exactSquareRoot(Long.MAX_VALUE));
        assertEquals(-1, NpyArray.exactSquareRoot(-4));
    }

    @Test
    void unsupportedTypesGetAOneLineReasonNamingTheFile() {
        assertOneLineError(() -> Npy.open(fixture("npy/bigendian.npy")).close(), "bigendian.npy", "big-endian",
                "astype('<f8')");
        assertOneLineError(() -> Npy.open(fixture("npy/object.npy")).close(), "object.npy", "'|O'", "Python objects");
        assertOneLineError(() -> Npy.open(fixture("npy/complex.npy")).close(), "complex.npy", "'<c16'", "complex");
        assertOneLineError(() -> Npy.open(fixture("npy/text.npy")).close(), "text.npy", "'<U2'", "text");
    }

    @Test
    void corruptBoolAndNonFiniteFortranValuesAreLocatedInCOrder() throws IOException {
        byte[] bools = Files.readAllBytes(fixture("npy/bool.npy"));
        bools[bools.length - 2] = 7; // flat index 4 of the (2, 3) array
        Path bad = dir.resolve("bad_bool.npy");
        Files.write(bad, bools);
        assertOneLineError(() -> Npy.open(bad).close(), "bad_bool.npy", "byte 7 at flat index 4 (index (1, 1))");

        // Storage index 1 of a Fortran (3, 4) array is element (1, 0): C flat index 4.
        byte[] fortran = Files.readAllBytes(fixture("npy/fortran_2d.npy"));
        int data = fortran.length - 12 * 8;
        ByteBuffer.wrap(fortran).order(ByteOrder.LITTLE_ENDIAN).putDouble(data + 8, Double.NaN);
        Path nan = dir.resolve("nan_fortran.npy");
        Files.write(nan, fortran);
        assertOneLineError(() -> Npy.open(nan).close(), "nan_fortran.npy", "NaN at flat index 4 (index (1, 0))");
    }

    @Test
    void headerTextStaysReadableForFortranFlags() {
        // Sanity of the fixture itself: NumPy marked it Fortran, so the test above is not vacuous.
        try {
            String head = new String(Files.readAllBytes(fixture("npy/fortran_3d.npy")), 0, 80, StandardCharsets.ISO_8859_1);
            assertTrue(head.contains("'fortran_order': True"), head);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (String name : List.of("op_flat_fortran", "int32_fortran")) {
            try (NpyArray array = Npy.open(fixture("npy/" + name + ".npy"))) {
                assertTrue(array.isFortranOrder(), name);
            }
        }
    }

    @Test
    void malformedHeadersOfTheLenientReaderAreOneLine() throws IOException {
        byte[] two = IoFixtures.float64Bytes(1, 2);
        assertOneLineError(() -> Npy.open(header("flag.npy", 1, "{'descr': '<f8', 'fortran_order': 1, 'shape': (2,), }\n", two))
                .close(), "flag.npy", "fortran_order is 1, expected True or False");
        assertOneLineError(() -> Npy.open(header("struct.npy", 1,
                "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (2,), }\n", two)).close(), "struct.npy",
                "structured dtype");
        assertOneLineError(() -> Npy.open(header("tuple.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': 2, }\n",
                two)).close(), "tuple.npy", "shape is 2, expected a tuple");
        assertOneLineError(() -> Npy.open(header("repeat.npy", 1,
                "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n", two)).close(),
                "repeat.npy", "key 'descr' repeated");
        assertOneLineError(() -> Npy.open(header("digits.npy", 1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }\n", two)).close(),
                "digits.npy", "bad integer");
        assertOneLineError(() -> Npy.open(header("half.npy", 1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }\n",
                new byte[] {0, 0x7C, 0, 0})).close(), "half.npy", "Infinity at flat index 0");
        byte[] badUtf8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n".getBytes(StandardCharsets.US_ASCII);
        badUtf8[3] = (byte) 0xC3;
        Path utf8 = IoFixtures.npyFile(dir.resolve("utf8.npy"), 3, badUtf8, two);
        assertOneLineError(() -> Npy.open(utf8).close(), "utf8.npy", "not valid UTF-8");
    }

    private Path header(String name, int major, String dict, byte[] data) throws IOException {
        return IoFixtures.npyFile(dir.resolve(name), major, dict.getBytes(StandardCharsets.ISO_8859_1), data);
    }
}
