package sod.operators;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The dense operator's prepared adjoint (one sweep, many products) equals adjointTimes bit for bit. */
class DenseAdjointMapTest {

    @Test
    void preparedAdjointEqualsAdjointTimes() {
        int n = 13, m = 37;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = rnd.nextGaussian();
        for (Precision precision : Precision.values()) {
            for (int threads = 1; threads <= 2; threads++) {
                try (var op = DenseSymmetricOperator.gaussian(n, m, 5, precision, threads)) {
                    int[] widths = {1, 3, 1, 4};
                    double[][] vs = new double[widths.length][], viaMap = new double[widths.length][];
                    SensingOperator.AdjointMap map = op.adjointMap(y); // one sweep, then four products
                    for (int c = 0; c < widths.length; c++) {
                        int k = widths[c];
                        vs[c] = new double[n * k];
                        for (int i = 0; i < vs[c].length; i++) vs[c][i] = rnd.nextGaussian();
                        viaMap[c] = new double[n * k];
                        map.times(vs[c], k, viaMap[c]);
                    }
                    for (int c = 0; c < widths.length; c++) {
                        double[] direct = new double[n * widths[c]];
                        op.adjointTimes(y, vs[c], widths[c], direct);
                        assertArrayEquals(direct, viaMap[c], precision + ", threads " + threads + ", k " + widths[c]);
                    }
                }
            }
        }
    }
}
