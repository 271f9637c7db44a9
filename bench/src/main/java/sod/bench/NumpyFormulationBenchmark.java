package sod.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import sod.kernels.Kernels;
import sod.openblas.Blas;
import sod.openblas.OpenBlas;
import sod.problems.GaussianSensing;
import sod.problems.Problem;

/**
 * Group 3: the NumPy user's iteration on dense Gaussian sensing, n = 128, m = 2560, r = 4, written with
 * OpenBLAS through FFM over the unpacked m x n^2 float64 matrix (336 MB):
 * {@code M = X X^T; r = A vec(M) - b} (dgemm, dgemv), {@code G = A^T r} (second dgemv),
 * {@code grad = (G + G^T) X = 2 sym(G) X} (two small dgemms), {@code h = r.r/2}; beside sod's fused
 * iteration over packed float64 and float32 storage. OpenBLAS and sod get the same thread count.
 */
@Fork(1)
@Warmup(iterations = 4, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NumpyFormulationBenchmark {
    static final int N = 128, M = 2560, R = 4, N2 = N * N;

    @Param({"1", "2"})
    int threads;

    Arena arena;
    MemorySegment a, xs, gramFull, b, res, g, grad;
    Problem problem;
    double[] x, residual, gradient;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        OpenBlas.setThreads(threads);
        SplittableRandom random = new SplittableRandom(1);
        x = new double[N * R];
        for (int e = 0; e < x.length; e++) x[e] = 0.1 * random.nextGaussian();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.equals("twoDgemv")) {
            arena = Arena.ofShared();
            a = arena.allocate(8L * M * N2, 64);
            xs = arena.allocate(8L * N * R, 64);
            gramFull = arena.allocate(8L * N2, 64);
            b = arena.allocate(8L * M, 64);
            res = arena.allocate(8L * M, 64);
            g = arena.allocate(8L * N2, 64);
            grad = arena.allocate(8L * N * R, 64);
            // symmetric A_i with the same scaling as sod's Gaussian operator
            double off = Math.sqrt(1.0 / (2 * M)), diag = Math.sqrt(1.0 / M);
            for (int i = 0; i < M; i++) {
                long base = (long) i * N2;
                for (int p = 0; p < N; p++)
                    for (int q = p; q < N; q++) {
                        double v = random.nextGaussian() * (p == q ? diag : off);
                        a.setAtIndex(Kernels.F64_LE, base + (long) p * N + q, v);
                        a.setAtIndex(Kernels.F64_LE, base + (long) q * N + p, v);
                    }
            }
            for (int i = 0; i < M; i++) b.setAtIndex(Kernels.F64_LE, i, random.nextGaussian() * 0.01);
            for (int e = 0; e < x.length; e++) xs.setAtIndex(Kernels.F64_LE, e, x[e]);
        } else {
            problem = GaussianSensing.create(N, M, R, 7, threads, method.equals("fusedF32"));
            residual = new double[M];
            gradient = new double[N * R];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) arena.close();
        if (problem != null) problem.close();
    }

    /** Two passes over A by dgemv, as NumPy's {@code A @ v} and {@code A.T @ r} do. */
    @Benchmark
    public double twoDgemv() {
        Blas.dgemm(Blas.NO_TRANS, Blas.TRANS, N, N, R, 1.0, xs, xs, 0.0, gramFull);
        MemorySegment.copy(b, 0, res, 0, 8L * M);
        Blas.dgemv(Blas.NO_TRANS, M, N2, 1.0, a, gramFull, -1.0, res);
        Blas.dgemv(Blas.TRANS, M, N2, 1.0, a, res, 0.0, g);
        Blas.dgemm(Blas.NO_TRANS, Blas.NO_TRANS, N, R, N, 1.0, g, xs, 0.0, grad);
        Blas.dgemm(Blas.TRANS, Blas.NO_TRANS, N, R, N, 1.0, g, xs, 1.0, grad);
        return 0.5 * Blas.ddot(M, res, res);
    }

    @Benchmark
    public double fusedF64() {
        return problem.operator().residualAndGradient(x, R, problem.b(), residual, gradient);
    }

    @Benchmark
    public double fusedF32() {
        return problem.operator().residualAndGradient(x, R, problem.b(), residual, gradient);
    }
}
