package sod.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.SodInputException;
import sod.problems.Problem;

/** Bad input fails the load with one line that names the file and the row and says what to do. */
class BadInputTest {
    @TempDir
    Path dir;

    private SodInputException loadFails(Path path, int n, boolean header) {
        SparkCompletion.Settings s = SparkCompletion.Settings.of(path.toString(), n, 1).withPartitions(2)
                .withFormat(ObservationInput.Format.AUTO, header);
        SodInputException e = assertThrows(SodInputException.class, () -> {
            try (Problem p = SparkCompletion.load(TestSpark.session(), s, null, null)) {
                p.n();
            }
        });
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        System.out.println("sod: " + e.getMessage());
        return e;
    }

    private Path csv(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    private static void assertMentions(SodInputException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }

    @Test
    void missingPath() {
        SodInputException e = loadFails(dir.resolve("nowhere.parquet"), 0, false);
        assertMentions(e, "nowhere.parquet", "no such file");
    }

    @Test
    void malformedCsvRow() throws IOException {
        Path f = csv("bad.csv", "0,0,1.0", "1,x,2.0", "2,2,3.0");
        assertMentions(loadFails(f, 0, false), "bad.csv", "'1,x,2.0'", "malformed row");
    }

    @Test
    void headerWithoutTheFlagIsAMalformedRowWithAHint() throws IOException {
        Path f = csv("header.csv", "i,j,value", "0,1,1.0");
        assertMentions(loadFails(f, 0, false), "header.csv", "'i,j,value'", "--header");
    }

    @Test
    void missingValueIsMalformed() throws IOException {
        Path f = csv("short.csv", "0,1,1.0", "1,2");
        assertMentions(loadFails(f, 0, false), "short.csv", "malformed row");
    }

    @Test
    void negativeIndex() throws IOException {
        Path f = csv("negative.csv", "i,j,value", "0,1,1.0", "-1,2,3.0");
        assertMentions(loadFails(f, 0, true), "negative.csv", "(-1, 2, 3.0)", "negative index");
    }

    @Test
    void indexBeyondNInParquet() {
        Path p = dir.resolve("beyond.parquet");
        StructType schema = new StructType().add("i", DataTypes.IntegerType).add("j", DataTypes.IntegerType).add("value", DataTypes.DoubleType);
        List<Row> rows = List.of(RowFactory.create(0, 1, 1.0), RowFactory.create(3, 7, 2.0));
        TestSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
        assertMentions(loadFails(p, 5, false), "beyond.parquet", "(3, 7, 2.0)", "beyond n = 5");
    }

    @Test
    void parquetWithoutTheColumns() {
        Path p = dir.resolve("columns.parquet");
        StructType schema = new StructType().add("row", DataTypes.IntegerType).add("col", DataTypes.IntegerType).add("value", DataTypes.DoubleType);
        TestSpark.session().createDataFrame(List.of(RowFactory.create(0, 1, 1.0)), schema).write().parquet(p.toString());
        assertMentions(loadFails(p, 0, false), "columns.parquet", "needs i, j");
    }

    @Test
    void aPairGivenTwiceWithDifferentValues() throws IOException {
        Path f = csv("twice.csv", "0,1,1.0", "2,2,1.0", "1,0,1.5");
        assertMentions(loadFails(f, 0, false), "(0, 1)", "twice", "1.0", "1.5");
    }

    @Test
    void aPairGivenTwiceAlikeIsOneObservation() throws IOException {
        Path f = csv("alike.csv", "0,1,1.0", "2,2,1.0", "1,0,1.0");
        SparkCompletion.Settings s = SparkCompletion.Settings.of(f.toString(), 0, 1).withPartitions(2);
        try (Problem p = SparkCompletion.load(TestSpark.session(), s, null, null)) {
            assertTrue(p.m() == 2 && p.n() == 3, "m = " + p.m() + ", n = " + p.n());
        }
    }
}
