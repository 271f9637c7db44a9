package sod.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
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
import sod.openblas.OpenBlas;

/**
 * Group 5, the pure-Java peer on the matrices of {@link EigenBenchmark}: EJML 0.44's symmetric
 * eigendecomposition (Householder tridiagonalisation + implicit QR, with vectors), the library a Java
 * user would pick. Single-threaded; up to n = 1000 (O(n^3): about 8x that at n = 2000).
 */
@Fork(1)
@Warmup(iterations = 1, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EjmlBenchmark {
    @Param({"50", "200", "500", "1000"})
    int n;

    double[] matrix;
    DMatrixRMaj input, work;
    EigenDecomposition_F64<DMatrixRMaj> ejml;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        matrix = Matrices.planted(n, 42);
        input = new DMatrixRMaj(n, n, true, matrix);
        work = new DMatrixRMaj(n, n);
        ejml = DecompositionFactory_DDRM.eig(n, true, true);
    }

    @Benchmark
    public double ejmlFull() {
        work.setTo(input);
        if (!ejml.decompose(work)) throw new IllegalStateException("EJML failed");
        return ejml.getEigenvalue(0).real;
    }
}
