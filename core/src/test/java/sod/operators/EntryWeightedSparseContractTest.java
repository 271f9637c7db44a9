package sod.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The operator contract for sparse symmetric completion, weighted and unweighted. */
class EntryWeightedSparseContractTest extends SensingOperatorContract {

    /** About half of all pairs i <= j of an n x n matrix (the diagonal always), in order. */
    static int[][] somePairs(SplittableRandom rnd, int n) {
        int[] rows = new int[n * (n + 1) / 2], cols = new int[rows.length];
        int m = 0;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                if (rnd.nextBoolean() || i == j) {
                    rows[m] = i;
                    cols[m++] = j;
                }
        return new int[][] {Arrays.copyOf(rows, m), Arrays.copyOf(cols, m)};
    }

    /** Distinct random pairs i <= j, about m of them, in order (for sizes where all pairs would be too many). */
    static int[][] randomPairs(SplittableRandom rnd, int n, int m) {
        long[] keys = new long[m];
        for (int e = 0; e < m; e++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            keys[e] = (long) Math.min(i, j) * n + Math.max(i, j);
        }
        long[] distinct = Arrays.stream(keys).sorted().distinct().toArray();
        int[] rows = new int[distinct.length], cols = new int[distinct.length];
        for (int e = 0; e < distinct.length; e++) {
            rows[e] = (int) (distinct[e] / n);
            cols[e] = (int) (distinct[e] % n);
        }
        return new int[][] {rows, cols};
    }

    private static Case of(String name, int n, int[][] pairs, boolean weighted) {
        double[] w = null;
        if (weighted) {
            SplittableRandom rnd = new SplittableRandom(n);
            w = new double[pairs[0].length];
            for (int e = 0; e < w.length; e++) w[e] = 0.2 + rnd.nextDouble();
        }
        double[] weights = w;
        return new Case(name + (weighted ? " weighted" : " unweighted"),
                threads -> new EntryWeightedSparse(n, pairs[0].clone(), pairs[1].clone(), weights == null ? null : weights.clone(), threads));
    }

    @Override
    protected List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (boolean weighted : new boolean[] {true, false}) {
            cases.add(of("n=7 half the pairs", 7, somePairs(new SplittableRandom(21), 7), weighted));
            cases.add(of("n=13 half the pairs", 13, somePairs(new SplittableRandom(22), 13), weighted));
            cases.add(of("n=1", 1, new int[][] {{0}, {0}}, weighted));
        }
        // Rows without any observation, a diagonal-only row and a final row with a diagonal entry:
        // row 0: (0,0) (0,5); row 1: none; row 2: (2,2); rows 3,4: none; row 5: (5,5)
        int[] start = {0, 2, 2, 3, 3, 3, 4};
        int[] cols = {0, 5, 2, 5};
        double[] w = {1.5, 0.7, 2.0, 1.1};
        cases.add(new Case("n=6 empty rows from CSR",
                threads -> EntryWeightedSparse.fromUpperCsr(6, start.clone(), cols.clone(), w.clone(), threads)));
        return cases;
    }

    /**
     * r = 1, the scalar kernels (2, 3), the register-held sums for 1-3 vectors plus a 0-3 tail
     * (4, 5, 6, 10, 14, 15) and the L1-scratch kernels above them (16, 17).
     */
    @Override
    protected int[] ranks() {
        return new int[] {1, 2, 3, 4, 5, 6, 10, 14, 15, 16, 17};
    }

    /** Enough observations to run on the gang (m >= 2^14) and enough work for several row chunks. */
    @Override
    protected List<Case> threadCases() {
        int[][] pairs = randomPairs(new SplittableRandom(24), 400, 21000);
        return List.of(of("n=400 m~21000", 400, pairs, true), of("n=400 m~21000", 400, pairs, false));
    }

    /** Just enough observations to run on the gang: every pair of n = 185 (17205 >= 2^14). */
    @Override
    protected Case allocationCase() {
        int n = 185;
        int[] rows = new int[n * (n + 1) / 2], cols = new int[rows.length];
        for (int i = 0, e = 0; i < n; i++)
            for (int j = i; j < n; j++, e++) {
                rows[e] = i;
                cols[e] = j;
            }
        return of("n=185 all pairs", n, new int[][] {rows, cols}, true);
    }

    /** Observation k: {@code w_k (E_ij + E_ji)/2}. */
    @Override
    protected double[] explicitMatrix(SensingOperator op, int k) {
        EntryWeightedSparse sparse = (EntryWeightedSparse) op;
        int n = op.n(), i = sparse.row(k), j = sparse.col(k);
        double[] a = new double[n * n];
        a[i * n + j] += 0.5 * sparse.weight(k);
        a[j * n + i] += 0.5 * sparse.weight(k);
        return a;
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return true; // every row owned by one thread, h summed over fixed chunks
    }
}
