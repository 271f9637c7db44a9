package sod.bench;

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
import sod.solver.Solver;

/**
 * Group 7: one gradient evaluation of PMC(n, 0.10), rank 1, single-threaded operator, at the sizes of
 * the paper's table and beside them: the operator's fused residual pass ({@code residualAndGradient}:
 * both n x n passes and the n^2 residual written), the objective a solver step uses (upper triangle, no
 * residual), and the objective's batch kernel advancing {@value #BATCH} points at once (the time is per
 * point). Points: {@code 0.7 N(0,1)}, the paper's start.
 */
@Fork(1)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PmcIterationBenchmark {
    static final int BATCH = 50;

    @Param({"40", "80", "160"})
    int n;

    Problem problem;
    Objective objective;
    double[] x, residual, grad;
    double[][] xs, grads;
    double[] losses;

    @Setup(Level.Trial)
    public void setUp() {
        problem = Pmc.create(n, 0.10, 1);
        objective = problem.operator().objective(problem.b());
        x = new double[n];
        Solver.initialPoint(0.7, 1, x, n);
        residual = new double[problem.m()];
        grad = new double[n];
        xs = new double[BATCH][n];
        grads = new double[BATCH][n];
        for (int k = 0; k < BATCH; k++) Solver.initialPoint(0.7, k, xs[k], n);
        losses = new double[BATCH];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
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
}
