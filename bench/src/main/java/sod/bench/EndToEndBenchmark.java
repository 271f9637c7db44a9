package sod.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import sod.openblas.OpenBlas;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Group 6: one large solve per operator kind ({@link Operators}), {@value #ITERATIONS} GD iterations
 * through {@link Solver} on 2 operator threads (the whole loop: gradient, step, stall bookkeeping,
 * distance to the truth). The step is tiny so that no problem diverges: this measures throughput,
 * not convergence. Iterations/s = {@value #ITERATIONS} / time.
 */
@Fork(1)
@Warmup(iterations = 4, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EndToEndBenchmark {
    static final int ITERATIONS = 20;

    @Param({"dense64", "dense32", "pmc", "completion", "rankOne"})
    String kind;

    Problem problem;
    Solver solver;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        problem = Operators.create(kind, 2);
        solver = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).step(1e-7).initScale(0.1)
                .maxIterations(ITERATIONS).targetDistance(Double.MIN_VALUE).build());
        Result first = solver.solve(problem);
        if (first.iterations() != ITERATIONS)
            throw new IllegalStateException(kind + ": solve stopped after " + first.iterations() + " iterations: " + first.status());
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
