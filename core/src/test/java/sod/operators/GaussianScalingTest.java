package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code E ||A(M)||^2} averaged over many independent measurements. Each {@code <A_i, M>^2} has mean
 * {@code ||M||_F^2 / m} (dense) and relative standard deviation sqrt(2) (Gaussian) or more (rank-one),
 * so with m = 40000 the ratio is within ~1% (dense) of its expectation; the tolerances are 5 sigma.
 */
class GaussianScalingTest {

    static final int N = 4, M = 40_000;

    static double ratio(SensingOperator op, double[] full) {
        // M = sum_j u_j v_j^T with u = e_p, v = row p of M (n x n), i.e. U = I, V = M^T (= M).
        int n = op.n();
        double[] u = new double[n * n];
        for (int p = 0; p < n; p++) u[p * n + p] = 1;
        double[] out = new double[op.m()];
        op.measure(u, full, n, out);
        double s = 0, f = 0;
        for (double o : out) s += o * o;
        for (double e : full) f += e * e;
        return s / f;
    }

    static double[] diagonalOnly() {
        double[] mat = new double[N * N];
        for (int p = 0; p < N; p++) mat[p * N + p] = p + 1;
        return mat;
    }

    static double[] offDiagonalOnly() {
        double[] mat = new double[N * N];
        mat[1] = mat[N] = 1;          // (0,1), (1,0)
        mat[2 * N + 3] = mat[3 * N + 2] = -2;
        return mat;
    }

    static double[] traceless() {
        double[] mat = offDiagonalOnly();
        mat[0] = 1;
        mat[N + 1] = -1;
        return mat;
    }

    @Test
    void denseGaussianIsAnIsometryInExpectation() {
        for (Precision precision : Precision.values()) {
            try (SensingOperator op = DenseSymmetricOperator.gaussian(N, M, 5, precision, 2)) {
                double tolerance = 5 * Math.sqrt(2.0 / M);
                assertEquals(1.0, ratio(op, diagonalOnly()), tolerance, precision + " diagonal M");
                assertEquals(1.0, ratio(op, offDiagonalOnly()), tolerance, precision + " off-diagonal M");
            }
        }
    }

    @Test
    void rankOneGaussianOverweightsOnlyTheTrace() {
        try (SensingOperator op = RankOneOperator.gaussian(N, M, 6, 2)) {
            // Traceless: E ||A(M)||^2 = ||M||_F^2. (a^T M a)^2 has heavier tails, hence the wider band.
            double tolerance = 5 * Math.sqrt(8.0 / M);
            assertEquals(1.0, ratio(op, traceless()), tolerance, "traceless M");
            // Identity: ||M||_F^2 = n, (tr M)^2 / 2 = n^2 / 2, so the ratio is 1 + n/2 = 3.
            double[] identity = new double[N * N];
            for (int p = 0; p < N; p++) identity[p * N + p] = 1;
            assertEquals(3.0, ratio(op, identity), 3 * tolerance, "identity");
        }
    }
}
