package sod.operators;

import java.util.ArrayList;
import java.util.List;

/** The operator contract for rank-one Gaussian sensing {@code A_i = a_i a_i^T}. */
class RankOneContractTest extends SensingOperatorContract {

    @Override
    protected List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] nm : DenseF64ContractTest.SIZES) {
            cases.add(new Case("n=" + nm[0] + " m=" + nm[1], threads -> RankOneOperator.gaussian(nm[0], nm[1], 12, threads)));
        }
        return cases;
    }

    @Override
    protected double[] explicitMatrix(SensingOperator op, int i) {
        RankOneOperator rankOne = (RankOneOperator) op;
        int n = op.n();
        double[] a = new double[n * n];
        for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) a[p * n + q] = rankOne.vectorEntry(i, p) * rankOne.vectorEntry(i, q);
        return a;
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return false; // per-thread partials of (G X)^T, added in thread order
    }
}
