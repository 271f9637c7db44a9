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
import sod.openblas.SymmetricEigen;

/**
 * Group 5, LAPACK through FFM: the smallest eigenpair ({@code dsyevr} RANGE='I', IL = IU = 1) against
 * the full decomposition, for the planted matrices of
 * {@link Matrices#planted}, on one OpenBLAS thread ({@link EigenTwoThreadsBenchmark}: two). See
 * {@link EigenJavaBenchmark} and {@link EjmlBenchmark} for the pure-Java peers.
 */
@Fork(1)
@Warmup(iterations = 2, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EigenBenchmark {
    @Param({"50", "200", "500", "1000", "2000"})
    int n;

    @Param({"1"})
    int blasThreads;

    double[] matrix, vector, values, vectors;
    SymmetricEigen eigen;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(blasThreads);
        matrix = Matrices.planted(n, 42);
        vector = new double[n];
        values = new double[n];
        vectors = new double[n * n];
        eigen = new SymmetricEigen(n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        eigen.close();
    }

    @Benchmark
    public double smallestPair() {
        return eigen.smallest(matrix, n, vector);
    }

    @Benchmark
    public double fullDecomposition() {
        eigen.decompose(matrix, n, values, vectors);
        return values[0];
    }
}
