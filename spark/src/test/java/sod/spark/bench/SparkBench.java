package sod.spark.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sod.operators.EntryWeightedSparse;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.spark.SparkCompletion;

/**
 * By hand (scripts/spark-bench): per-evaluation time of the fused pass (h, gradient) of the Spark operator
 * in local mode against single-machine sod on the same data and machine, in one run; a Lanczos product;
 * 10 GD iterations of sod's solver on Spark; MLlib ALS on the same observations (both orientations of each
 * pair) with time per iteration and held-out RMSE after 10 iterations against sod's. Prints one JSON line
 * per figure and a summary.
 *
 * <p>Arguments: n m r [partitions] [evaluations] [als: yes|no] [master] [the single-machine run to convergence: yes|no].
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]), m = Integer.parseInt(args[1]), r = Integer.parseInt(args[2]);
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int evaluations = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        boolean als = args.length <= 5 || args[5].equals("yes");
        String master = args.length > 6 ? args[6] : "local[2]";
        boolean longRun = args.length <= 7 || args[7].equals("yes");
        Path work = Files.createTempDirectory("sod-spark-bench");
        report("machine", "\"cpu\": \"" + cpu() + "\", \"cores\": " + Runtime.getRuntime().availableProcessors()
                + ", \"max_heap_gb\": " + Runtime.getRuntime().maxMemory() / (1L << 30));

        long t = System.nanoTime();
        Problem single = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 1, 2);
        report("generate", "\"n\": " + n + ", \"m\": " + m + ", \"r\": " + r + ", \"seconds\": " + secs(t));

        double[] x = new double[n * r];
        Solver.initialPoint(1.0 / Math.sqrt(n), 7, x, n * r);
        double[] residual = new double[m], grad = new double[n * r];
        double[] singleTimes = time(evaluations, () -> single.operator().residualAndGradient(x, r, single.b(), residual, grad));
        double hSingle = single.operator().residualAndGradient(x, r, single.b(), residual, grad);
        double[] gSingle = grad.clone();
        report("single_machine_evaluation", "\"threads\": 2, \"median_seconds\": " + median(singleTimes) + ", \"all\": " + Arrays.toString(singleTimes));

        SparkSession spark = SparkSession.builder().master(master).appName("sod-spark-bench")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(2 * partitions))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path parquet = work.resolve("obs.parquet");
        t = System.nanoTime();
        writeParquet(spark, single, parquet, 8);
        report("write_parquet", "\"seconds\": " + secs(t));

        t = System.nanoTime();
        Problem distributed = SparkCompletion.load(spark, SparkCompletion.Settings.of(parquet.toString(), n, r).withPartitions(partitions), null, null);
        report("spark_load", "\"partitions\": " + partitions + ", \"seconds\": " + secs(t));
        SensingOperator op = distributed.operator();
        double[] residual2 = new double[m], grad2 = new double[n * r];
        double[] sparkTimes = time(evaluations, () -> op.residualAndGradient(x, r, distributed.b(), residual2, grad2));
        // the machine is shared: pairs of back-to-back runs, and the median of the per-pair ratios
        double[] ratios = new double[evaluations];
        for (int k = 0; k < evaluations; k++) {
            long t0 = System.nanoTime();
            single.operator().residualAndGradient(x, r, single.b(), residual, grad);
            double a = secs(t0);
            t0 = System.nanoTime();
            op.residualAndGradient(x, r, distributed.b(), residual2, grad2);
            ratios[k] = secs(t0) / a;
        }
        report("paired_ratio", "\"median_spark_over_single\": " + median(ratios) + ", \"all\": " + Arrays.toString(ratios));
        double hSpark = op.residualAndGradient(x, r, distributed.b(), residual2, grad2);
        boolean same = Double.doubleToRawLongBits(hSingle) == Double.doubleToRawLongBits(hSpark) && Arrays.equals(gSingle, grad2);
        report("spark_evaluation", "\"master\": \"" + master + "\", \"median_seconds\": " + median(sparkTimes) + ", \"all\": " + Arrays.toString(sparkTimes)
                + ", \"bitwise_equal_to_single\": " + same + ", \"overhead_ratio\": " + median(sparkTimes) / median(singleTimes));

        // a Lanczos product of the SOD check, both ways (y = the residual just computed)
        double[] v = new double[n], out = new double[n];
        Solver.initialPoint(1, 9, v, n);
        SensingOperator.AdjointMap mapSingle = single.operator().adjointMap(residual);
        double[] productSingle = time(evaluations, () -> mapSingle.times(v, 1, out));
        SensingOperator.AdjointMap mapSpark = op.adjointMap(residual2);
        double[] productSpark = time(evaluations, () -> mapSpark.times(v, 1, out));
        report("lanczos_product", "\"single_median_seconds\": " + median(productSingle) + ", \"spark_median_seconds\": " + median(productSpark));

        // held-out entries of M* (pairs not observed), for the RMSE of both methods
        int heldOut = Math.max(1000, m / 100);
        int[][] pairs = heldOutPairs((EntryWeightedSparse) single.operator(), n, heldOut, 13);
        double[] truth = new double[heldOut];
        for (int k = 0; k < heldOut; k++) truth[k] = dot(single.truth(), pairs[0][k], pairs[1][k], r);

        SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                .initScale(0.01).seed(0).maxIterations(10).build();
        Result sparkRun;
        t = System.nanoTime();
        try (Solver solver = new Solver(gd)) {
            sparkRun = solver.solve(distributed);
        }
        double sparkRunSeconds = secs(t);
        Result singleRun;
        t = System.nanoTime();
        try (Solver solver = new Solver(gd)) {
            singleRun = solver.solve(new Problem("single", single.operator(), single.b(), r, null, 0));
        }
        double singleRunSeconds = secs(t);
        double sodRmse = rmse(sparkRun.x(), r, pairs, truth);
        report("sod_gd_10_iterations", "\"spark_seconds\": " + sparkRunSeconds + ", \"single_seconds\": " + singleRunSeconds
                + ", \"iterations\": " + sparkRun.iterations() + ", \"same_x\": " + Arrays.equals(sparkRun.x(), singleRun.x())
                + ", \"heldout_rmse\": " + sodRmse + ", \"rms_truth\": " + rms(truth));
        if (longRun) {
        SolverConfig longer = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                .initScale(0.01).seed(0).maxIterations(200).build();
        t = System.nanoTime();
        Result singleLong;
        try (Solver solver = new Solver(longer)) {
            singleLong = solver.solve(new Problem("single", single.operator(), single.b(), r, null, 0));
        }
        report("sod_gd_single_up_to_200", "\"seconds\": " + secs(t) + ", \"iterations\": " + singleLong.iterations()
                + ", \"status\": \"" + singleLong.status() + "\", \"heldout_rmse\": " + rmse(singleLong.x(), r, pairs, truth));
        }

        if (als) {
            // ALS's regularisation is not scale-free: ratings scaled to unit rms (M* entries are ~ sqrt(r)/n
            // here), predictions scaled back, so regParam 0.01 means what it means on ordinary ratings
            double scale = 1 / rms(single.b());
            Dataset<Row> ratings = symmetricRatings(spark, parquet, scale).cache();
            ratings.count();
            double[] scaledTruth = truth.clone();
            for (int k = 0; k < scaledTruth.length; k++) scaledTruth[k] *= scale;
            Dataset<Row> test = heldOutFrame(spark, pairs, scaledTruth);
            double[] fits = new double[2];
            double alsRmse = Double.NaN;
            int[] iters = {2, 10};
            for (int k = 0; k < 2; k++) {
                ALS a = new ALS().setRank(r).setMaxIter(iters[k]).setRegParam(0.01).setUserCol("i").setItemCol("j").setRatingCol("value")
                        .setSeed(1).setColdStartStrategy("drop").setNumBlocks(partitions);
                t = System.nanoTime();
                ALSModel model = a.fit(ratings);
                model.userFactors().count();
                fits[k] = secs(t);
                if (iters[k] == 10) alsRmse = alsRmse(model, test) / scale;
            }
            double perIteration = (fits[1] - fits[0]) / (iters[1] - iters[0]);
            report("mllib_als", "\"rank\": " + r + ", \"fit_2_seconds\": " + fits[0] + ", \"fit_10_seconds\": " + fits[1]
                    + ", \"seconds_per_iteration\": " + perIteration + ", \"setup_seconds\": " + (fits[0] - 2 * perIteration)
                    + ", \"heldout_rmse_10\": " + alsRmse + ", \"rmse_ratio_als_over_sod_10\": " + alsRmse / sodRmse);
        }
        distributed.close();
        single.close();
        spark.stop();
    }

    interface Run {
        void run();
    }

    /** Seconds of each of {@code count} runs after two warm-up runs. */
    static double[] time(int count, Run run) {
        run.run();
        run.run();
        double[] s = new double[count];
        for (int k = 0; k < count; k++) {
            long t = System.nanoTime();
            run.run();
            s[k] = secs(t);
        }
        return s;
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }

    static void report(String what, String fields) {
        System.out.println("{\"figure\": \"" + what + "\", " + fields + "}");
    }

    static String cpu() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
        }
        return "unknown";
    }

    static double dot(double[] z, int i, int j, int r) {
        double s = 0;
        for (int q = 0; q < r; q++) s += z[i * r + q] * z[j * r + q];
        return s;
    }

    static double rmse(double[] x, int r, int[][] pairs, double[] truth) {
        double s = 0;
        for (int k = 0; k < truth.length; k++) {
            double d = dot(x, pairs[0][k], pairs[1][k], r) - truth[k];
            s += d * d;
        }
        return Math.sqrt(s / truth.length);
    }

    static double rms(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s / a.length);
    }

    /** Distinct unobserved pairs i &lt;= j, uniformly drawn. */
    static int[][] heldOutPairs(EntryWeightedSparse op, int n, int count, long seed) {
        long[] observed = new long[op.m()];
        for (int k = 0; k < op.m(); k++) observed[k] = (long) op.row(k) * n + op.col(k); // already sorted
        SplittableRandom rnd = new SplittableRandom(seed);
        java.util.HashSet<Long> taken = new java.util.HashSet<>();
        int[][] pairs = new int[2][count];
        int k = 0;
        while (k < count) {
            int a = rnd.nextInt(n), b = rnd.nextInt(n);
            int i = Math.min(a, b), j = Math.max(a, b);
            long key = (long) i * n + j;
            if (Arrays.binarySearch(observed, key) >= 0 || !taken.add(key)) continue;
            pairs[0][k] = i;
            pairs[1][k] = j;
            k++;
        }
        return pairs;
    }

    /** The observations as Parquet rows (i, j, value), written by tasks from broadcast arrays. */
    static void writeParquet(SparkSession spark, Problem p, Path dir, int files) {
        EntryWeightedSparse op = (EntryWeightedSparse) p.operator();
        int m = p.m();
        int[] rows = new int[m], cols = new int[m];
        for (int k = 0; k < m; k++) {
            cols[k] = op.col(k);
        }
        int row = 0;
        for (int k = 0; k < m; k++) { // rows are nondecreasing: walk instead of m binary searches
            while (op.row(k) != row) row++;
            rows[k] = row;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<int[]> br = jsc.broadcast(rows), bc = jsc.broadcast(cols);
        Broadcast<double[]> bv = jsc.broadcast(p.b());
        List<Integer> parts = new ArrayList<>();
        for (int f = 0; f < files; f++) parts.add(f);
        JavaRDD<Row> data = jsc.parallelize(parts, files).flatMap(f -> {
            int lo = (int) ((long) m * f / files), hi = (int) ((long) m * (f + 1) / files);
            List<Row> out = new ArrayList<>(hi - lo);
            for (int k = lo; k < hi; k++) out.add(RowFactory.create((long) br.value()[k], (long) bc.value()[k], bv.value()[k]));
            return out.iterator();
        });
        StructType schema = new StructType().add("i", DataTypes.LongType).add("j", DataTypes.LongType).add("value", DataTypes.DoubleType);
        spark.createDataFrame(data, schema).write().parquet(dir.toString());
        br.destroy();
        bc.destroy();
        bv.destroy();
    }

    /** ALS input: every observed pair in both orientations (user i rates item j and vice versa), integer ids. */
    static Dataset<Row> symmetricRatings(SparkSession spark, Path parquet, double scale) {
        Dataset<Row> d = spark.read().parquet(parquet.toString());
        String v = "cast(value * " + scale + " as float) as value";
        Dataset<Row> forward = d.selectExpr("cast(i as int) as i", "cast(j as int) as j", v);
        Dataset<Row> backward = d.where("i <> j").selectExpr("cast(j as int) as i", "cast(i as int) as j", v);
        return forward.union(backward);
    }

    static Dataset<Row> heldOutFrame(SparkSession spark, int[][] pairs, double[] truth) {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < truth.length; k++) rows.add(RowFactory.create(pairs[0][k], pairs[1][k], truth[k]));
        StructType schema = new StructType().add("i", DataTypes.IntegerType).add("j", DataTypes.IntegerType).add("truth", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }

    static double alsRmse(ALSModel model, Dataset<Row> test) {
        Row r = model.transform(test).selectExpr("sqrt(avg(pow(prediction - truth, 2))) as rmse", "count(*) as k").first();
        return r.getDouble(0);
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
