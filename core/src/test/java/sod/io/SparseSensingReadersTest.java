package sod.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static sod.io.IoFixtures.EXACT;
import static sod.io.IoFixtures.assertOneLine;
import static sod.io.IoFixtures.assertOneLineError;
import static sod.io.IoFixtures.fixture;
import static sod.testing.Assertions.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sod.SodInputException;

/**
 * The m x n^2 sensing matrix as scipy.sparse.save_npz and scipy.io.mmwrite wrote it, read into a
 * SparseSymmetricSet and compared, entry by entry, with the dense (m, n, n) stack NumPy wrote beside it.
 */
class SparseSensingReadersTest {
    private static final int M = 7;
    private static final int N = 5;

    @TempDir
    Path dir;

    /** Both triangles of every A_i, rebuilt from the upper-triangle storage. */
    private static double[] dense(SparseSymmetricSet set) {
        int n = set.n();
        double[] out = new double[set.m() * n * n];
        for (int i = 0; i < set.m(); i++) {
            for (long k = set.start()[i]; k < set.start()[i + 1]; k++) {
                int p = set.row()[(int) k];
                int q = set.col()[(int) k];
                out[i * n * n + p * n + q] = set.value()[(int) k];
                out[i * n * n + q * n + p] = set.value()[(int) k];
            }
        }
        return out;
    }

    /** Nonzeros on or above the diagonal of a dense stack: what the set must store. */
    private static int upperNonzeros(double[] stack, int n) {
        int count = 0;
        for (int i = 0; i < stack.length / (n * n); i++) {
            for (int p = 0; p < n; p++) {
                for (int q = p; q < n; q++) {
                    count += stack[i * n * n + p * n + q] != 0 ? 1 : 0;
                }
            }
        }
        return count;
    }

    @ParameterizedTest
    @ValueSource(strings = {"A_csr.npz", "A_csr_compressed.npz", "A_csc.npz", "A_csc_compressed.npz", "A_coo.npz",
            "A_coo_compressed.npz", "A_csr_int64.npz", "A_coo_shuffled.npz", "A_csr_unsorted.npz", "A.mtx"})
    void everyLayoutGivesTheMatricesNumPyWrote(String file) {
        double[] want = Npy.readDoubles(fixture("sparse/dense.expected.npy"), M, N, N);
        for (boolean symmetrise : new boolean[] {false, true}) {
            SparseSymmetricSet set = SparseSymmetricSet.read(fixture("sparse/" + file), symmetrise);
            assertEquals(N, set.n());
            assertEquals(M, set.m());
            assertEquals(upperNonzeros(want, N), set.nnz(), file);
            assertClose(want, dense(set), EXACT, file + (symmetrise ? " symmetrised" : ""));
        }
    }

