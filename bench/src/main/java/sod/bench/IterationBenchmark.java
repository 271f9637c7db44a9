package sod.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import sod.solver.Solver;
import sod.problems.Problem;

/**
 * Group 2: one gradient-descent iteration ({@code residualAndGradient}: residual, h and gradient in
 * one call) per operator kind ({@link Operators}), on 1 and 2 threads, beside {@link #stream}, a
 * streaming read of exactly {@code bytesPerIteration} bytes on the same number of threads in the same
 * fork. Effective bandwidth = bytes / time; its fraction of the stream figure is the efficiency.
 */
@Fork(1)
@Warmup(iterations = 4, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IterationBenchmark {

    @Param({"dense64", "dense32", "pmc", "completion", "rankOne"})
    String kind;

    @Param({"1", "2"})
    int threads;

    Problem problem;
    int r;
    double[] x, residual, grad;
    Arena arena;
    MemorySegment streamData;
    long streamBytes;
    Streams.Parallel streams;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        problem = Operators.create(kind, threads);
        r = problem.rank();
        x = new double[problem.n() * r];
        Solver.initialPoint(0.1, 1, x, x.length);
        if (problem.operator().bytesPerIteration(r) != Report.iterationBytes(kind))
            throw new IllegalStateException("Report.iterationBytes(" + kind + ") is out of date: the operator streams "
                    + problem.operator().bytesPerIteration(r) + " bytes per iteration");
        residual = new double[problem.m()];
        grad = new double[x.length];
        streamBytes = problem.operator().bytesPerIteration(r) / 64 * 64;
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
    public double iteration() {
        return problem.operator().residualAndGradient(x, r, problem.b(), residual, grad);
    }

    @Benchmark
    public double stream() {
        return streams.sum(streamData, 0, streamBytes);
    }
}
