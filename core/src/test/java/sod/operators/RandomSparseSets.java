package sod.operators;

import java.util.Arrays;
import java.util.SplittableRandom;
import sod.io.SparseSymmetricSet;

/**
 * Random sparse symmetric sensing sets for the sparse operator's tests: each A_i a few upper-triangle
 * entries drawn from a pool of positions (a small pool makes the A_i share positions, as the
 * measurements of a power grid do), some A_i diagonal-only, some empty.
 */
public final class RandomSparseSets {
    private RandomSparseSets() {
    }

    /**
     * @param pool       distinct positions (p <= q) the entries are drawn from (at most n(n+1)/2)
     * @param maxEntries most entries of one A_i
     */
    public static SparseSymmetricSet create(long seed, int n, int m, int pool, int maxEntries) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long all = (long) n * (n + 1) / 2;
        long[] positions = new long[(int) Math.min(pool, all)];
        if (positions.length == all) {
            for (int k = 0; k < positions.length; k++) positions[k] = k;
        } else {
            java.util.HashSet<Long> seen = new java.util.HashSet<>();
            for (int k = 0; k < positions.length; ) {
                long key = rnd.nextLong(all);
                if (seen.add(key)) positions[k++] = key;
            }
        }
        long[] start = new long[m + 1];
        int[] row = new int[m * maxEntries], col = new int[m * maxEntries];
        double[] value = new double[m * maxEntries];
        int e = 0;
        for (int i = 0; i < m; i++) {
            start[i] = e;
            int kind = i % 7;
            if (kind == 3) continue; // empty A_i
            long[] keys;
            if (kind == 5) { // diagonal only
                keys = new long[] {diagonalKey(n, rnd.nextInt(n))};
            } else {
                int count = 1 + rnd.nextInt(maxEntries);
                keys = new long[count];
                for (int c = 0; c < count; c++) keys[c] = positions[rnd.nextInt(positions.length)];
            }
            keys = Arrays.stream(keys).sorted().distinct().toArray();
            for (long key : keys) {
                int[] pq = position(n, key);
                row[e] = pq[0];
                col[e] = pq[1];
                value[e++] = rnd.nextGaussian();
            }
        }
        start[m] = e;
        return new SparseSymmetricSet(n, m, start, Arrays.copyOf(row, e), Arrays.copyOf(col, e), Arrays.copyOf(value, e));
    }

    /** A deep copy (the operator takes its set over). */
    static SparseSymmetricSet copy(SparseSymmetricSet s) {
        return new SparseSymmetricSet(s.n(), s.m(), s.start().clone(), s.row().clone(), s.col().clone(), s.value().clone());
    }

    /** A_i of the set as a full n x n row-major matrix, both triangles. */
    static double[] full(SparseSymmetricSet s, int i) {
        int n = s.n();
        double[] a = new double[n * n];
        for (long k = s.start()[i]; k < s.start()[i + 1]; k++) {
            int e = (int) k, p = s.row()[e], q = s.col()[e];
            a[p * n + q] = s.value()[e];
            a[q * n + p] = s.value()[e];
        }
        return a;
    }

    /** Key of (p, p) in the row-major enumeration of the upper triangle. */
    private static long diagonalKey(int n, int p) {
        return (long) p * n - (long) p * (p - 1) / 2;
    }

    /** (p, q), p <= q, of the k-th upper position in row-major order. */
    private static int[] position(int n, long key) {
        int p = 0;
        while (key >= n - p) {
            key -= n - p;
            p++;
        }
        return new int[] {p, (int) (p + key)};
    }
}
