package sod.problems;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import sod.SodInputException;
import sod.operators.EntryWeightedSparse;

/**
 * Random symmetric matrix completion: a Gaussian ground truth {@code Z} (n x r, entries
 * {@code N(0, 1/n)}, so each column has unit expected norm), {@code M* = Z Z^T}, and a set of
 * distinct observed unordered pairs {@code i <= j} (the diagonal included) with unit weights and
 * {@code b_k = M*_ij + noise}. The operator is {@link EntryWeightedSparse}.
 *
 * <p>Pairs are drawn independently, sorted and de-duplicated, and the shortfall is redrawn until the
 * requested count is reached; the result is the set of distinct values of one i.i.d. draw sequence,
 * so under uniform sampling it is a uniformly random subset of all n(n+1)/2 pairs. Everything
 * depends only on the seed (not on the thread count).
 */
public final class Completion {

    /** How pairs are drawn. */
    public enum Kind { UNIFORM, POWER_LAW }

    /**
     * The sampling distribution. {@code UNIFORM}: every unordered pair {@code i <= j} equally
     * likely. {@code POWER_LAW}: each index has propensity {@code p ∝ rank^-exponent} (ranks a
     * seeded random permutation of 1..n, so heavy rows are spread out) and a pair is drawn as two
     * independent indices, ordered; exponent 0 is close to uniform.
     */
    public record Sampling(Kind kind, double exponent) {
        public Sampling {
            if (kind == null) throw new SodInputException("completion: sampling kind must be given");
            if (!Double.isFinite(exponent) || exponent < 0)
                throw new SodInputException("completion: power-law exponent must be finite and >= 0, got " + exponent);
        }

        public static Sampling uniform() {
            return new Sampling(Kind.UNIFORM, 0.0);
        }

        public static Sampling powerLaw(double exponent) {
            return new Sampling(Kind.POWER_LAW, exponent);
        }

        @Override
        public String toString() {
            return kind == Kind.UNIFORM ? "uniform" : String.format(Locale.ROOT, "power-law(%s)", exponent);
        }
    }

    /** Redraw rounds after which a sampler that keeps hitting known pairs is given up on. */
    private static final int MAX_ROUNDS = 200;

    private Completion() {
    }

    /**
     * @param n            dimension (>= 1)
     * @param r            rank of the ground truth and of the search (>= 1)
     * @param observations number of distinct observed pairs, at most n(n+1)/2
     * @param sampling     how pairs are drawn
     * @param noise        standard deviation of additive Gaussian noise on b, relative to the
     *                     root-mean-square of the observed entries of M* (0 for exact data)
     * @param seed         the only source of randomness
     * @param threads      operator threads
     */
    public static Problem create(int n, int r, int observations, Sampling sampling, double noise, long seed, int threads) {
        if (n < 1) throw new SodInputException("completion: n must be >= 1, got " + n);
        if (r < 1) throw new SodInputException("completion: rank r must be >= 1, got " + r);
        if ((long) n * r > Integer.MAX_VALUE - 8)
            throw new SodInputException("completion: n * r = " + ((long) n * r) + " is too large for one array");
        long pairs = (long) n * (n + 1L) / 2;
        if (observations < 1 || observations > pairs)
            throw new SodInputException("completion: observations must be in 1.." + pairs + " (the number of pairs i <= j), got " + observations);
        if (!Double.isFinite(noise) || noise < 0)
            throw new SodInputException("completion: noise must be finite and >= 0, got " + noise);
        if (sampling == null) throw new SodInputException("completion: sampling must be given");

        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom truthRandom = root.split(), pairRandom = root.split(), noiseRandom = root.split();

        double scale = 1.0 / Math.sqrt(n);
        double[] z = new double[n * r];
        for (int q = 0; q < z.length; q++) z[q] = scale * truthRandom.nextGaussian();

        long[] keys = samplePairs(n, observations, sampling, pairRandom);
        int m = observations;
        int[] rowStart = new int[n + 1], cols = new int[m];
        for (int k = 0; k < m; k++) {
            rowStart[(int) (keys[k] / n) + 1]++;
            cols[k] = (int) (keys[k] % n);
        }
        keys = null;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];

