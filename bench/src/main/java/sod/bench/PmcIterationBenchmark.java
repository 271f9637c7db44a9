package sod.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sod.operators.Objective;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.BatchSolver;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Group 7: PMC(n, 0.10), rank 1, at the sizes of the paper's table and beside them. Per gradient
 * evaluation: the operator's fused residual pass ({@code residualAndGradient}: both n x n passes and the
 * n^2 residual written), the objective a solver step uses (upper triangle, no residual), and the
 * objective's batch kernel advancing {@value #BATCH} points at once (time per point). Per iteration of a
 * real run: a warm {@link Solver} running {@value #ITERATIONS} GD iterations (every tolerance off, so
 * each iteration is a step with its stop tests, stall bookkeeping and distance to the truth), and a warm
 * {@link BatchSolver} running {@value #BATCH} such solves together (time per trial-iteration). The
 * operator has {@code threads} threads; the batch spreads its members over them. Points:
 * {@code 0.7 N(0,1)}, the paper's start.
 */
@Fork(1)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PmcIterationBenchmark {
    static final int BATCH = 50;
    static final int ITERATIONS = 400;

    @Param({"40", "80", "160"})
    int n;

    @Param({"1", "2"})
    int threads;

    Problem problem;
    Objective objective;
    double[] x, residual, grad;
    double[][] xs, grads;
    double[] losses;
    Solver solver;
    BatchSolver batch;
    List<double[]> starts;

    /** Plain GD for a fixed number of iterations: no tolerance, target or stall can end it early. */
    static SolverConfig fixedIterations() {
        return SolverConfig.paper().toBuilder().method(SolverConfig.Method.GD).targetDistance(Double.NaN)
                .gradientTolerance(0).decreaseTolerance(0).residualTolerance(0).maxIterations(ITERATIONS).build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        problem = Pmc.create(n, 0.10, threads);
        objective = problem.operator().objective(problem.b());
        x = new double[n];
        Solver.initialPoint(0.7, 1, x, n);
        residual = new double[problem.m()];
        grad = new double[n];
        xs = new double[BATCH][n];
        grads = new double[BATCH][n];
        starts = new ArrayList<>();
        for (int k = 0; k < BATCH; k++) {
            Solver.initialPoint(0.7, k, xs[k], n);
            starts.add(xs[k].clone());
        }
        losses = new double[BATCH];
        solver = new Solver(fixedIterations(), problem);
        batch = new BatchSolver(fixedIterations());
        Result r = solver.solve(problem, x);
        if (r.iterations() != ITERATIONS) throw new IllegalStateException("the solve ended early: " + r.status());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        solver.close();
        batch.close();
        problem.close();
    }

    @Benchmark
    public double fusedResidualPass() {
        return problem.operator().residualAndGradient(x, 1, problem.b(), residual, grad);
    }

    @Benchmark
    public double objective() {
        return objective.lossAndGradient(x, 1, grad);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double objectiveBatch() {
        objective.lossAndGradients(xs, 1, BATCH, grads, losses);
        return losses[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public double solverIteration() {
        return solver.solve(problem, x).h();
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS * BATCH)
    public double batchSolverIteration() {
        return batch.solveAll(problem, starts).getFirst().h();
    }
}
