package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

/** What only the explicit operator does; the algebra is in {@link ExplicitContractTest}. */
class ExplicitOperatorTest {

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
