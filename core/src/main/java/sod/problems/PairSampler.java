package sod.problems;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import sod.SodInputException;
import sod.problems.Completion.Kind;
import sod.problems.Completion.Sampling;

/**
 * The observed pairs of {@link Completion}: the distinct values of one i.i.d. draw sequence of pairs
 * {@code i <= j}, drawn until {@code count} are distinct, as an upper triangle in CSR form (rows
 * ascending, columns ascending in a row).
 *
 * <p>The set is that of sorting and de-duplicating all draws as one array of {@code i n + j} keys, round
 * after round (round 0 draws {@code count} pairs, each later round the shortfall), but it is built in
 * the CSR arrays themselves, so it needs no m-length array of 64-bit keys (160 MB beside the 80 MB of
 * columns at m = 2 x 10^7, and a garbage heap the JVM keeps resident): the first round's draws are made
 * twice from two copies of the stream, once to count each row's draws and once to place their columns,
 * then every row is sorted and de-duplicated in place; a later round's few draws are merged in from the
 * end of the arrays.
 */
final class PairSampler {

    /** Redraw rounds after which a sampler that keeps hitting known pairs is given up on. */
    static final int MAX_ROUNDS = 200;

    /** An upper triangle in CSR form: row i's columns are {@code cols[rowStart[i] .. rowStart[i+1]-1]}. */
    record Csr(int[] rowStart, int[] cols) {}

    private PairSampler() {
    }

    /**
     * Exactly {@code count} distinct pairs.
     *
     * @param stream a fresh copy of the same random stream on every call (the sampler reads it twice)
     */
    static Csr sample(int n, int count, Sampling sampling, Supplier<SplittableRandom> stream) {
        if (count == (long) n * (n + 1L) / 2) return allPairs(n);
        int[] rowStart = new int[n + 1];
        Draws counting = new Draws(n, sampling, stream.get());
        for (int k = 0; k < count; k++) rowStart[Draws.row(counting.next()) + 1]++;
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        int[] cols = new int[count], fill = Arrays.copyOf(rowStart, n);
        Draws draws = new Draws(n, sampling, stream.get());
        for (int k = 0; k < count; k++) {
            long pair = draws.next();
            cols[fill[Draws.row(pair)]++] = Draws.col(pair);
        }
        fill = null;
        int distinct = sortRowsAndDropRepeats(n, rowStart, cols);
        for (int round = 1; distinct < count; round++) {
            if (round == MAX_ROUNDS)
                throw new SodInputException("completion: could only find " + distinct + " distinct pairs of the " + count
                        + " requested under " + sampling + " sampling; ask for fewer observations or a smaller exponent");
            long[] extra = new long[count - distinct];
            for (int k = 0; k < extra.length; k++) extra[k] = draws.next();
            distinct = merge(n, rowStart, cols, distinct, extra);
        }
        return new Csr(rowStart, cols);
    }

    private static Csr allPairs(int n) {
        // every pair: the only possible outcome of any draw, and redrawing the last missing pairs one at
        // a time could run out of rounds (coupon collector)
        int[] rowStart = new int[n + 1], cols = new int[(int) ((long) n * (n + 1L) / 2)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) cols[k++] = j;
            rowStart[i + 1] = k;
        }
        return new Csr(rowStart, cols);
    }

    /**
     * Sorts every row's columns and keeps each once, moving the rows down to close the gaps (updating the
     * row starts); returns the number of entries kept.
     */
    static int sortRowsAndDropRepeats(int n, int[] rowStart, int[] cols) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            int start = rowStart[i], end = rowStart[i + 1];
            Arrays.sort(cols, start, end);
            rowStart[i] = out;
            for (int p = start; p < end; p++) {
                if (p == start || cols[p] != cols[p - 1]) cols[out++] = cols[p];
            }
        }
        rowStart[n] = out;
        return out;
    }

    /**
     * Merges the pairs {@code extra} (packed as {@link Draws#next} packs them) into the first {@code used}
     * entries of the CSR arrays, skipping the ones already there or repeated; returns the new entry count.
     * {@code cols} must have room for all of them.
     */
    static int merge(int n, int[] rowStart, int[] cols, int used, long[] extra) {
        Arrays.sort(extra);
        int fresh = 0;
        for (int k = 0; k < extra.length; k++) {
            long pair = extra[k];
            if (fresh > 0 && extra[fresh - 1] == pair) continue;
            int i = Draws.row(pair);
            if (Arrays.binarySearch(cols, rowStart[i], rowStart[i + 1], Draws.col(pair)) >= 0) continue;
            extra[fresh++] = pair;
        }
        // from the end: each row moves up by the number of new pairs in it and the rows before it
        int q = fresh - 1, w = used + fresh - 1;
        for (int i = n - 1; i >= 0 && q >= 0; i--) {
            int lo = rowStart[i], p = rowStart[i + 1] - 1;
            rowStart[i + 1] = w + 1;
            for (; q >= 0 && Draws.row(extra[q]) == i; q--) {
                int j = Draws.col(extra[q]);
                while (p >= lo && cols[p] > j) cols[w--] = cols[p--];
                cols[w--] = j;
            }
            while (p >= lo) cols[w--] = cols[p--];
        }
        return used + fresh;
    }

    /**
     * The draw sequence: each {@link #next} is one pair {@code i <= j} packed as {@code i << 32 | j}
     * (which sorts as the key {@code i n + j} does). Under power-law sampling the constructor first reads
     * the stream for the propensity ranks.
     */
    static final class Draws {
        private final int n;
        private final SplittableRandom random;
        private final double[] cumulative; // null: uniform

        Draws(int n, Sampling sampling, SplittableRandom random) {
            this.n = n;
            this.random = random;
            this.cumulative = sampling.kind() == Kind.POWER_LAW ? powerLawCumulative(n, sampling.exponent(), random) : null;
        }

        long next() {
            int a, b;
            if (cumulative == null) {
                // a in [0,n), b in [0,n]: b == n stands for a second way to draw the diagonal, so every
                // unordered pair has probability 2 / (n (n+1))
                a = random.nextInt(n);
                b = random.nextInt(n + 1);
                if (b == n) b = a;
            } else {
                a = drawIndex(cumulative, random);
                b = drawIndex(cumulative, random);
            }
            return (long) Math.min(a, b) << 32 | Math.max(a, b);
        }

        static int row(long pair) {
            return (int) (pair >>> 32);
        }

        static int col(long pair) {
            return (int) pair;
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
}
