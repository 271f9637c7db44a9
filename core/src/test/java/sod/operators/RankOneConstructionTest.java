package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class RankOneConstructionTest {

    @Test
    void fromVectorsMeasuresSquaredProjections() {
        double[][] a = {{1, 2, 0}, {0, -1, 3}};
        double[] x = {1, 0, 1, 1, 0, 2};      // 3 x 2
        try (RankOneOperator op = RankOneOperator.fromVectors(3, a, 2)) {
            double[] out = new double[2];
            op.measure(x, x, 2, out);
            // X^T a_1 = (1 + 2, 0 + 2) -> 9 + 4; X^T a_2 = (-1, -1 + 6) -> 1 + 25.
            assertEquals(13, out[0], 1e-15);
            assertEquals(26, out[1], 1e-15);
        }
        assertThrows(SodInputException.class, () -> RankOneOperator.fromVectors(2, a, 1));
        assertThrows(SodInputException.class, () -> RankOneOperator.fromVectors(3, new double[][] {{1, Double.POSITIVE_INFINITY, 0}}, 1));
    }
}
