package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sod.SodInputException;
import sod.io.MatrixMarket.Coordinates;

class MatrixMarketTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void readsGeneralRealWithCommentsBlankLinesTabsAndCrlf() throws IOException {
        Path file = file("g.mtx", "%%MatrixMarket matrix coordinate real general\r\n"
                + "% a comment\r\n"
                + "%\r\n"
                + "\r\n"
                + "  3 4   3\r\n"
                + "1 1 1.5\r\n"
                + "3\t4\t-2e-3\r\n"
                + "\r\n"
                + "2 1 .25   \r\n");
        Coordinates m = MatrixMarket.read(file);
        assertEquals(3, m.rows());
        assertEquals(4, m.cols());
        assertFalse(m.symmetric());
        assertEquals(3, m.nnz());
        assertArrayEquals(new int[] {0, 2, 1}, m.row());
        assertArrayEquals(new int[] {0, 3, 0}, m.col());
        assertArrayEquals(new double[] {1.5, -2e-3, 0.25}, m.value());
    }

    @Test
    void readsSymmetricIntegerAndPatternFields() throws IOException {
        Coordinates symmetric = MatrixMarket.read(file("s.mtx",
                "%%MatrixMarket matrix coordinate integer symmetric\n3 3 3\n1 1 4\n3 1 -7\n2 3 +2\n"));
        assertTrue(symmetric.symmetric());
        assertArrayEquals(new int[] {0, 2, 2}, symmetric.row());
        // The upper-triangle entry (2, 3) is stored as its lower-triangle mirror (3, 2).
        assertArrayEquals(new int[] {0, 0, 1}, symmetric.col());
        assertArrayEquals(new double[] {4, -7, 2}, symmetric.value());

        Coordinates pattern = MatrixMarket.read(file("p.mtx",
                "%%MATRIXMARKET Matrix Coordinate Pattern General\n2 5 2\n1 5\n2 2\n"));
        assertArrayEquals(new int[] {0, 1}, pattern.row());
        assertArrayEquals(new int[] {4, 1}, pattern.col());
        assertArrayEquals(new double[] {1, 1}, pattern.value());

        Coordinates none = MatrixMarket.read(file("z.mtx", "%%MatrixMarket matrix coordinate real general\n0 0 0"));
        assertEquals(0, none.nnz());
    }

    /** The hand-written number parser must agree exactly with Double.parseDouble on every syntax. */
    @Test
    void valuesParseExactlyLikeDoubleParseDouble() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int n = 20_000;
        String[] texts = new String[n];
        for (int k = 0; k < n; k++) {
            double v = Double.longBitsToDouble(random.nextLong()); // any exponent, incl. subnormals
            if (!Double.isFinite(v)) {
                v = random.nextDouble();
            }
            texts[k] = switch (k % 6) {
                case 0 -> Double.toString(v);
                case 1 -> String.format(Locale.ROOT, "%.17g", v);
                case 2 -> String.format(Locale.ROOT, "%.6e", random.nextDouble() * 1000);
                case 3 -> String.format(Locale.ROOT, "%.3f", (random.nextDouble() - 0.5) * 1e6);
                case 4 -> Long.toString(random.nextLong() >> random.nextInt(64));
                default -> String.format(Locale.ROOT, "%.25f", random.nextDouble());
            };
        }
        StringBuilder content = new StringBuilder("%%MatrixMarket matrix coordinate real general\n");
        content.append(n).append(" 1 ").append(n).append('\n');
        for (int k = 0; k < n; k++) {
            content.append(k + 1).append(" 1 ").append(texts[k]).append('\n');
        }
        Coordinates m = MatrixMarket.read(file("values.mtx", content.toString()));
        for (int k = 0; k < n; k++) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(texts[k])),
                    Double.doubleToRawLongBits(m.value()[k]), texts[k]);
        }
    }

    @Test
    void writeThenReadIsBitExactForGeneralAndSymmetric() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        int n = 50;
        int[] row = new int[300];
        int[] col = new int[300];
        double[] value = new double[300];
        int[] symRow = new int[300];
        int[] symCol = new int[300];
        // Distinct positions: walk a random permutation of the n*n grid.
        int[] cells = random.ints(0, n * n).distinct().limit(300).toArray();
        for (int k = 0; k < 300; k++) {
            row[k] = cells[k] / n;
            col[k] = cells[k] % n;
            value[k] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-300, 300));
        }
        Coordinates general = new Coordinates(n, n + 3, row, col, value, false);
        Path generalFile = dir.resolve("general.mtx");
        MatrixMarket.write(generalFile, general);
        Coordinates back = MatrixMarket.read(generalFile);
        assertEquals(general.rows(), back.rows());
        assertEquals(general.cols(), back.cols());
        assertArrayEquals(row, back.row());
        assertArrayEquals(col, back.col());
        assertArrayEquals(value, back.value());

        int[] lowerCells = random.ints(0, n * n).filter(c -> c / n >= c % n).distinct().limit(300).toArray();
        for (int k = 0; k < 300; k++) {
            symRow[k] = lowerCells[k] / n;
            symCol[k] = lowerCells[k] % n;
        }
        Coordinates symmetric = new Coordinates(n, n, symRow, symCol, value, true);
        Path symmetricFile = dir.resolve("symmetric.mtx");
        MatrixMarket.write(symmetricFile, symmetric);
        assertTrue(Files.readString(symmetricFile).startsWith("%%MatrixMarket matrix coordinate real symmetric\n50 50 300\n"));
        Coordinates symmetricBack = MatrixMarket.read(symmetricFile);
        assertTrue(symmetricBack.symmetric());
        assertArrayEquals(symRow, symmetricBack.row());
        assertArrayEquals(symCol, symmetricBack.col());
        assertArrayEquals(value, symmetricBack.value());

        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(2, listing.count(), "temporary files left behind");
        }
    }

    @Test
    void writeAndConstructorRejectInvalidEntries() {
        Path file = dir.resolve("bad.mtx");
        Coordinates duplicated = new Coordinates(2, 2, new int[] {0, 1, 0}, new int[] {1, 1, 1}, new double[3], false);
        assertThrows(IllegalArgumentException.class, () -> MatrixMarket.write(file, duplicated));
        assertFalse(Files.exists(file));
        assertThrows(IllegalArgumentException.class,
                () -> new Coordinates(2, 2, new int[] {0}, new int[] {1}, new double[1], true));
        assertThrows(IllegalArgumentException.class,
                () -> new Coordinates(2, 2, new int[] {2}, new int[] {0}, new double[1], false));
        assertThrows(IllegalArgumentException.class,
                () -> new Coordinates(2, 2, new int[] {0}, new int[] {0}, new double[] {Double.NaN}, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Coordinates(2, 2, new int[] {0}, new int[0], new double[1], false));
    }

    @Test
    void firstDuplicateFindsTheEarliestSecondOccurrence() {
        int[] row = {0, 1, 2, 1, 0, 2};
        int[] col = {0, 1, 2, 0, 0, 2};
        assertEquals(4, MatrixMarket.firstDuplicate(row, col, 3));
        assertEquals(-1, MatrixMarket.firstDuplicate(new int[] {0, 0, 1}, new int[] {0, 1, 0}, 2));
        assertEquals(-1, MatrixMarket.firstDuplicate(new int[0], new int[0], 5));
    }

    private void assertError(String name, String content, String... fragments) throws IOException {
        Path file = file(name, content);
        SodInputException e = assertThrows(SodInputException.class, () -> MatrixMarket.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(name), message);
        assertFalse(message.contains("\n"), message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
        }
    }

    @Test
    void everyMalformedFileGivesAOneLineErrorNamingIt() throws IOException {
        String general = "%%MatrixMarket matrix coordinate real general\n";
        SodInputException missing = assertThrows(SodInputException.class,
                () -> MatrixMarket.read(dir.resolve("missing.mtx")));
        assertTrue(missing.getMessage().contains("missing.mtx does not exist"), missing.getMessage());
        assertError("empty.mtx", "", "empty");
        assertError("blank.mtx", "\n\n", "line 1", "banner");
        assertError("banner.mtx", "3 3 1\n1 1 1\n", "banner");
        assertError("words.mtx", "%%MatrixMarket matrix coordinate real\n", "malformed banner");
        assertError("vector.mtx", "%%MatrixMarket vector coordinate real general\n", "'vector'");
        assertError("array.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "'array' format");
        assertError("complex.mtx", "%%MatrixMarket matrix coordinate complex general\n", "'complex'");
        assertError("hermitian.mtx", "%%MatrixMarket matrix coordinate real hermitian\n", "'hermitian'");
        assertError("nosize.mtx", general + "% only comments\n\n", "no size line");
        assertError("shortsize.mtx", general + "3 3\n", "line 2", "entry count");
        assertError("badsize.mtx", general + "3 x 1\n", "line 2", "column count");
        assertError("sizetext.mtx", general + "3 3 1 7\n1 1 1\n", "line 2", "unexpected text '7'");
        assertError("nonsquare.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 2 1\n1 1 1\n", "non-square");
        assertError("toomany.mtx", general + "2 2 5\n1 1 1\n", "5 entries", "4 positions");
        assertError("absurd.mtx", general + "100000 100000 1000000\n1 1 1\n", "more than a");
        assertError("fewer.mtx", general + "3 3 3\n1 1 1\n2 2 2\n", "only 2 entries", "declares 3");
        assertError("more.mtx", general + "3 3 2\n1 1 1\n2 2 2\n3 3 3\n", "line 5", "more entries than the 2");
        assertError("rowrange.mtx", general + "3 3 2\n1 1 1\n4 1 1\n", "line 4", "row index 4 out of range 1..3");
        assertError("colzero.mtx", general + "% c\n3 3 2\n1 1 1\n1 0 1\n", "line 5", "column index 0 out of range");
        assertError("negative.mtx", general + "3 3 1\n-1 1 1\n", "line 3", "bad row index '-1'");
        assertError("noval.mtx", general + "3 3 1\n1 1\n", "line 3", "no value");
        assertError("extra.mtx", general + "3 3 1\n1 1 1 9\n", "line 3", "unexpected text '9'");
        assertError("badval.mtx", general + "3 3 1\n1 1 1.0.0\n", "line 3", "bad value '1.0.0'");
        assertError("hexval.mtx", general + "3 3 1\n1 1 0x1p3\n", "line 3", "bad value");
        assertError("nan.mtx", general + "3 3 2\n1 1 1\n2 2 nan\n", "line 4", "non-finite value 'nan'");
        assertError("inf.mtx", general + "3 3 1\n1 1 -Infinity\n", "line 3", "non-finite");
        assertError("overflow.mtx", general + "3 3 1\n1 1 1e999\n", "line 3", "overflows");
        assertError("badint.mtx", "%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 1 2.5\n", "line 3",
                "bad integer value '2.5'");
        assertError("duplicate.mtx", general + "3 3 4\n1 1 1\n2 2 1\n\n% note\n3 3 1\n2 2 5\n", "line 8",
                "row 2, column 2");
        assertError("mirror.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n1 2 1\n2 1 1\n", "line 4",
                "mirror");
    }

    /** Seeded random damage: a read either succeeds with a consistent matrix or throws SodInputException. */
    @Test
    void corruptedFilesNeverEscapeAsOtherExceptions() throws IOException {
        String valid = "%%MatrixMarket matrix coordinate real general\n% comment\n4 5 6\n1 1 1.5\n2 3 -2\n"
                + "4 5 3e-7\n3 1 12345.678\n1 5 0.001\n4 4 -0\n";
        String symmetric = "%%MatrixMarket matrix coordinate pattern symmetric\n4 4 3\n1 1\n4 2\n3 3\n";
        List<byte[]> originals = List.of(valid.getBytes(StandardCharsets.US_ASCII),
                symmetric.getBytes(StandardCharsets.US_ASCII));
        byte[] alphabet = " \n\t\r%.-+eE0123456789xanANinfI".getBytes(StandardCharsets.US_ASCII);
        Path target = dir.resolve("corrupt.mtx");
        SplittableRandom random = new SplittableRandom(99);
        int succeeded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 1500; trial++) {
            byte[] original = originals.get(trial % 2);
            byte[] bytes = original.clone();
            String what;
            switch (random.nextInt(3)) {
                case 0 -> {
                    bytes = Arrays.copyOf(original, random.nextInt(original.length + 1));
                    what = "truncated to " + bytes.length;
                }
                case 1 -> {
                    int at = random.nextInt(original.length);
                    bytes[at] = alphabet[random.nextInt(alphabet.length)];
                    what = "byte at " + at + " set to '" + (char) bytes[at] + "'";
                }
                default -> {
                    int at = random.nextInt(original.length);
                    bytes[at] = (byte) random.nextInt(256);
                    what = "byte at " + at + " set to " + (bytes[at] & 0xFF);
                }
            }
            Files.write(target, bytes);
            try {
                Coordinates m = MatrixMarket.read(target);
                // The constructor re-validates ranges, triangle and finiteness; also check no duplicates.
                assertEquals(-1, MatrixMarket.firstDuplicate(m.row(), m.col(), m.cols()), what);
                succeeded++;
            } catch (SodInputException e) {
                assertTrue(e.getMessage().contains("corrupt.mtx"), e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("trial " + trial + " (" + what + ") threw " + t, t);
            }
        }
        assertTrue(succeeded > 40 && rejected > 1000, succeeded + " succeeded, " + rejected + " rejected");
    }
}
