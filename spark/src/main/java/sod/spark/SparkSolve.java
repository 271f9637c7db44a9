package sod.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import sod.SodInputException;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * The {@code spark-submit} entry point: GD or GD+SOD on the completion problem of a Parquet/CSV file of
 * observations (i, j, value), with sod's own solver on the driver and the operator on the executors.
 *
 * <pre>
 * spark-submit --class sod.spark.SparkSolve --jars sod-core.jar,openblas-linux-x86_64.jar \
 *   --driver-java-options "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED" \
 *   sod-spark.jar --observed hdfs://nn/obs.parquet --n 1000000 --rank 10 --iterations 500 --json run.json
 * </pre>
 *
 * Exit codes as {@code sod solve}: 0 converged, 1 stopped otherwise, 2 bad input.
 */
public final class SparkSolve {
    private SparkSolve() {}

    static final String USAGE = "usage: SparkSolve --observed PATH --rank R [--n N] [--master URL] [--partitions P]"
            + " [--format parquet|csv] [--header] [--method gd|sod] [--iterations K] [--step S] [--init-scale S] [--seed S]"
            + " [--delta D] [--residuals on-demand|eager] [--json FILE]";

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (SodInputException e) {
            System.err.println("sod: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; "));
            code = 2;
        }
        System.exit(code);
    }

    /** Runs a solve; returns the exit code. */
    static int run(String... args) {
        Map<String, String> o = parse(args);
        String path = required(o, "observed");
        int rank = Integer.parseInt(required(o, "rank"));
        SparkCompletion.Settings s = new SparkCompletion.Settings(path,
                ObservationInput.Format.valueOf(o.getOrDefault("format", "auto").toUpperCase(Locale.ROOT)), o.containsKey("header"),
                Integer.parseInt(o.getOrDefault("n", "0")), rank, Integer.parseInt(o.getOrDefault("partitions", "0")),
                "eager".equals(o.get("residuals")) ? SparkCompletionOperator.Residuals.EAGER : SparkCompletionOperator.Residuals.ON_DEMAND);
        SolverConfig config = SolverConfig.builder()
                .method("gd".equals(o.getOrDefault("method", "sod")) ? SolverConfig.Method.GD : SolverConfig.Method.SOD)
                .stepRule(SolverConfig.StepRule.ARMIJO).step(Double.parseDouble(o.getOrDefault("step", "1000")))
                .initScale(Double.parseDouble(o.getOrDefault("init-scale", "0.01")))
                .seed(Long.parseLong(o.getOrDefault("seed", "0")))
                .maxIterations(Integer.parseInt(o.getOrDefault("iterations", "3000")))
                .delta(Double.parseDouble(o.getOrDefault("delta", "NaN"))).build();
        if (config.method() == SolverConfig.Method.SOD && Double.isNaN(config.sod().delta()))
            System.err.println("sod: no --delta: SOD estimates the RIP constant by Monte Carlo (" + config.sod().deltaSamples()
                    + " distributed passes) at its first escape; give --delta D to skip that");
        Sessions.Started started = Sessions.start(o.get("master"), "sod SparkSolve");
        long t0 = System.nanoTime();
        Problem loaded;
        try {
            loaded = SparkCompletion.load(started.spark(), s, null, started.owned());
        } catch (RuntimeException e) {
            if (started.created()) started.spark().stop();
            throw e;
        }
        try (Problem problem = loaded; Solver solver = new Solver(config)) {
            double loadSeconds = (System.nanoTime() - t0) * 1e-9;
            System.err.printf(Locale.ROOT, "loaded %s in %.1f s%n", problem.name(), loadSeconds);
            Result r = solver.solve(problem);
            double perIteration = r.iterations() > 0 ? r.gdSeconds() / r.iterations() : Double.NaN;
            System.out.printf(Locale.ROOT, "result:      %s  h %.6e  relative residual %.4e  iterations %d  time %.2f s (%.3f s per iteration)%n",
                    r.status(), r.h(), r.relativeResidual(), r.iterations(), r.totalSeconds(), perIteration);
            System.out.printf(Locale.ROOT, "escapes:     %d%n", r.escapes().size());
            if (o.containsKey("json")) writeJson(Path.of(o.get("json")), problem, r, loadSeconds, perIteration);
            return r.status() == Result.Status.CONVERGED ? 0 : 1;
        }
    }

    private static void writeJson(Path file, Problem p, Result r, double loadSeconds, double perIteration) {
        String json = String.format(Locale.ROOT, "{\"problem\": \"%s\", \"n\": %d, \"m\": %d, \"rank\": %d, \"status\": \"%s\", \"h\": %s,"
                        + " \"relative_residual\": %s, \"iterations\": %d, \"escapes\": %d, \"seconds\": %s, \"load_seconds\": %s,"
                        + " \"seconds_per_iteration\": %s}%n",
                p.name().replace("\"", "'"), p.n(), p.m(), r.r(), r.status(), r.h(), r.relativeResidual(), r.iterations(), r.escapes().size(),
                r.totalSeconds(), loadSeconds, perIteration);
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            if (!a.startsWith("--")) throw new SodInputException("unexpected argument '" + a + "'; " + USAGE);
            String key = a.substring(2);
            if (key.equals("header")) {
                o.put(key, "true");
                continue;
            }
            if (key.equals("help")) throw new SodInputException(USAGE);
            if (k + 1 == args.length) throw new SodInputException(a + " needs a value; " + USAGE);
            o.put(key, args[++k]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) throw new SodInputException("--" + key + " is required; " + USAGE);
        return v;
    }
}
