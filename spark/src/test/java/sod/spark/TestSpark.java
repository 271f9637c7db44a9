package sod.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test run (starting one takes ~10 s): local mode with 2 threads and up to
 * 2 attempts per task ({@code local[2,2]}), so an injected failure is retried; driver on loopback, no UI.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,2]").appName("sod-spark-tests")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.task.maxFailures", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }
}
