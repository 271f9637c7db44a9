package sod.operators;

import java.util.List;
import java.util.SplittableRandom;

/** The operator contract for explicit matrices (single-threaded: no thread cases). */
class ExplicitContractTest extends SensingOperatorContract {

    static double[][] randomSymmetric(SplittableRandom rnd, int n, int m) {
        double[][] a = new double[m][n * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++) {
                    double value = rnd.nextGaussian();
                    a[i][p * n + q] = value;
                    a[i][q * n + p] = value;
                }
        return a;
    }

    private static Case of(int n, int m) {
        double[][] matrices = randomSymmetric(new SplittableRandom(7L * n + m), n, m);
        return new Case("n=" + n + " m=" + m, threads -> new ExplicitOperator(n, matrices));
    }

    @Override
    protected List<Case> cases() {
        return List.of(of(5, 12), of(1, 3), of(4, 7));
    }

    @Override
    protected List<Case> threadCases() {
        return List.of();
    }

    @Override
    protected double[] explicitMatrix(SensingOperator op, int i) {
        return ((ExplicitOperator) op).matrix(i);
    }

    @Override
    protected boolean bitwiseAcrossThreads() {
        return true;
    }
}
