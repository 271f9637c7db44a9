package sod.problems;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
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
 * <p>Pairs are drawn independently, de-duplicated, and the shortfall is redrawn until the requested
 * count is reached ({@link PairSampler}); the result is the set of distinct values of one i.i.d. draw
 * sequence, so under uniform sampling it is a uniformly random subset of all n(n+1)/2 pairs. Everything
 * depends only on the seed (not on the thread count).
 *
 * <p>Memory: the generation's largest temporaries are n ints and (without a kept truth) Z off the
 * heap; what stays is the operator's 4 bytes per pair and the 8 of b.
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

    private Completion() {
    }

    /**
     * The problem with its ground truth, {@link #create(int, int, int, Sampling, double, long, int, boolean)}
     * keeping it.
     */
    public static Problem create(int n, int r, int observations, Sampling sampling, double noise, long seed, int threads) {
        return create(n, r, observations, sampling, noise, seed, threads, true);
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
     * @param keepTruth    whether the problem keeps Z (n x r doubles, and a solve binding it holds a
     *                     distance workspace of n x 2r more); without it the problem is the same bit for bit
     *                     but has no truth, Z lives only off the heap while b is computed (so it leaves no
     *                     garbage the JVM keeps resident), and {@link #truth} regenerates it on request
     */
    public static Problem create(int n, int r, int observations, Sampling sampling, double noise, long seed, int threads,
                                 boolean keepTruth) {
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

        PairSampler.Csr pattern = PairSampler.sample(n, observations, sampling, () -> stream(seed, PAIR_STREAM));
        int[] rowStart = pattern.rowStart(), cols = pattern.cols();
        int m = observations;
        double[] truth = keepTruth ? new double[n * r] : null;
        double[] b = new double[m];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment z = keepTruth ? MemorySegment.ofArray(truth) : arena.allocate(ValueLayout.JAVA_DOUBLE, (long) n * r);
            writeTruth(n, r, seed, z);
            double sumSquares = observe(n, r, rowStart, cols, z, b);
            if (noise > 0) {
                SplittableRandom noiseRandom = stream(seed, NOISE_STREAM);
                double sigma = noise * Math.sqrt(sumSquares / m);
                for (int k = 0; k < m; k++) b[k] += sigma * noiseRandom.nextGaussian();
            }
        }

        EntryWeightedSparse op = EntryWeightedSparse.fromUpperCsr(n, rowStart, cols, null, threads);
        String name = String.format(Locale.ROOT, "completion(n=%d, r=%d, m=%d, %s, noise=%s, seed=%d)",
                n, r, m, sampling, noise, seed);
        return new Problem(name, op, b, r, truth, keepTruth ? r : 0);
    }

    /**
     * The ground truth Z (n x r, row-major) of {@code create(n, r, ..., seed, ...)}, regenerated from the
     * seed (n r Gaussian draws): for a caller that made the problem without it and wants a distance later.
     */
    public static double[] truth(int n, int r, long seed) {
        if (n < 1 || r < 1 || (long) n * r > Integer.MAX_VALUE - 8)
            throw new SodInputException("completion: n = " + n + " and r = " + r + " must be >= 1 with n * r below 2^31");
        double[] z = new double[n * r];
        writeTruth(n, r, seed, MemorySegment.ofArray(z));
        return z;
    }

    /** {@code b_k = z_i . z_j} for every observed pair (i, j) in CSR order; returns the sum of their squares. */
    private static double observe(int n, int r, int[] rowStart, int[] cols, MemorySegment z, double[] b) {
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            long io = (long) i * r;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                long jo = (long) cols[k] * r;
                double v = 0;
                for (int c = 0; c < r; c++) v += z.getAtIndex(ValueLayout.JAVA_DOUBLE, io + c) * z.getAtIndex(ValueLayout.JAVA_DOUBLE, jo + c);
                b[k] = v;
                sumSquares += v * v;
            }
        }
        return sumSquares;
    }

    /** Z's entries {@code N(0, 1/n)}, row-major, from the truth stream of the seed. */
    private static void writeTruth(int n, int r, long seed, MemorySegment z) {
        SplittableRandom random = stream(seed, TRUTH_STREAM);
        double scale = 1.0 / Math.sqrt(n);
        for (long q = 0, size = (long) n * r; q < size; q++) z.setAtIndex(ValueLayout.JAVA_DOUBLE, q, scale * random.nextGaussian());
    }

    // The seed's independent streams, in the order they are split from its root.
    private static final int TRUTH_STREAM = 0, PAIR_STREAM = 1, NOISE_STREAM = 2;

    /** A fresh copy of the seed's stream number {@code index}: the root's (index+1)-th split. */
    private static SplittableRandom stream(long seed, int index) {
        SplittableRandom root = new SplittableRandom(seed), split = root.split();
        for (int k = 0; k < index; k++) split = root.split();
        return split;
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
}
