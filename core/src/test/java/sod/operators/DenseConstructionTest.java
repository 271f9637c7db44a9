package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class DenseConstructionTest {

    /** The spec's counterexample (n = 2, m = 3). */
    static final double S = Math.sqrt(3) / 2;
    static final double[][] COUNTEREXAMPLE = {{1, 0, 0, 0.5}, {0, S, S, 0}, {0, 0, 0, S}};

    @Test
    void fromFullPacksAndMeasures() {
        try (DenseSymmetricOperator op = DenseSymmetricOperator.fromFull(2, COUNTEREXAMPLE, Precision.FLOAT64, false, 1)) {
            assertEquals(S, op.entry(1, 1, 0));
            double[] x = {0, 1 / Math.sqrt(2)};     // the spurious point, r = 1
            double[] out = new double[3];
            op.measure(x, x, 1, out);
            assertEquals(0.0, out[0] - 0.25, 1e-15);  // <A_1, x x^T> = 1/2 * 1/2
            assertEquals(0.0, out[1], 1e-15);
            assertEquals(S / 2, out[2], 1e-15);
            // h at the spurious point with z = e_1: b = (1, 0, 0).
            double[] residual = new double[3], grad = new double[2];
            double h = op.residualAndGradient(x, 1, new double[] {1, 0, 0}, residual, grad);
            // residual = (1/4 - 1, 0, S/2): h = (9/16 + 3/16) / 2.
            assertEquals(0.375, h, 1e-15);
            assertEquals(0, grad[0], 1e-12);
            assertEquals(0, grad[1], 1e-12);       // it is a critical point
        }
    }

    @Test
    void rejectsNonSymmetricUnlessSymmetrising() {
        double[][] skewed = {{1, 2, 3, 4}};
        SodInputException e = assertThrows(SodInputException.class,
                () -> DenseSymmetricOperator.fromFull(2, skewed, Precision.FLOAT64, false, 1));
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        try (DenseSymmetricOperator op = DenseSymmetricOperator.fromFull(2, skewed, Precision.FLOAT32, true, 1)) {
            assertEquals(2.5, op.entry(0, 0, 1));
            assertEquals(2.5, op.entry(0, 1, 0));
        }
        assertThrows(SodInputException.class,
                () -> DenseSymmetricOperator.fromFull(2, new double[][] {{1, Double.NaN, Double.NaN, 1}}, Precision.FLOAT64, true, 1));
        assertThrows(SodInputException.class,
                () -> DenseSymmetricOperator.fromFull(3, COUNTEREXAMPLE, Precision.FLOAT64, false, 1));
    }

    @Test
    void float32StorageRoundsTheSameDraws() {
        try (DenseSymmetricOperator f64 = DenseSymmetricOperator.gaussian(5, 3, 9, Precision.FLOAT64, 1);
             DenseSymmetricOperator f32 = DenseSymmetricOperator.gaussian(5, 3, 9, Precision.FLOAT32, 2)) {
            for (int i = 0; i < 3; i++) {
                for (int p = 0; p < 5; p++) {
                    for (int q = 0; q < 5; q++) assertEquals((float) f64.entry(i, p, q), f32.entry(i, p, q));
                }
            }
            assertNotEquals(f64.entry(0, 0, 1), f64.entry(1, 0, 1));
            assertEquals(2 * f32.bytesPerIteration(4), f64.bytesPerIteration(4));
        }
    }
}