        double[] b = new double[m];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            int io = i * r;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int jo = cols[k] * r;
                double v = 0;
                for (int c = 0; c < r; c++) v += z[io + c] * z[jo + c];
                b[k] = v;
                sumSquares += v * v;
            }
        }
        if (noise > 0) {
            double sigma = noise * Math.sqrt(sumSquares / m);
            for (int k = 0; k < m; k++) b[k] += sigma * noiseRandom.nextGaussian();
        }

        EntryWeightedSparse op = EntryWeightedSparse.fromUpperCsr(n, rowStart, cols, null, threads);
        String name = String.format(Locale.ROOT, "completion(n=%d, r=%d, m=%d, %s, noise=%s, seed=%d)",
                n, r, m, sampling, noise, seed);
        return new Problem(name, op, b, r, z, r);
    }

    /**
     * A completion problem from the observed entries of a symmetric matrix in a Matrix Market
     * coordinate file, without a ground truth: {@link ProblemFiles#fromMatrixMarket} (the one loader,
     * also behind {@code sod solve --observed}) with search rank {@code rank}.
     *
     * @param rank    search rank r (>= 1)
     * @param threads operator threads (>= 1)
     * @throws SodInputException if the file is unreadable or malformed, not square, empty, or lists
     *                           a pair twice with different values
     */
    public static Problem fromMatrixMarket(Path path, int rank, int threads) {
        if (rank < 1) throw new SodInputException("completion: rank r must be >= 1, got " + rank);
        if (threads < 1) throw new SodInputException("completion: threads must be >= 1, got " + threads);
        return ProblemFiles.fromMatrixMarket(path, null, rank, threads);
    }

    /** Sorted distinct keys {@code i*n + j}, {@code i <= j}, exactly {@code count} of them. */
    static long[] samplePairs(int n, int count, Sampling sampling, SplittableRandom random) {
        long[] keys = new long[count];
        if (count == (long) n * (n + 1L) / 2) {
            // every pair: the only possible outcome of any draw, and redrawing the last missing pairs
            // one at a time could run out of rounds (coupon collector)
            int k = 0;
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) keys[k++] = (long) i * n + j;
            return keys;
        }
        double[] cumulative = sampling.kind() == Kind.POWER_LAW ? powerLawCumulative(n, sampling.exponent(), random) : null;
        int distinct = 0;
        for (int round = 0; distinct < count; round++) {
            if (round == MAX_ROUNDS)
                throw new SodInputException("completion: could only find " + distinct + " distinct pairs of the " + count
                        + " requested under " + sampling + " sampling; ask for fewer observations or a smaller exponent");
            for (int k = distinct; k < count; k++) {
                int a, b;
                if (cumulative == null) {
                    // a in [0,n), b in [0,n]: b == n stands for a second way to draw the diagonal,
                    // so every unordered pair has probability 2 / (n (n+1))
                    a = random.nextInt(n);
                    b = random.nextInt(n + 1);
                    if (b == n) b = a;
                } else {
                    a = drawIndex(cumulative, random);
                    b = drawIndex(cumulative, random);
                }
                int i = Math.min(a, b), j = Math.max(a, b);
                keys[k] = (long) i * n + j;
            }
            Arrays.parallelSort(keys, 0, count);
            distinct = 1;
            for (int k = 1; k < count; k++) {
                if (keys[k] != keys[distinct - 1]) keys[distinct++] = keys[k];
            }
        }
        return keys;
    }

    private static double[] powerLawCumulative(int n, double exponent, SplittableRandom random) {
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) rank[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += Math.pow(rank[i] + 1.0, -exponent);
            cumulative[i] = total;
        }
        return cumulative;
    }

    private static int drawIndex(double[] cumulative, SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0, hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
