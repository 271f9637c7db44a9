package sod.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import sod.kernels.VectorShapes;
import sod.kernels.WeightedPairKernels;

/**
 * Same-run figures for the rank-one PMC batch kernels (issue 16): per point, in alternation in one JVM,
 * the single-point kernel ({@code rankOne} once per member), the member-interleaved batch kernel
 * ({@code batchRankOne}), the member-major one ({@code batchRankOneColumns}), and a loop of independent
 * vector FMAs doing the kernels' own operation count (5 per L padded upper-triangle entries and member):
 * the FMA-throughput floor measured under the same load. Random weights and points, 50 members (padded
 * to 52). Prints per n one line per contender: median and minimum microseconds per point over the
 * rounds, and the ratio of the medians to the single kernel's.
 * Run: {@code java --add-modules jdk.incubator.vector -XX:CompileCommand=quiet
 * -XX:CompileCommand=dontinline,sod.bench.PmcBatchKernels::fmaLoop -cp bench/target/benchmarks.jar
 * sod.bench.PmcBatchKernels 15 40 80 160} (rounds, then the sizes). Without the {@code dontinline}
 * C2 inlines the FMA loop into {@code run} and compiles it about 2x slower (2.8 instead of 5.3 vector
 * FMAs per ns on the Zen 3 it was written on), which would make the floor look like the kernels' rate.
 */
public final class PmcBatchKernels {
    private static final VectorSpecies<Double> S = VectorShapes.F64;
    private static final int MEMBERS = 50;
    private static final String[] NAMES = {"single rankOne x members", "batchRankOne (interleaved)",
            "batchRankOneColumns (member-major)", "FMA floor (same op count)"};
    private static double sink;

    private PmcBatchKernels() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        for (int a = 1; a < args.length; a++) run(Integer.parseInt(args[a]), rounds);
        if (sink == 42) System.out.println();
    }

    private static void run(int n, int rounds) {
        int lanes = WeightedPairKernels.LANES, k = (MEMBERS + lanes - 1) / lanes * lanes;
        int[] start = WeightedPairKernels.blockStarts(n);
        int npad = WeightedPairKernels.paddedDimension(n), pairs = WeightedPairKernels.rowPairs(n);
        double[] data = new double[start[pairs]];
        SplittableRandom rnd = new SplittableRandom(n);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                int e = WeightedPairKernels.index(start, i, j);
                data[e] = 0.1 + rnd.nextDouble();
                data[e + lanes] = rnd.nextGaussian();
            }
        double[] major = new double[k * npad], interleaved = new double[k * npad];
        for (int m = 0; m < MEMBERS; m++)
            for (int i = 0; i < n; i++) {
                double v = 0.7 * rnd.nextGaussian();
                major[m * npad + i] = v;
                interleaved[i * k + m] = v;
            }
        double[][] points = new double[MEMBERS][];
        for (int m = 0; m < MEMBERS; m++) points[m] = Arrays.copyOfRange(major, m * npad, (m + 1) * npad);
        double[] g = new double[k * npad], h = new double[k], gOne = new double[npad];
        double[] rowSums = new double[WeightedPairKernels.rankOneScratchLength(n)];
        double[] scratch = new double[Math.max(WeightedPairKernels.batchScratchLength(1), WeightedPairKernels.batchColumnsScratchLength(n))];
        long entries = 0;
        for (int i = 0; i < n; i++) entries += npad - WeightedPairKernels.firstColumn(i / 2);
        long opsPerPoint = entries * 5 / lanes;
        int reps = (int) Math.max(3, 100_000_000L / (opsPerPoint * k));
        double[][] times = new double[NAMES.length][rounds];
        for (int round = -rounds / 2; round < rounds; round++) { // the first half-rounds warm up
            for (int c = 0; c < NAMES.length; c++) {
                long t0 = System.nanoTime();
                for (int rep = 0; rep < reps; rep++) {
                    switch (c) {
                        case 0 -> {
                            for (int m = 0; m < MEMBERS; m++) {
                                Arrays.fill(gOne, 0);
                                h[m] = WeightedPairKernels.rankOne(n, data, start, 0, pairs, points[m], gOne, rowSums);
                            }
                        }
                        case 1 -> {
                            Arrays.fill(g, 0);
                            WeightedPairKernels.batchRankOne(n, data, start, 0, pairs, k, 0, k, interleaved, g, h, scratch);
                        }
                        case 2 -> {
                            Arrays.fill(g, 0);
                            WeightedPairKernels.batchRankOneColumns(n, data, start, 0, pairs, 0, k, major, g, h, scratch);
                        }
                        default -> sink += fmaLoop((int) (opsPerPoint * MEMBERS / 10));
                    }
                }
                if (round >= 0) times[c][round] = (System.nanoTime() - t0) / 1e3 / reps / MEMBERS;
            }
        }
        double single = median(times[0]);
        for (int c = 0; c < NAMES.length; c++) {
            double med = median(times[c]), min = Arrays.stream(times[c]).min().orElse(0);
            System.out.println(String.format(Locale.ROOT,
                    "{\"n\": %d, \"contender\": \"%s\", \"median_us_per_point\": %.3f, \"min_us_per_point\": %.3f, \"single_over_this\": %.2f, \"vector_ops_per_point\": %d}",
                    n, NAMES[c], med, min, single / med, opsPerPoint));
        }
    }

    /** {@code 10 * iterations} vector FMAs in ten independent chains (more than the FMA pipes' latency times their count). */
    static double fmaLoop(int iterations) {
        DoubleVector a0 = DoubleVector.broadcast(S, 1.0), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4);
        DoubleVector a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9);
        DoubleVector m = DoubleVector.broadcast(S, 0.999999), c = DoubleVector.broadcast(S, 1e-9);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).lane(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
