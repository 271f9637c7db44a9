package sod.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.cli.Main;
import sod.operators.EntryWeightedSparse;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * The entry points: {@code sod solve --engine spark} finds the engine through ServiceLoader and gives the
 * single-machine {@code sod solve --observed FILE.mtx} result on the same observations; {@code SparkSolve}
 * (the spark-submit main) gives the result of sod's Solver with its settings on the single machine.
 */
class EntryPointsTest {
    static final int N = 500, R = 2, M = 9000;

    @TempDir
    static Path dir;
    static Problem reference;
    static Path csv, mtx;

    @BeforeAll
    static void write() throws IOException {
        reference = TestData.reference(N, R, M, 0.01, 5);
        csv = dir.resolve("obs.csv");
        TestData.writeCsv(reference, csv);
        mtx = dir.resolve("obs.mtx");
        EntryWeightedSparse op = (EntryWeightedSparse) reference.operator();
        try (Writer w = Files.newBufferedWriter(mtx)) {
            w.write("%%MatrixMarket matrix coordinate real symmetric\n" + N + " " + N + " " + M + "\n");
            for (int k = 0; k < M; k++) w.write((op.col(k) + 1) + " " + (op.row(k) + 1) + " " + reference.b()[k] + "\n");
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static String[] sod(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static String jsonNumber(Path json, String key) throws IOException {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+NaInfity]+)").matcher(Files.readString(json));
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }

    @Test
    void sodSolveWithTheSparkEngineIsTheSingleMachineSolve() throws IOException {
        Path one = dir.resolve("one.json"), spark = dir.resolve("spark.json");
        String[] common = {"--rank", "2", "--method", "gd", "--iters", "40", "-q", "--stream-gbps", "0"};
        String[] a = sod(concat(new String[] {"solve", "--observed", mtx.toString(), "--threads", "1", "--json", one.toString()}, common));
        String[] b = sod(concat(new String[] {"solve", "--engine", "spark", "--master", "local[2]", "--observed", csv.toString(),
                "--engine-opt", "header=true", "--engine-opt", "partitions=3", "--json", spark.toString()}, common));
        assertEquals(a[0], b[0], "exit code; spark stderr: " + b[2]);
        assertTrue(b[1].contains("completion(spark"), b[1]);
        assertEquals(jsonNumber(one, "h"), jsonNumber(spark, "h"), "h");
        assertEquals(jsonNumber(one, "iterations"), jsonNumber(spark, "iterations"), "iterations");
    }

    @Test
    void sparkSolveMainIsTheSolverOnOneMachine() throws IOException {
        Path json = dir.resolve("submit.json");
        int code = SparkSolve.run("--observed", csv.toString(), "--header", "--rank", "2", "--n", String.valueOf(N),
                "--method", "gd", "--iterations", "40", "--partitions", "2", "--json", json.toString());
        SolverConfig config = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                .initScale(0.01).seed(0).maxIterations(40).build();
        Result r;
        try (Solver solver = new Solver(config)) {
            r = solver.solve(new Problem("reference", reference.operator(), reference.b(), R, null, 0));
        }
        assertEquals(r.status() == Result.Status.CONVERGED ? 0 : 1, code);
        assertEquals(Double.parseDouble(jsonNumber(json, "h")), r.h(), 0.0, "h");
        assertEquals(String.valueOf(r.iterations()), jsonNumber(json, "iterations"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
