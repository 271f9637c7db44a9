package sod.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import sod.openblas.OpenBlas;
import sod.openblas.SymmetricEigen;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Smallest eigenpair (dsyevr RANGE='I') against the full decomposition, through FFM. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EigenBenchmark {
    @Param({"100", "500", "1000"})
    int n;

    @Param({"1"})
    int blasThreads;

    double[] matrix, vector, values, vectors;
    SymmetricEigen eigen;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(blasThreads);
        SplittableRandom rnd = new SplittableRandom(42);
        matrix = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian();
                matrix[i * n + j] = v;
                matrix[j * n + i] = v;
            }
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
