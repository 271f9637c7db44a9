package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.io.IoFixtures.EXACT;
import static sod.io.IoFixtures.assertOneLineError;
import static sod.io.IoFixtures.fixture;
import static sod.testing.Assertions.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Completion observations of a symmetric matrix as scipy.io.mmwrite writes them: "general" with both
 * mirrored entries, or "symmetric" with one triangle; merged against the upper triangle the script
 * wrote as CSV.
 */
class SymmetricObservationsTest {
    private static final double MIRROR_TOLERANCE = 1e-12;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"observed_general.mtx", "observed_symmetric.mtx"})
    void mmwriteFilesMergeToTheUpperTriangle(String name) throws IOException {
        List<int[]> pairs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String line : Files.readAllLines(fixture("mtx/observed.expected.csv"))) {
            if (!line.startsWith("#")) {
                String[] parts = line.split(",");
                pairs.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
                values.add(Double.parseDouble(parts[2]));
            }
        }
        SymmetricEntries entries = MatrixMarket.readSymmetricEntries(fixture("mtx/" + name), MIRROR_TOLERANCE);
        assertEquals(6, entries.n());
        assertEquals(pairs.size(), entries.size());
        double[] want = new double[pairs.size()];
        for (int k = 0; k < pairs.size(); k++) {
            assertArrayEquals(pairs.get(k), new int[] {entries.row()[k], entries.col()[k]}, name + " entry " + k);
            want[k] = values.get(k);
        }
        assertClose(want, entries.value(), EXACT, name);
        int[] rowStart = entries.rowStart();
        for (int k = 0; k < entries.size(); k++) {
            int row = entries.row()[k];
            assertTrue(rowStart[row] <= k && k < rowStart[row + 1], "rowStart brackets entry " + k);
        }
    }

    @Test
    void theCoordinateReaderKeepsBothMirrorsAndTheirLines() throws IOException {
        Path file = fixture("mtx/observed_general.mtx");
        MatrixMarket.Numbered numbered = MatrixMarket.readNumbered(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, numbered.sizeLine());
        MatrixMarket.Coordinates c = numbered.coordinates();
        assertEquals(Integer.parseInt(lines.get(2).split(" ")[2]), c.nnz());
        for (int k = 0; k < c.nnz(); k++) {
            String[] parts = lines.get((int) numbered.lines().lineOf(k) - 1).split(" ");
            assertEquals(c.row()[k] + 1, Integer.parseInt(parts[0]), "entry " + k);
            assertEquals(c.col()[k] + 1, Integer.parseInt(parts[1]), "entry " + k);
            assertEquals(c.value()[k], Double.parseDouble(parts[2]), EXACT, "entry " + k);
        }
        assertEquals(c.nnz(), numbered.lines().entries());
        assertThrows(IndexOutOfBoundsException.class, () -> numbered.lines().lineOf(c.nnz()));
    }

    @Test
    void lineNumbersSurviveCommentsAndBlankLinesBetweenEntries() throws IOException {
        Path file = dir.resolve("gaps.mtx");
        Files.writeString(file, "%%MatrixMarket matrix coordinate real general\n% c\n3 3 4\n1 1 1\n\n% gap\n1 2 2\n"
                + "2 1 2\n%\n%\n3 3 5\n");
        EntryLines lines = MatrixMarket.readNumbered(file).lines();
        assertArrayEquals(new long[] {4, 7, 8, 11}, new long[] {lines.lineOf(0), lines.lineOf(1), lines.lineOf(2),
                lines.lineOf(3)});
    }

    @Test
    void disagreeingMirrorsNameBothLinesOneBased() throws IOException {
        Path file = fixture("mtx/observed_disagree.mtx");
        List<String> lines = Files.readAllLines(file);
        int changed = lines.size(); // make_fixtures.py changed the last entry line: 6 5 1.3191 (mirror 5 6 0.3191)
        assertEquals("6 5 1.3191", lines.get(changed - 1));
        int mirror = lines.indexOf("5 6 3.191E-1") + 1;
        assertOneLineError(() -> MatrixMarket.readSymmetricEntries(file, MIRROR_TOLERANCE), "observed_disagree.mtx",
                "line " + changed + " has entry (6, 5) = 1.3191, which disagrees with its mirror (5, 6) = 0.3191 on line "
                        + mirror, "fix one of the two lines");
        // Within a loose tolerance the first listed value is kept.
        SymmetricEntries loose = MatrixMarket.readSymmetricEntries(file, 0.9);
        int k = 0;
        while (loose.row()[k] != 4 || loose.col()[k] != 5) {
            k++;
        }
        assertEquals(0.3191, loose.value()[k], EXACT);
    }

    @Test
    void nonSquareAndBadToleranceAreRefused() throws IOException {
        Path file = dir.resolve("wide.mtx");
        Files.writeString(file, "%%MatrixMarket matrix coordinate real general\n%\n%\n2 3 1\n1 3 1\n");
        assertOneLineError(() -> MatrixMarket.readSymmetricEntries(file, MIRROR_TOLERANCE), "wide.mtx",
                "line 4 declares a 2 x 3 matrix", "must form a square one");
        assertThrows(IllegalArgumentException.class, () -> MatrixMarket.readSymmetricEntries(file, Double.NaN));
    }

    @Test
    void sizesBeyondJavaArraysAreRefusedOnTheSizeLine() throws IOException {
        Path file = dir.resolve("huge.mtx");
        Files.writeString(file, "%%MatrixMarket matrix coordinate real general\n2147483648 1 0\n");
        assertOneLineError(() -> MatrixMarket.read(file), "huge.mtx", "line 2 declares a 2147483648 x 1 matrix",
                "at most 2147483647");
    }

    @Test
    void theRecordChecksItsInvariants() {
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricEntries(3, new int[] {1}, new int[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricEntries(3, new int[] {0, 0}, new int[] {1, 1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricEntries(3, new int[] {0}, new int[] {3}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SymmetricEntries(3, new int[] {0}, new int[] {0}, new double[] {Double.NaN}));
    }
}
