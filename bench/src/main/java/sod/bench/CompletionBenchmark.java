package sod.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import sod.operators.Objective;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.Solver;

/**
 * Group 9: one gradient evaluation of symmetric matrix completion at scale, n = 10^5, 5 x 10^6 observed
 * pairs (uniform), r = 10 ({@code EntryWeightedSparse}): the objective a solver step uses (no residual)
 * and the operator's fused residual pass, on 1 and 2 threads, beside a streaming read on the same threads. The SciPy peer (prebuilt sparsity
 * pattern, {@code bench/peers/completion_scipy.py}) runs with {@code scripts/bench --numpy}.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 2000, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompletionBenchmark {
    static final int N = 100_000, M = 5_000_000, R = 10;

    @Param({"1", "2"})
    int threads;

    Problem problem;
    Objective objective;
    double[] x, grad, residual;
    Arena arena;
    MemorySegment streamData;
    long streamBytes;
    Streams.Parallel streams;

    /**
     * Size of the streaming reference: what the earlier two-pass objective moved (both passes' lists, 4 + 8
     * bytes per entry, X's rows gathered and G written). Kept fixed when the operator became one pass, so
     * that "stream time over its time" compares across jars; the one-pass objective moves fewer bytes.
     */
    static long objectiveBytes(int n, long m, int r) {
        long lower = m - n; // about: every pair but the diagonal ones (uniform sampling hits few)
        return 12L * m + 12L * lower + 8L * r * (m + lower + 2L * n);
    }

    @Setup(Level.Trial)
    public void setUp() {
        problem = Completion.create(N, R, M, Completion.Sampling.uniform(), 0.0, 7, threads);
        objective = problem.operator().objective(problem.b());
        x = new double[N * R];
        Solver.initialPoint(1 / Math.sqrt(N), 3, x, x.length);
        grad = new double[x.length];
        residual = new double[M];
        streamBytes = objectiveBytes(N, M, R) / 64 * 64;
        arena = Arena.ofShared();
        streamData = arena.allocate(streamBytes, 64);
        streamData.fill((byte) 1);
        streams = new Streams.Parallel(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        streams.close();
        arena.close();
        problem.close();
    }

    @Benchmark
    public double objective() {
        return objective.lossAndGradient(x, R, grad);
    }

    @Benchmark
    public double fusedResidualPass() {
        return problem.operator().residualAndGradient(x, R, problem.b(), residual, grad);
    }

    @Benchmark
    public double stream() {
        return streams.sum(streamData, 0, streamBytes);
    }
}
