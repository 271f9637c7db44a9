package sod.spark;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import sod.SodInputException;
import sod.problems.Problem;

/**
 * Completion problems whose operator is {@link SparkCompletionOperator}: observations (i, j, value) read
 * by {@link ObservationInput}, distributed by {@link BlockSet}, b = the values (unit weights), no
 * ground truth. Closing the problem closes the operator.
 */
public final class SparkCompletion {
    private SparkCompletion() {}

    /** Settings of a load. {@code n = 0}: the largest index + 1; {@code partitions = 0}: Spark's default parallelism. */
    public record Settings(String path, ObservationInput.Format format, boolean header, int n, int rank, int partitions,
                           SparkCompletionOperator.Residuals residuals) {
        public Settings {
            if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank);
            if (n < 0) throw new SodInputException("--n must be >= 1, got " + n);
            if (partitions < 0) throw new SodInputException("--partitions must be >= 1, got " + partitions);
        }

        public static Settings of(String path, int n, int rank) {
            return new Settings(path, ObservationInput.Format.AUTO, false, n, rank, 0, SparkCompletionOperator.Residuals.ON_DEMAND);
        }

        public Settings withPartitions(int p) {
            return new Settings(path, format, header, n, rank, p, residuals);
        }

        public Settings withFormat(ObservationInput.Format f, boolean h) {
            return new Settings(path, f, h, n, rank, partitions, residuals);
        }

        public Settings withResiduals(SparkCompletionOperator.Residuals r) {
            return new Settings(path, format, header, n, rank, partitions, r);
        }
    }

    /**
     * Loads the problem on {@code spark}.
     *
     * @param hook  task hook of the operator (tests), or null
     * @param owned closed with the problem (e.g. the session, when this call's caller created it), or null
     */
    public static Problem load(SparkSession spark, Settings s, TaskHook hook, AutoCloseable owned) {
        int partitions = s.partitions() > 0 ? s.partitions() : spark.sparkContext().defaultParallelism();
        ObservationInput input = new ObservationInput(spark, s.path(), s.format(), s.header());
        BlockSet set = BlockSet.load(input, s.n(), partitions);
        if ((long) set.n() * s.rank() > Integer.MAX_VALUE - 8)
            throw new SodInputException(s.path() + ": n * r = " + (long) set.n() * s.rank() + " is too large for one array; lower the rank");
        SparkCompletionOperator op = new SparkCompletionOperator(set, s.residuals(), hook, owned);
        String name = String.format(Locale.ROOT, "completion(spark, file=%s, n=%d, r=%d, m=%d, partitions=%d)",
                fileName(s.path()), set.n(), s.rank(), set.m(), partitions);
        return new Problem(name, op, op.b(), s.rank(), null, 0);
    }

    private static String fileName(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
