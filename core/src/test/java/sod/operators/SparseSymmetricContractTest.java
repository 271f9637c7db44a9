package sod.operators;

import java.util.List;

/** The operator contract for sparse symmetric sensing matrices. */
class SparseSymmetricContractTest extends SensingOperatorContract {

    private static Case of(String name, long seed, int n, int m, int pool, int maxEntries) {
        return new Case(name, threads -> SparseSymmetricOperator.of(RandomSparseSets.create(seed, n, m, pool, maxEntries), threads));
    }

    /** Awkward sizes: n = 1, a pool smaller than m (shared positions), every position possible, empty and diagonal-only A_i. */
    @Override
    protected List<Case> cases() {
        return List.of(of("n=1 m=3", 1, 1, 3, 1, 1), of("n=5 m=12 shared", 2, 5, 12, 6, 4),
                of("n=13 m=29 all positions", 3, 13, 29, 91, 7), of("n=6 m=8 dense-ish", 4, 6, 8, 21, 12));
    }

    /** r = 1, the scalar dots (2, 3), the four-lane dots with and without a tail (4, 5, 8, 11). */
    @Override
    protected int[] ranks() {
        return new int[] {1, 2, 3, 4, 5, 8, 11};
    }

    /**
     * Enough stored entries (>= 2^15) to run the measurement passes on the gang; the last case also has
     * enough positions (~31,000) that at r = 11 the pattern passes run there too.
     */
    @Override
    protected List<Case> threadCases() {
        return List.of(of("n=301 m=6001 shared", 5, 301, 6001, 3000, 16), of("n=97 m=4000 all positions", 6, 97, 4000, 4753, 24),
                of("n=400 m=8000 many positions", 8, 400, 8000, 60000, 14));
    }

    @Override
    protected Case allocationCase() {
        return of("n=150 m=5000", 7, 150, 5000, 2000, 20);
    }

    @Override
    protected double[] explicitMatrix(SensingOperator op, int i) {
        SparseSymmetricOperator sparse = (SparseSymmetricOperator) op;
        int n = op.n();
        double[] a = new double[n * n];
        for (long e = sparse.entryStart(i); e < sparse.entryStart(i + 1); e++) {
            int p = sparse.entryRow(e), q = sparse.entryCol(e);
            a[p * n + q] = sparse.entryValue(e);
            a[q * n + p] = sparse.entryValue(e);
        }
        return a;
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return false; // each thread sums its own partial A*(r) over the positions, added in thread order
    }
}
