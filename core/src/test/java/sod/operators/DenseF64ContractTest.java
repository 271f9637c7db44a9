package sod.operators;

import java.util.ArrayList;
import java.util.List;

/** The operator contract for dense Gaussian sensing stored as float64. */
class DenseF64ContractTest extends SensingOperatorContract {

    /** (n, m) pairs: a single entry, m below, at and above multiples of the block of four, n not a multiple of the lanes. */
    static final int[][] SIZES = {{7, 23}, {13, 9}, {1, 5}, {33, 3}, {13, 37}, {20, 40}};

    protected Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    protected List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] nm : SIZES) {
            cases.add(new Case(precision() + " n=" + nm[0] + " m=" + nm[1],
                    threads -> DenseSymmetricOperator.gaussian(nm[0], nm[1], 11, precision(), threads)));
        }
        return cases;
    }

    @Override
    protected double[] explicitMatrix(SensingOperator op, int i) {
        DenseSymmetricOperator dense = (DenseSymmetricOperator) op;
        int n = op.n();
        double[] a = new double[n * n];
        for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) a[p * n + q] = dense.entry(i, p, q);
        return a;
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return false; // each thread sums its own partial A*(r), added in thread order
    }
}
