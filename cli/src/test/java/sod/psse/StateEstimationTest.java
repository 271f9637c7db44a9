package sod.psse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.cli.Main;
import sod.io.Npy;
import sod.io.SparseSymmetricSet;
import sod.problems.GroundTruth;
import sod.problems.MeasurementWeights;
import sod.problems.Problem;
import sod.problems.SparseSensing;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Power-grid state estimation (the committed 14-bus export, full SCADA set, noise-free) solved by
 * gradient descent on the normalised problem from the flat start, through the library and through the
 * command line, scored by the Java port of {@code score.py} (the target: 1e-8 relative voltage error).
 */
class StateEstimationTest {
    static final Path CASE14 = Path.of("../core/src/test/resources/psse/case14");
    static final double TARGET = 1e-8;

    @TempDir
    Path dir;

    @Test
    void libraryRecoversTheVoltagesFromTheFlatStart() throws IOException {
        SparseSymmetricSet a = SparseSymmetricSet.read(CASE14.resolve("A.npz"), false);
        double[] b = Npy.readDoubles(CASE14.resolve("b.npy"));
        double[] truth = Npy.readDoubles(CASE14.resolve("x_true.npy"), 27, 1);
        double[] flat = Npy.readDoubles(CASE14.resolve("x_flat.npy"), 27, 1);
        double[] w = MeasurementWeights.normalizing(a);
        SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                .maxIterations(20000).build();
        try (Problem p = SparseSensing.problem("case14", a, b, w, new GroundTruth(truth, 1), 1, 1);
             Solver solver = new Solver(gd)) {
            Result result = solver.solve(p, flat, sod.solver.Listener.NONE);
            assertEquals(Result.Status.CONVERGED, result.status(), result.message());
            VoltageScore score = VoltageScore.of(VoltageScore.Grid.of(CASE14), result.x(), truth);
            assertTrue(score.relative() <= TARGET, "relative voltage error " + score.relative() + " after " + result.iterations());
        }
    }

    @Test
    void commandLineRecoversTheVoltagesFromTheFlatStart() throws IOException {
        Path x = dir.resolve("X.npy");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "solve",
                "--sensing", CASE14.resolve("A.npz").toString(), "--measurements", CASE14.resolve("b.npy").toString(),
                "--x0", CASE14.resolve("x_flat.npy").toString(), "--truth", CASE14.resolve("x_true.npy").toString(),
                "--rank", "1", "--normalize", "--method", "gd", "--iters", "20000", "--threads", "2", "--stream-gbps", "0",
                "--save-x", x.toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("CONVERGED"), out.toString());
        assertTrue(err.toString().contains("note: --normalize: each measurement divided by ||A_i||_F"), err.toString());
        double[] truth = Npy.readDoubles(CASE14.resolve("x_true.npy"), 27, 1);
        VoltageScore score = VoltageScore.of(VoltageScore.Grid.of(CASE14), Npy.readDoubles(x, 27, 1), truth);
        assertTrue(score.relative() <= TARGET, "relative voltage error " + score.relative() + "\n" + out);
    }
}
