package sod.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sod.experiment.Names;
import sod.openblas.OpenBlas;
import sod.problems.GaussianSensing;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Time to a relative error {@code ||X X^T - M*||_F / ||M*||_F < 1e-8} of each local method on dense
 * Gaussian sensing n = 128, m = 2560, r = 4 (packed float64, 1 operator thread, the {@code dense64}
 * problem of {@link Operators}), from the same small start {@code X0 = 0.01 N(0,1)} (seed 7): one whole
 * solve per operation, in one fork so that the methods' times are same-run ratios. Gradient descent
 * uses sod's default backtracking rule for such data (Armijo from at most 1000). The setup checks that
 * every method reaches the target and prints its iteration count.
 */
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LocalMethodBenchmark {
    static final double TARGET = 1e-8;

    @Param({"gd", "lm", "trust-region", "scaled-gd"})
    String local;

    Problem problem;
    Solver solver;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        problem = GaussianSensing.create(128, 2560, 4, 7, 1, false);
        solver = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).local(Names.local(local))
                .stepRule(SolverConfig.StepRule.ARMIJO).step(1000).initScale(0.01).seed(7).maxIterations(100_000)
                .timeBudgetSeconds(300).targetRelative(TARGET).build());
        Result first = solver.solve(problem);
        if (first.status() != Result.Status.TARGET_REACHED)
            throw new IllegalStateException(local + ": " + first.status() + ", " + first.message());
        System.out.printf("%n%s: %d iterations to relative error %.1e, relative residual %.2e%n", local, first.iterations(),
                first.relativeDistance(), first.relativeResidual());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        solver.close();
        problem.close();
    }

    @Benchmark
    public Result solve() {
        return solver.solve(problem);
    }
}