    @Test
    void float32ValuesAreWidenedExactly() {
        SparseSymmetricSet set = ScipySparseNpz.read(fixture("sparse/A_csr_float32.npz"), false);
        assertClose(Npy.readDoubles(fixture("sparse/dense_float32.expected.npy")), dense(set), EXACT, "float32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"asymmetric.npz", "asymmetric.mtx", "upper_only.npz", "lower_only.npz"})
    void symmetriseStoresTheAverageOfBothTriangles(String file) {
        String expected = file.substring(0, file.indexOf('.')) + ".symmetrised.npy";
        SparseSymmetricSet set = SparseSymmetricSet.read(fixture("sparse/" + file), true);
        assertClose(Npy.readDoubles(fixture("sparse/" + expected)), dense(set), EXACT, file);
    }

    @Test
    void asymmetricMatricesNameTheMeasurementThePairAndBothValues() {
        // make_fixtures.py added 0.5 to A_2[0, 1] and -0.25 to A_2[1, 0], both 0 before.
        assertOneLineError(() -> ScipySparseNpz.read(fixture("sparse/asymmetric.npz"), false), "asymmetric.npz",
                "measurement 2 (row 2) is not symmetric: A_2[0, 1] (column 1) = 0.5 (entry 16 of indices and data)"
                        + " but A_2[1, 0] (column 5) = -0.25 (entry 19 of indices and data);",
                "pass --symmetrise to use (A_i + A_i^T)/2");
        assertOneLineError(() -> MatrixMarketSensing.read(fixture("sparse/asymmetric.mtx"), false), "asymmetric.mtx",
                "the matrix in row 3 is not symmetric: A[1, 2] (row 3, column 2, 1-based) = ", "(line ",
                "but A[2, 1] (row 3, column 6, 1-based) = ", "--symmetrise");
        assertOneLineError(() -> ScipySparseNpz.read(fixture("sparse/upper_only.npz"), false), "upper_only.npz",
                "is not symmetric", "= 0 (not stored)");
        assertOneLineError(() -> ScipySparseNpz.read(fixture("sparse/lower_only.npz"), false), "lower_only.npz",
                "is not symmetric", "= 0 (not stored)");
    }

    @Test
    void everyMalformedFileGetsOneLine() {
        String base = "sparse/";
        check(base + "bad_nan.npz", "entry data.npy: data[3] is NaN", "only finite values");
        check(base + "bad_inf.npz", "data[5] is -Infinity");
        check(base + "bad_index_range.npz", "entry indices.npy: indices[4] = 25", "outside 0..24");
        check(base + "bad_index_negative.npz", "indices[0] = -1");
        check(base + "bad_row_range_coo.npz", "entry row.npy: row[1] = 7 is outside 0..6");
        check(base + "bad_shape_not_square.npz", "has shape (7, 24)", "must be m x n^2", "24 is not the square");
        check(base + "bad_shape_rows.npz", "has shape (0, 25)", "between 1 and");
        check(base + "bad_shape_dtype.npz", "entry shape.npy must hold two integers", "float64");
        check(base + "bad_format.npz", "'bsr' sparse matrix", "A.tocsr()");
        check(base + "bad_no_format.npz", "has no 'format' array", "scipy.sparse.save_npz");
        check(base + "bad_missing_indptr.npz", "has no array 'indptr' (the row pointers of format csr)");
        check(base + "bad_float_indices.npz", "entry indices.npy has dtype float64 but the column indices must be integers");
        check(base + "bad_object_data.npz", "entry data.npy has dtype '|O'", "Python objects");
        check(base + "bad_complex_data.npz", "entry data.npy has dtype '<c16'", "complex");
        check(base + "bad_indptr_decreasing.npz", "indptr[3] = ", "is less than indptr[2]");
        check(base + "bad_indptr_short.npz", "entry indptr.npy has 7 elements but needs 8");
        check(base + "bad_indptr_last.npz", "entry indptr.npy: indptr[7] = 66 but indices has 67 entries");
        check(base + "bad_data_short.npz", "entry data.npy has 66 elements but", "indices.npy has 67");
        check(base + "bad_indices_2d.npz", "entry indices.npy has shape (1, 67)", "must be a 1-D array");
        check(base + "bad_coo_lengths.npz", "entry col.npy has 65 elements but", "row.npy has 67");
        check(base + "bad_duplicate_csr.npz", "of measurement 1 (row 1) is stored twice (entry ", " and entry ",
                "sum_duplicates()");
        check(base + "bad_duplicate_coo.npz", "is stored twice (entry 2 of row, col and data and entry 67 of row, col and data)");
        check(base + "bad_duplicate.mtx", "is stored twice (line ", "sum_duplicates()");
        check(base + "bad_not_square.mtx", "line 3 declares a 7 x 24 matrix", "24 is not the square");
        check(base + "bad_symmetric_banner.mtx", "line 1 is 'symmetric'", "symmetry='general'");
        check(base + "bad_no_rows.mtx", "line 2 declares a 0 x 25 matrix", "between 1 and");
        check(base + "bad_indptr_first.npz", "entry indptr.npy: indptr[0] is 1 but must be 0");
        check(base + "bad_col_range_coo.npz", "entry col.npy: col[2] = 28 is outside 0..24");
        check(base + "bad_format_dtype.npz", "entry format.npy has dtype '<i8' but a short text");
        check(base + "bad_format_shape.npz", "entry format.npy has shape (2,) but the sparse format must be a single text value");
        check(base + "bad_shape_length.npz", "entry shape.npy must hold two integers", "shape (3,)");
        assertOneLineError(() -> SparseSymmetricSet.read(fixture("npy/vector.npy"), false), "vector.npy",
                "is neither .npz (scipy.sparse.save_npz) nor .mtx");
        assertOneLineError(() -> SparseSymmetricSet.read(fixture("npz/problem.npz"), false), "problem.npz",
                "has no 'format' array");
    }

    private static void check(String relative, String... fragments) {
        Path file = fixture(relative);
        assertOneLineError(() -> SparseSymmetricSet.read(file, false), file.getFileName().toString(), fragments);
    }

    /** The located duplicate is really there: the two entries the message names hold the same position. */
    @Test
    void aDuplicateIsLocatedWhereItIs() throws IOException {
        String message = assertOneLineError(() -> ScipySparseNpz.read(fixture("sparse/bad_duplicate_csr.npz"), false),
                "bad_duplicate_csr.npz");
        String[] parts = message.replaceAll(".*\\(entry (\\d+) of indices and data and entry (\\d+) of.*", "$1 $2").split(" ");
        try (Npz npz = Npz.open(fixture("sparse/bad_duplicate_csr.npz")); NpyArray indices = npz.read("indices")) {
            assertEquals(indices.get(Long.parseLong(parts[0])), indices.get(Long.parseLong(parts[1])), message);
        }
        String mtx = assertOneLineError(() -> MatrixMarketSensing.read(fixture("sparse/bad_duplicate.mtx"), false),
                "bad_duplicate.mtx");
        String[] lines = mtx.replaceAll(".*\\(line (\\d+) and line (\\d+)\\).*", "$1 $2").split(" ");
        List<String> text = Files.readAllLines(fixture("sparse/bad_duplicate.mtx"));
        String first = text.get(Integer.parseInt(lines[0]) - 1);
        String second = text.get(Integer.parseInt(lines[1]) - 1);
        assertEquals(first, second, mtx);
    }

    /**
     * Seeded damage to the npz layouts and the .mtx: a read either gives a valid set (the record's
     * constructor re-checks every invariant) or one line naming the file; nothing else escapes.
     */
    @Test
    void corruptedFilesNeverEscapeAsOtherExceptions() throws IOException {
        List<String> names = List.of("A_csr.npz", "A_csc_compressed.npz", "A_coo.npz", "A.mtx");
        SplittableRandom random = new SplittableRandom(2869);
        int succeeded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 800; trial++) {
            String name = names.get(trial % names.size());
            byte[] original = Files.readAllBytes(fixture("sparse/" + name));
            byte[] bytes = original.clone();
            String what;
            if (random.nextInt(3) == 0) {
                bytes = Arrays.copyOf(original, random.nextInt(original.length));
                what = "truncated to " + bytes.length;
            } else {
                int at = random.nextInt(original.length);
                bytes[at] = name.endsWith(".mtx") && random.nextBoolean()
                        ? (byte) "0123456789 .-e\n".charAt(random.nextInt(15)) : (byte) random.nextInt(256);
                what = "byte " + at + " set to " + (bytes[at] & 0xFF);
            }
            Path target = dir.resolve("corrupt" + name.substring(name.indexOf('.')));
            Files.write(target, bytes);
            try {
                SparseSymmetricSet set = SparseSymmetricSet.read(target, trial % 5 == 0);
                assertEquals(M, set.m(), what);
                succeeded++;
            } catch (SodInputException e) {
                assertOneLine(e.getMessage(), target.getFileName().toString());
                rejected++;
            } catch (Throwable t) {
                fail("trial " + trial + " on " + name + " (" + what + ") threw " + t, t);
            }
        }
        assertTrue(succeeded > 20 && rejected > 500, succeeded + " succeeded, " + rejected + " rejected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"types_coo.npz:integer", "types_csr.npz:integer", "types_csc.npz:integer",
            "types_bool.npz:pattern", "types_data_uint16.npz:integer_abs", "types_data_uint32.npz:integer_abs",
            "types_data_int32.npz:integer_abs", "types_data_int64.npz:integer_abs", "types_data_uint64.npz:integer_abs"})
    void everyIntegerWidthOfIndicesAndValuesIsRead(String fileAndExpected) {
        String[] parts = fileAndExpected.split(":");
        SparseSymmetricSet set = ScipySparseNpz.read(fixture("sparse/" + parts[0]), false);
        assertClose(Npy.readDoubles(fixture("sparse/" + parts[1] + ".expected.npy")), dense(set), EXACT, parts[0]);
    }

    /** sod's own Matrix Market writer, both triangles as a general m x n^2 file, read back as the same set. */
    @Test
    void matrixMarketWrittenBySodReadsBack() {
        SparseSymmetricSet original = ScipySparseNpz.read(fixture("sparse/A_csc.npz"), false);
        List<int[]> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < original.m(); i++) {
            for (long k = original.start()[i]; k < original.start()[i + 1]; k++) {
                int p = original.row()[(int) k];
                int q = original.col()[(int) k];
                cells.add(new int[] {i, q * N + p}); // lower mirror first: any order must do
                values.add(original.value()[(int) k]);
                if (p != q) {
                    cells.add(new int[] {i, p * N + q});
                    values.add(original.value()[(int) k]);
                }
            }
        }
        int[] rows = cells.stream().mapToInt(c -> c[0]).toArray();
        int[] cols = cells.stream().mapToInt(c -> c[1]).toArray();
        double[] vals = values.stream().mapToDouble(Double::doubleValue).toArray();
        Path file = dir.resolve("sod.mtx");
        MatrixMarket.write(file, new MatrixMarket.Coordinates(M, N * N, rows, cols, vals, false));
        SparseSymmetricSet back = MatrixMarketSensing.read(file, false);
        assertArrayEquals(original.start(), back.start());
        assertArrayEquals(original.row(), back.row());
        assertArrayEquals(original.col(), back.col());
        assertClose(original.value(), back.value(), EXACT, "values");
    }
}
