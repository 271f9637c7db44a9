package sod.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * sod's own solver, unchanged, on the distributed operator: a short GD+SOD run (backtracking GD, a stall,
 * the SOD check with Lanczos on the driver, probes, the final classification) gives bitwise the result
 * of the same run on the single-machine operator, whatever the partition count, with residuals filled
 * on demand or eagerly, and when a task fails once and Spark retries it.
 */
class SparkSolverTest {
    static final int N = 600, R = 2, M = 16000;

    @TempDir
    static Path dir;
    static Problem reference;
    static Path data;
    static Result expected;

    /** Fails the first attempt of partition 1 of the first evaluation and of the first map product. */
    static final AtomicInteger evaluateFailures = new AtomicInteger(), mapFailures = new AtomicInteger();

    static SolverConfig config() {
        return SolverConfig.builder().method(SolverConfig.Method.SOD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                .initScale(0.01).seed(3).maxIterations(400).stallMinIterations(60).stallWindow(60).stallCheckInterval(20)
                .delta(0.5).build();
    }

    @BeforeAll
    static void solveOnOneMachine() {
        // few observations per row (27): GD stalls above the noise floor and the escape machinery runs
        reference = TestData.reference(N, R, M, 0.05, 11);
        data = dir.resolve("obs.csv");
        TestData.writeCsv(reference, data);
        // without the truth, as the Spark problem (no distance-based stop, the same messages)
        Problem blind = new Problem("reference", reference.operator(), reference.b(), R, null, 0);
        try (Solver solver = new Solver(config())) {
            expected = solver.solve(blind);
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    Result solveOnSpark(int partitions, SparkCompletionOperator.Residuals residuals, TaskHook hook) {
        SparkCompletion.Settings s = SparkCompletion.Settings.of(data.toString(), N, R).withPartitions(partitions)
                .withFormat(ObservationInput.Format.CSV, true).withResiduals(residuals);
        try (Problem p = SparkCompletion.load(TestSpark.session(), s, hook, null); Solver solver = new Solver(config())) {
            return solver.solve(p);
        }
    }

    static void assertSameRun(Result a, Result b) {
        assertEquals(a.status(), b.status(), "status");
        assertEquals(a.iterations(), b.iterations(), "iterations");
        assertEquals(Double.doubleToRawLongBits(a.h()), Double.doubleToRawLongBits(b.h()), "h " + a.h() + " vs " + b.h());
        assertArrayEquals(a.x(), b.x(), "X");
        assertEquals(a.escapes().size(), b.escapes().size(), "escape attempts");
        for (int k = 0; k < a.escapes().size(); k++) {
            Escape e = a.escapes().get(k), f = b.escapes().get(k);
            assertEquals(e.kind(), f.kind(), "escape " + k);
            assertEquals(Double.doubleToRawLongBits(e.lambdaMin()), Double.doubleToRawLongBits(f.lambdaMin()), "lambda of escape " + k);
            assertEquals(Double.doubleToRawLongBits(e.hAfter()), Double.doubleToRawLongBits(f.hAfter()), "h after escape " + k);
        }
        assertEquals(a.verdict(), b.verdict(), "verdict");
    }

    @Test
    void referenceRunExercisesTheEscape() {
        System.out.println("reference run: " + expected.status() + ", " + expected.iterations() + " iterations, h " + expected.h()
                + ", escapes " + expected.escapes().stream().map(e -> e.kind().toString()).toList() + ", verdict " + expected.verdict());
        assertTrue(expected.escapes().size() >= 1, "the run makes an escape attempt: " + expected.message());
    }

    @Test
    void gdPlusSodOnThreePartitionsIsTheSingleMachineRun() {
        assertSameRun(expected, solveOnSpark(3, SparkCompletionOperator.Residuals.ON_DEMAND, null));
    }

    @Test
    void eagerResidualsOnTwoPartitionsGiveTheSameRun() {
        assertSameRun(expected, solveOnSpark(2, SparkCompletionOperator.Residuals.EAGER, null));
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndChangesNothing() {
        TaskHook failOnce = pass -> {
            TaskContext c = TaskContext.get();
            if (c.partitionId() != 1 || c.attemptNumber() != 0) return;
            AtomicInteger counter = pass.equals("evaluate") ? evaluateFailures : pass.equals("map") ? mapFailures : null;
            if (counter != null && counter.compareAndSet(0, 1)) throw new IllegalStateException("injected failure in " + pass);
        };
        Result r = solveOnSpark(3, SparkCompletionOperator.Residuals.ON_DEMAND, failOnce);
        assertEquals(1, evaluateFailures.get(), "an evaluation task failed once");
        assertEquals(1, mapFailures.get(), "a Lanczos product task failed once");
        assertSameRun(expected, r);
    }
}
