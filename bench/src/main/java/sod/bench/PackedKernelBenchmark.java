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
import sod.kernels.Kernels;
import sod.kernels.ScalarKernels;
import sod.openblas.Blas;
import sod.openblas.OpenBlas;

/**
 * Group 1, the small dense products around the sweep: the packed Gram {@code X X^T} (doubled
 * off-diagonals) and {@code G X} for packed symmetric G, k = 4, against their scalar twins and
 * against {@code dgemm} on the full n x n matrices (what a BLAS user calls; twice the bytes and flops
 * of the packed forms). n is chosen so the packed matrix fills about half of L1, L2, L3, or DRAM.
 */
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PackedKernelBenchmark {
    static final int K = 4;

    @Param({"L1", "L2", "L3", "DRAM"})
    String level;

    int n;
    Arena arena;
    MemorySegment xt, xRowMajor, packed, full, outT, outFull;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        n = Levels.packedN(level);
        arena = Arena.ofConfined();
        xt = arena.allocate(8L * K * n, 64);
        xRowMajor = arena.allocate(8L * K * n, 64);
        packed = arena.allocate(8L * Kernels.packedLength(n), 64);
        full = arena.allocate(8L * n * n, 64);
        outT = arena.allocate(8L * K * n, 64);
        outFull = arena.allocate(8L * K * n, 64);
        for (int j = 0; j < K; j++)
            for (int p = 0; p < n; p++) {
                double v = Math.sin(0.37 * p + j);
                xt.setAtIndex(Kernels.F64_LE, (long) j * n + p, v);
                xRowMajor.setAtIndex(Kernels.F64_LE, (long) p * K + j, v);
            }
        for (int p = 0; p < n; p++)
            for (int q = p; q < n; q++) {
                double v = Math.cos(0.01 * p * q + q);
                packed.setAtIndex(Kernels.F64_LE, Kernels.packedRowStart(n, p) + q - p, v);
                full.setAtIndex(Kernels.F64_LE, (long) p * n + q, v);
                full.setAtIndex(Kernels.F64_LE, (long) q * n + p, v);
            }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void gram() {
        Kernels.packedSymProduct(xt, xt, n, K, packed);
    }

    @Benchmark
    public void gramScalar() {
        ScalarKernels.packedSymProduct(xt, xt, n, K, packed);
    }

    /** X X^T into the full n x n matrix by dgemm (X row-major n x k). */
    @Benchmark
    public void gramDgemm() {
        Blas.dgemm(Blas.NO_TRANS, Blas.TRANS, n, n, K, 1.0, xRowMajor, xRowMajor, 0.0, full);
    }

    @Benchmark
    public void symTimes() {
        Kernels.packedSymTimes(packed, n, xt, K, outT);
    }

    @Benchmark
    public void symTimesScalar() {
        ScalarKernels.packedSymTimes(packed, n, xt, K, outT);
    }

    /** G X with the full G by dgemm. */
    @Benchmark
    public void symTimesDgemm() {
        Blas.dgemm(Blas.NO_TRANS, Blas.NO_TRANS, n, K, n, 1.0, full, xRowMajor, 0.0, outFull);
    }
}
