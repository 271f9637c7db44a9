package sod.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sod.SodInputException;

/**
 * Observations (i, j, value) of a symmetric matrix from Parquet or CSV, on a local path or any Hadoop
 * file system URI, checked in one pass before anything is built: every row must have integer indices
 * {@code 0 <= i, j < n} and a finite value. A bad row fails with one line naming the file and the row
 * and saying what to do. Either triangle may be given; (j, i) is the same observation as (i, j).
 *
 * <p>Parquet: columns named i, j (any integer type) and value (any numeric type). CSV: three columns
 * i, j, value in that order, with or without a header line (say which).
 */
public final class ObservationInput {

    /** The file format; {@code AUTO} picks CSV for names ending in .csv, .csv.gz or .txt, else Parquet. */
    public enum Format { AUTO, PARQUET, CSV }

    /** What one check pass found: the row count and the largest index. */
    public record Summary(long rows, long maxIndex) {}

    private static final String CORRUPT = "_corrupt_record";

    private final SparkSession spark;
    private final String path;
    private final Format format;
    private final boolean header;
    private Dataset<Row> data;

    /**
     * @param path   a file or folder, local or a Hadoop URI (file:, hdfs:, s3a:, ...)
     * @param header CSV only: the first line of each file is a header
     */
    public ObservationInput(SparkSession spark, String path, Format format, boolean header) {
        if (path == null || path.isBlank()) throw new SodInputException("--observed: give a Parquet or CSV path");
        this.spark = spark;
        this.path = path;
        this.format = format == Format.AUTO ? guess(path) : format;
        this.header = header;
    }

