package sod.bench;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
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
import sod.kernels.Kernels;
import sod.operators.DenseSymmetricOperator;
import sod.operators.Precision;
import sod.operators.SensingOperator;

/**
 * One fused gradient-descent iteration ({@code residualAndGradient}) of dense Gaussian sensing, beside
 * a single-threaded streaming dot over the same stored bytes (the bandwidth reference, measured in the
 * same fork). Effective bandwidth = {@code bytesPerIteration / time}; compare with {@code streamStorage}
 * at the same thread count (1 thread here; run with threads=2 for the two-core fused figure).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms2g", "-Xmx2g"})
public class SensingIterationBenchmark {

    @Param({"128"})
    int n;

    @Param({"2560"})
    int m;

    @Param({"4"})
    int r;

    @Param({"1", "2"})
    int threads;

    @Param({"FLOAT64", "FLOAT32"})
    Precision precision;

    DenseSymmetricOperator op;
    MemorySegment storage;
    double[] x, b, residual, grad;

    @Setup(Level.Trial)
    public void setUp() {
        op = DenseSymmetricOperator.gaussian(n, m, 7, precision, threads);
        storage = op.storage();
        SplittableRandom random = new SplittableRandom(1);
        x = new double[n * r];
        for (int e = 0; e < x.length; e++) x[e] = 0.1 * random.nextGaussian();
        b = new double[m];
        residual = new double[m];
        grad = new double[n * r];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        op.close();
    }

    @Benchmark
    public double fusedIteration() {
        return ((SensingOperator) op).residualAndGradient(x, r, b, residual, grad);
    }

    /** Reads the stored bytes once (as doubles, on the benchmark thread only). */
    @Benchmark
    public double streamStorage() {
        long doubles = storage.byteSize() / 8;
        return Kernels.dot(storage, 0, storage, 0, (int) doubles);
    }
}
