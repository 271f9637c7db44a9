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
import sod.solver.spectral.Lanczos;

/**
 * Group 5: sod's thick-restart {@link Lanczos} for the smallest pair of the matrices of
 * {@link EigenBenchmark} (basis 30, relative tolerance 1e-10, products by a plain dense Java mat-vec),
 * single-threaded. See {@link EjmlBenchmark} for the pure-Java full decomposition.
 */
@Fork(1)
@Warmup(iterations = 2, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EigenJavaBenchmark {
    @Param({"50", "200", "500", "1000", "2000"})
    int n;

    double[] matrix, vector;
    Lanczos lanczos;
    Lanczos.SymmetricMap map;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        matrix = Matrices.planted(n, 42);
        vector = new double[n];
        lanczos = new Lanczos(n, 30);
        map = (x, y) -> {
            for (int i = 0; i < n; i++) {
                double s = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) s += matrix[row + j] * x[j];
                y[i] = s;
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (lanczos != null) lanczos.close();
    }

    @Benchmark
    public double lanczosSmallest() {
        Lanczos.Outcome outcome = lanczos.smallest(map, vector, false, 1e-10, 50 * n, 3);
        if (!outcome.converged()) throw new IllegalStateException("Lanczos did not converge: " + outcome);
        return outcome.value();
    }
}
