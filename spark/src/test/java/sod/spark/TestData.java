package sod.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sod.operators.EntryWeightedSparse;
import sod.problems.Completion;
import sod.problems.Problem;

/**
 * Test data: a single-machine completion problem ({@link Completion#create}, the reference) written out
 * as (i, j, value) rows in a scrambled order with about half of the pairs given as (j, i), so the Spark
 * side has to normalise and sort before it can agree.
 */
final class TestData {
    private TestData() {}

    static Problem reference(int n, int r, int observations, double noise, long seed) {
        return Completion.create(n, r, observations, Completion.Sampling.uniform(), noise, seed, 1);
    }

    /** The reference's observations as rows (i, j, value), scrambled. */
    static List<long[]> rowsOf(Problem p) {
        EntryWeightedSparse op = (EntryWeightedSparse) p.operator();
        List<long[]> rows = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(99);
        for (int k = 0; k < p.m(); k++) {
            int i = op.row(k), j = op.col(k);
            boolean flip = rnd.nextBoolean();
            rows.add(new long[] {flip ? j : i, flip ? i : j, Double.doubleToRawLongBits(p.b()[k])});
        }
        for (int k = rows.size() - 1; k > 0; k--) {
            int s = rnd.nextInt(k + 1);
            long[] t = rows.get(k);
            rows.set(k, rows.get(s));
            rows.set(s, t);
        }
        return rows;
    }

    static void writeCsv(Problem p, Path file) {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("i,j,value\n");
            for (long[] row : rowsOf(p)) w.write(row[0] + "," + row[1] + "," + Double.longBitsToDouble(row[2]) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeParquet(Problem p, Path dir, int files) {
        List<Row> rows = new ArrayList<>();
        for (long[] row : rowsOf(p)) rows.add(RowFactory.create(row[0], row[1], Double.longBitsToDouble(row[2])));
        StructType schema = new StructType().add("i", DataTypes.LongType).add("j", DataTypes.LongType).add("value", DataTypes.DoubleType);
        TestSpark.session().createDataFrame(rows, schema).repartition(files).write().parquet(dir.toString());
    }
}
