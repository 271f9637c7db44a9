package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;

class ExplicitOperatorTest {

    private static double[][] randomSymmetric(SplittableRandom rnd, int n, int m) {
        double[][] a = new double[m][n * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++) {
                    double val = rnd.nextGaussian();
                    a[i][p * n + q] = val;
                    a[i][q * n + p] = val;
                }
        return a;
    }

    @Test
    void gradientAndAdjointOnRandomMatrices() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 5, m = 12, r = 2;
        try (ExplicitOperator op = new ExplicitOperator(n, randomSymmetric(rnd, n, m))) {
            double[] b = OperatorChecks.gaussian(rnd, m, 1);
            OperatorChecks.checkGradient(op, OperatorChecks.gaussian(rnd, n * r, 1), r, b);
            OperatorChecks.checkAdjoint(op, 3, 1);
            OperatorChecks.checkAdjoint(op, 4, 3);
        }
    }

    @Test
    void measureIsTheFrobeniusInnerProduct() {
        double[][] a = {{1, 2, 2, 3}};
        try (ExplicitOperator op = new ExplicitOperator(2, a)) {
            double[] out = new double[1];
            op.measure(new double[]{1, 2}, new double[]{3, -1}, 1, out);
            // U V^T = [[3,-1],[6,-2]], symmetric part [[3, 2.5],[2.5, -2]]: 3 + 2*2*2.5 - 6 = 7
            assertEquals(7.0, out[0], 1e-15);
        }
    }

    @Test
    void rejectsAsymmetricUnlessAskedToSymmetrise() {
        double[][] a = {{1, 2, 0, 3}};
        assertThrows(SodInputException.class, () -> new ExplicitOperator(2, a));
        assertThrows(SodInputException.class, () -> new ExplicitOperator(2, new double[][]{{1, 2, 3}}));
        assertThrows(SodInputException.class, () -> new ExplicitOperator(2, new double[][]{{1, Double.NaN, Double.NaN, 0}}));
        try (ExplicitOperator op = new ExplicitOperator(2, a, true)) {
            assertEquals(1.0, op.matrix(0)[1]);
            assertEquals(1.0, op.matrix(0)[2]);
        }
    }
}