    static Format guess(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".csv") || p.endsWith(".csv.gz") || p.endsWith(".txt") ? Format.CSV : Format.PARQUET;
    }

    public String path() {
        return path;
    }

    public Format format() {
        return format;
    }

    /** The rows as columns i (long), j (long), value (double) plus the file name and, for CSV, the raw line. */
    Dataset<Row> rows() {
        if (data == null) data = load();
        return data;
    }

    private Dataset<Row> load() {
        Dataset<Row> raw;
        try {
            if (format == Format.CSV) {
                StructType schema = new StructType()
                        .add("i", DataTypes.LongType).add("j", DataTypes.LongType).add("value", DataTypes.DoubleType)
                        .add(CORRUPT, DataTypes.StringType);
                raw = spark.read().schema(schema).option("header", header).option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", CORRUPT).option("comment", "#").csv(path);
            } else {
                raw = spark.read().parquet(path);
                checkParquetColumns(raw);
                raw = raw.select(col("i").cast(DataTypes.LongType).as("i"), col("j").cast(DataTypes.LongType).as("j"),
                        col("value").cast(DataTypes.DoubleType).as("value"), lit(null).cast(DataTypes.StringType).as(CORRUPT));
            }
        } catch (SodInputException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException is checked for javac, though never declared
            throw new SodInputException(describe() + ": " + analysisMessage(e), e);
        }
        return raw.withColumn("file", input_file_name());
    }

    private void checkParquetColumns(Dataset<Row> raw) {
        java.util.List<String> names = Arrays.asList(raw.columns());
        for (String need : new String[] {"i", "j", "value"}) {
            if (!names.contains(need))
                throw new SodInputException(describe() + ": has columns " + names + " but needs i, j (integers) and value (a number); rename them");
        }
        for (var field : raw.schema().fields()) {
            String name = field.name();
            if ((name.equals("i") || name.equals("j")) && !isInteger(field.dataType()))
                throw new SodInputException(describe() + ": column " + name + " is " + field.dataType().simpleString()
                        + " but must be an integer type (the 0-based row or column index)");
            if (name.equals("value") && !(field.dataType() instanceof org.apache.spark.sql.types.NumericType))
                throw new SodInputException(describe() + ": column value is " + field.dataType().simpleString() + " but must be numeric");
        }
    }

    private static boolean isInteger(org.apache.spark.sql.types.DataType t) {
        return t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    /** "CSV path" or "Parquet path", for messages. */
    String describe() {
        return (format == Format.CSV ? "CSV " : "Parquet ") + path;
    }

    private static String analysisMessage(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (m.contains("PATH_NOT_FOUND") || m.contains("Path does not exist"))
            return "no such file or folder; give an existing Parquet/CSV file or folder (local path or hdfs:/s3a:/file: URI)";
        if (m.contains("UNABLE_TO_INFER_SCHEMA"))
            return "no Parquet data found there (an empty folder?); give Parquet files with columns i, j, value, or --format csv";
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** A row that is not an observation: a CSV line that does not parse, a missing or non-finite field. */
    private static Column malformed() {
        return col(CORRUPT).isNotNull().or(col("i").isNull()).or(col("j").isNull()).or(col("value").isNull())
                .or(col("value").isNaN()).or(col("value").equalTo(Double.POSITIVE_INFINITY))
                .or(col("value").equalTo(Double.NEGATIVE_INFINITY));
    }

    /**
     * Checks every row in one pass (a malformed row, a negative index, an index {@code >= n} when n &gt; 0)
     * and returns the row count and the largest index.
     *
     * @param n the dimension, or 0 to take it from the data (largest index + 1)
     */
    public Summary check(long n) {
        Dataset<Row> d = rows();
        Row s;
        try {
            s = d.agg(count(lit(1)), sum(when(malformed(), 1).otherwise(0)),
                    min(functionsLeast()), max(functionsGreatest())).first();
        } catch (Exception e) {
            throw SparkErrors.inputError(describe(), e);
        }
        long rows = s.getLong(0);
        if (rows == 0) throw new SodInputException(describe() + ": has no rows; give at least one observation (i, j, value)");
        long bad = s.isNullAt(1) ? 0 : s.getLong(1);
        if (bad > 0) {
            Row r = d.filter(malformed()).limit(1).collectAsList().get(0);
            String line = r.isNullAt(r.fieldIndex(CORRUPT)) ? "(" + field(r, "i") + ", " + field(r, "j") + ", " + field(r, "value") + ")"
                    : "'" + r.getString(r.fieldIndex(CORRUPT)).strip() + "'";
            throw new SodInputException(file(r) + ": malformed row " + line + " (" + bad + " such rows): every row must be i, j, value"
                    + " with integer indices and a finite value" + (looksLikeHeader(r) ? "; if the first line is a header, pass --header" : ""));
        }
        long minIndex = s.getLong(2), maxIndex = s.getLong(3);
        if (minIndex < 0) {
            Row r = d.filter(col("i").lt(0).or(col("j").lt(0))).limit(1).collectAsList().get(0);
            throw new SodInputException(file(r) + ": row (" + field(r, "i") + ", " + field(r, "j") + ", " + field(r, "value")
                    + ") has a negative index; indices are 0-based, 0 <= i, j < n");
        }
        if (n > 0 && maxIndex >= n) {
            Row r = d.filter(col("i").geq(n).or(col("j").geq(n))).limit(1).collectAsList().get(0);
            throw new SodInputException(file(r) + ": row (" + field(r, "i") + ", " + field(r, "j") + ", " + field(r, "value")
                    + ") has an index beyond n = " + n + " (0-based, largest allowed " + (n - 1) + "); give the right --n, or omit it to use the largest index + 1");
        }
        if (maxIndex >= Integer.MAX_VALUE - 8)
            throw new SodInputException(describe() + ": index " + maxIndex + " is too large (n must fit a Java array)");
        return new Summary(rows, maxIndex);
    }

    private static Column functionsLeast() {
        return org.apache.spark.sql.functions.least(col("i"), col("j"));
    }

    private static Column functionsGreatest() {
        return org.apache.spark.sql.functions.greatest(col("i"), col("j"));
    }

    /** A CSV line that starts with a letter, while no header was announced: probably a header. */
    private boolean looksLikeHeader(Row r) {
        int k = r.fieldIndex(CORRUPT);
        if (format != Format.CSV || header || r.isNullAt(k)) return false;
        String line = r.getString(k).strip();
        return !line.isEmpty() && Character.isLetter(line.charAt(0));
    }

    private static String field(Row r, String name) {
        int k = r.fieldIndex(name);
        return r.isNullAt(k) ? "null" : String.valueOf(r.get(k));
    }

    private String file(Row r) {
        int k = r.fieldIndex("file");
        String f = r.isNullAt(k) ? "" : r.getString(k);
        return f.isEmpty() ? describe() : (format == Format.CSV ? "CSV " : "Parquet ") + f;
    }
}
