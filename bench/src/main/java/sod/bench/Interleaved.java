package sod.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import sod.openblas.OpenBlas;
import sod.operators.DenseSymmetricOperator;
import sod.operators.Objective;
import sod.kernels.SparsePairKernels;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.Solver;

/**
 * Same-run ratios on a shared, noisy machine: JMH runs its benchmarks one after another, minutes apart,
 * so a neighbour's load lands on one figure and not on its reference. This driver times the contenders
 * of one comparison in alternation, one call each per round, for many rounds in one JVM, and prints the
 * median and minimum of each (one JSON line per contender) and the ratio of the medians of the rounds.
 * Outside JMH; warm-up rounds first. Arguments: {@code CASE THREADS ROUNDS}, CASE one of
 * <ul>
 *   <li>{@code dense}: the dense Gaussian iteration (n 128, m 2560, r 4) in float64 and float32, a
 *       streaming read of each operator's own storage ({@code streamOwn64}, {@code streamOwn32}) and the
 *       plain streaming read of the float64 operator's bytes ({@code IterationBenchmark}'s problems);</li>
 *   <li>{@code completion}: completion n = 10^5, 5 x 10^6 pairs, r = 10 ({@code CompletionBenchmark}'s):
 *       the objective, the same without the kernel's touch of the next row's gathered rows
 *       ({@code objectiveNoTouch}), the fused residual pass, and a streaming read of the objective's bytes.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar sod.bench.Interleaved dense 1 40}.
 */
public final class Interleaved {
    private Interleaved() {
    }

    public static void main(String[] args) {
        String which = args[0];
        int threads = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
        OpenBlas.setThreads(1);
        Map<String, DoubleSupplier> contenders = new LinkedHashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        long streamBytes;
        switch (which) {
            case "dense" -> {
                Problem p64 = Operators.create("dense64", threads), p32 = Operators.create("dense32", threads);
                open.add(p64);
                open.add(p32);
                int r = p64.rank();
                double[] x = new double[p64.n() * r], res = new double[p64.m()], g = new double[x.length];
                Solver.initialPoint(0.1, 1, x, x.length);
                contenders.put("dense64", () -> p64.operator().residualAndGradient(x, r, p64.b(), res, g));
                contenders.put("dense32", () -> p32.operator().residualAndGradient(x, r, p32.b(), res, g));
                // Streaming reads of each operator's own storage (its pages: huge pages where the operator
                // got them, which the plain "stream" below does not), for the fraction of its own bytes.
                Streams.Parallel ownStreams = new Streams.Parallel(threads);
                open.add(ownStreams);
                for (Problem p : new Problem[] {p64, p32}) {
                    MemorySegment own = ((DenseSymmetricOperator) p.operator()).storage();
                    long ownBytes = p.operator().bytesPerIteration(r) / 64 * 64;
                    contenders.put(p == p64 ? "streamOwn64" : "streamOwn32", () -> ownStreams.sum(own, 0, ownBytes));
                }
                streamBytes = p64.operator().bytesPerIteration(r) / 64 * 64;
            }
            case "completion" -> {
                int n = CompletionBenchmark.N, m = CompletionBenchmark.M, r = CompletionBenchmark.R;
                Problem p = Completion.create(n, r, m, Completion.Sampling.uniform(), 0.0, 7, threads);
                open.add(p);
                Objective o = p.operator().objective(p.b());
                double[] x = new double[n * r], g = new double[x.length], res = new double[m];
                Solver.initialPoint(1 / Math.sqrt(n), 3, x, x.length);
                contenders.put("objective", () -> o.lossAndGradient(x, r, g));
                // the register kernel without touching the next row's gathered rows first (the kernel before it)
                contenders.put("objectiveNoTouch", () -> {
                    SparsePairKernels.touchAhead(0);
                    double h = o.lossAndGradient(x, r, g);
                    SparsePairKernels.touchAhead(1);
                    return h;
                });
                contenders.put("fused", () -> p.operator().residualAndGradient(x, r, p.b(), res, g));
                streamBytes = CompletionBenchmark.objectiveBytes(n, m, r) / 64 * 64;
            }
            default -> throw new IllegalArgumentException("case must be dense or completion, got " + which);
        }
        Arena arena = Arena.ofShared();
        MemorySegment data = arena.allocate(streamBytes, 64);
        data.fill((byte) 1);
        Streams.Parallel streams = new Streams.Parallel(threads);
        final long bytes = streamBytes;
        contenders.put("stream", () -> streams.sum(data, 0, bytes));

        String[] names = contenders.keySet().toArray(String[]::new);
        double[][] ms = new double[names.length][rounds];
        double sink = 0;
        int warm = Math.max(3, rounds / 5);
        for (int k = -warm; k < rounds; k++) {
            for (int c = 0; c < names.length; c++) {
                long t0 = System.nanoTime();
                sink += contenders.get(names[c]).getAsDouble();
                long t1 = System.nanoTime();
                if (k >= 0) ms[c][k] = (t1 - t0) * 1e-6;
            }
        }
        double[] medians = new double[names.length];
        for (int c = 0; c < names.length; c++) {
            double[] v = ms[c].clone();
            Arrays.sort(v);
            medians[c] = v[rounds / 2];
            System.out.println(String.format(Locale.ROOT,
                    "{\"case\": \"%s\", \"threads\": %d, \"name\": \"%s\", \"rounds\": %d, \"median_ms\": %.4f, \"min_ms\": %.4f}",
                    which, threads, names[c], rounds, medians[c], v[0]));
        }
        // per-round ratios against the last contender (the stream), then their median
        for (int c = 0; c < names.length - 1; c++) {
            double[] ratio = new double[rounds];
            for (int k = 0; k < rounds; k++) ratio[k] = ms[names.length - 1][k] / ms[c][k];
            Arrays.sort(ratio);
            System.out.println(String.format(Locale.ROOT,
                    "{\"case\": \"%s\", \"threads\": %d, \"name\": \"%s\", \"stream_time_over_its_time_median_of_rounds\": %.3f, \"stream_bytes\": %d}",
                    which, threads, names[c], ratio[rounds / 2], bytes));
        }
        if (sink == 42) System.out.println();
        streams.close();
        arena.close();
        for (AutoCloseable a : open) {
            try {
                a.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
