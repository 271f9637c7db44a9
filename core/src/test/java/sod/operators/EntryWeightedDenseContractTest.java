package sod.operators;

import java.util.List;
import java.util.SplittableRandom;

/** The operator contract for entry-weighted sensing with a dense weight matrix (PMC). */
class EntryWeightedDenseContractTest extends SensingOperatorContract {

    private static Case of(int n) {
        return new Case("n=" + n, threads -> new EntryWeightedDense(n, EntryWeightedDenseTest.randomWeights(new SplittableRandom(n), n), threads));
    }

    @Override
    protected List<Case> cases() {
        return List.of(of(1), of(5), of(7), of(13));
    }

    /** Large enough that the rows are split over the threads (n^2 (r + 1) >= 2^17). */
    @Override
    protected List<Case> threadCases() {
        return List.of(of(300));
    }

    /** The smallest n whose rank-3 pass runs on the gang (182^2 * 4 >= 2^17). */
    @Override
    protected Case allocationCase() {
        return of(182);
    }

    /** Measurement i*n + j: {@code W_ij (E_ij + E_ji)/2}. */
    @Override
    protected double[] explicitMatrix(SensingOperator op, int measurement) {
        int n = op.n(), i = measurement / n, j = measurement % n;
        double w = ((EntryWeightedDense) op).weight(i, j);
        double[] a = new double[n * n];
        a[i * n + j] += 0.5 * w;
        a[j * n + i] += 0.5 * w;
        return a;
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return false; // per-thread gradient partials, reduced in thread order
    }
}
