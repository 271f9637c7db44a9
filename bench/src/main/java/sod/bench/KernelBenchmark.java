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
import sod.kernels.Kernels;
import sod.kernels.ScalarKernels;

/**
 * Vector kernels against their scalar twins on L2-sized, 64-byte-aligned off-heap data (one packed
 * n = 128 matrix is 8256 doubles). Run with {@code -jvmArgsAppend -Dsod.vector.bits=128} etc. to
 * compare widths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class KernelBenchmark {

    @Param({"8256"})
    int len;

    Arena arena;
    MemorySegment a, af, x, y;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        a = arena.allocate(8L * 4 * len, 64);
        af = arena.allocate(4L * 4 * len, 64);
        x = arena.allocate(8L * len, 64);
        y = arena.allocate(8L * len, 64);
        for (long e = 0; e < 4L * len; e++) {
            a.setAtIndex(Kernels.F64_LE, e, Math.sin(e));
            af.setAtIndex(Kernels.F32_LE, e, (float) Math.cos(e));
        }
        for (long e = 0; e < len; e++) x.setAtIndex(Kernels.F64_LE, e, Math.cos(0.5 * e));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
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
    public double dotF32() {
        return Kernels.dotF32(af, 0, x, 0, len);
    }

    @Benchmark
    public void axpy() {
        Kernels.axpy(1e-9, a, 0, y, 0, len);
    }

    @Benchmark
    public void axpyScalar() {
        ScalarKernels.axpy(1e-9, a, 0, y, 0, len);
    }

    /** Four measurements into G in one sweep; compare with 4 x {@link #axpy}. */
    @Benchmark
    public void axpy4() {
        Kernels.axpy4(1e-9, 0, 2e-9, len, 3e-9, 2L * len, 4e-9, 3L * len, a, y, 0, len);
    }

    @Benchmark
    public void axpy4F32() {
        Kernels.axpy4F32(1e-9, 0, 2e-9, len, 3e-9, 2L * len, 4e-9, 3L * len, af, y, 0, len);
    }
}
