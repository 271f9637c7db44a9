package sod.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession sod's entry points use: the one already running in this JVM (an embedding
 * application's, or a notebook's), else a new one on the given master, else spark-submit's, else
 * local[*]. Only a session started here is stopped with the problem.
 */
final class Sessions {
    private Sessions() {}

    /** A session, and whether it was started here (then the caller stops it). */
    record Started(SparkSession spark, boolean created) {
        /** What to close with the problem: the session if it was started here, else nothing. */
        AutoCloseable owned() {
            return created ? spark::stop : null;
        }
    }

    static Started start(String master, String appName) {
        var active = SparkSession.getActiveSession();
        if (active.isEmpty()) active = SparkSession.getDefaultSession();
        if (active.isDefined()) return new Started(active.get(), false);
        SparkConf conf = new SparkConf();
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        if (conf.get("spark.master").startsWith("local")) {
            // one machine: keep the driver on loopback and without a web UI
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        SparkSession spark = SparkSession.builder().appName(appName).config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return new Started(spark, true);
    }
}
