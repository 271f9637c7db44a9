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
 * Group 1: the streaming kernels of the fused iteration, each against its scalar twin and against
 * OpenBLAS through FFM, with the working set in L1, L2, L3 or DRAM ({@link Levels}); 64-byte-aligned
 * off-heap data. {@code dot} is compared with {@code ddot}; {@code axpy4} (y += four scaled rows, the
 * adjoint update of four measurements) with {@code dgemv} on the 4 x len matrix transposed, which is
 * the same operation. {@link #stream} reads the dot's bytes once: the bandwidth ceiling.
 */
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelBenchmark {

    @Param({"L1", "L2", "L3", "DRAM"})
    String level;

    int len, len4;
    Arena arena;
    MemorySegment ax, a, x, af, rows, rowsF, y, alphas;

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        len = Levels.dotLength(level);
        len4 = Levels.axpy4Length(level);
        arena = Arena.ofConfined();
        ax = arena.allocate(16L * len, 64);
        a = ax.asSlice(0, 8L * len);
        x = ax.asSlice(8L * len, 8L * len);
        af = arena.allocate(4L * len, 64);
        rows = arena.allocate(32L * len4, 64);
        rowsF = arena.allocate(16L * len4, 64);
        y = arena.allocate(8L * len4, 64);
        alphas = arena.allocate(32, 64);
        for (long e = 0; e < 2L * len; e++) ax.setAtIndex(Kernels.F64_LE, e, (e % 1021) * 1e-3 - 0.5);
        for (long e = 0; e < len; e++) af.setAtIndex(Kernels.F32_LE, e, (float) ((e % 1019) * 1e-3 - 0.5));
        for (long e = 0; e < 4L * len4; e++) {
            rows.setAtIndex(Kernels.F64_LE, e, (e % 1013) * 1e-3 - 0.5);
            rowsF.setAtIndex(Kernels.F32_LE, e, (float) ((e % 1009) * 1e-3 - 0.5));
        }
        for (int k = 0; k < 4; k++) alphas.setAtIndex(Kernels.F64_LE, k, (k + 1) * 1e-9);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double stream() {
        return Streams.sum(ax, 0, 16L * len);
    }

    @Benchmark
    public double dot() {
        return Kernels.dot(a, 0, x, 0, len);
    }

    @Benchmark
    public double dotScalar() {
        return ScalarKernels.dot(a, 0, x, 0, len);
    }

    @Benchmark
    public double ddotBlas() {
        return Blas.ddot(len, a, x);
    }

    @Benchmark
    public double dotF32() {
        return Kernels.dotF32(af, 0, x, 0, len);
    }

    @Benchmark
    public double dotF32Scalar() {
        return ScalarKernels.dotF32(af, 0, x, 0, len);
    }

    @Benchmark
    public void axpy4() {
        Kernels.axpy4(1e-9, 0, 2e-9, len4, 3e-9, 2L * len4, 4e-9, 3L * len4, rows, y, 0, len4);
    }

    @Benchmark
    public void axpy4Scalar() {
        ScalarKernels.axpy4(1e-9, 0, 2e-9, len4, 3e-9, 2L * len4, 4e-9, 3L * len4, rows, y, 0, len4);
    }

    /** y += A^T alpha with A the same four rows (4 x len4, row-major): the BLAS form of axpy4. */
    @Benchmark
    public void dgemvBlas() {
        Blas.dgemv(Blas.TRANS, 4, len4, 1.0, rows, alphas, 1.0, y);
    }

    @Benchmark
    public void axpy4F32() {
        Kernels.axpy4F32(1e-9, 0, 2e-9, len4, 3e-9, 2L * len4, 4e-9, 3L * len4, rowsF, y, 0, len4);
    }

    @Benchmark
    public void axpy4F32Scalar() {
        ScalarKernels.axpy4F32(1e-9, 0, 2e-9, len4, 3e-9, 2L * len4, 4e-9, 3L * len4, rowsF, y, 0, len4);
    }

    /** Bytes moved by one call, for the bandwidth columns of the report. */
    static long bytes(String method, String level) {
        long len = Levels.dotLength(level), len4 = Levels.axpy4Length(level);
        return switch (method) {
            case "stream", "dot", "dotScalar", "ddotBlas" -> 16 * len;
            case "dotF32", "dotF32Scalar" -> 12 * len;
            case "axpy4", "axpy4Scalar", "dgemvBlas" -> 48 * len4;
            case "axpy4F32", "axpy4F32Scalar" -> 32 * len4;
            default -> 0;
        };
    }
}
