package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused sweep computes the dots of block i+4 together with the update of block i (and the first
 * block, the last block and the ragged tail apart): every residual must still be bitwise the
 * measure() value minus b, whatever m modulo 4 and the thread count, for both storage precisions.
 */
class DenseFusedPipelineTest {

    @Test
    void fusedResidualsAreBitwiseMeasureMinusB() {
        SplittableRandom random = new SplittableRandom(21);
        int n = 13, r = 2;
        for (Precision precision : Precision.values()) {
            for (int m : new int[] {1, 4, 7, 8, 9, 12, 19}) {
                for (int threads : new int[] {1, 2}) {
                    try (DenseSymmetricOperator op = DenseSymmetricOperator.gaussian(n, m, 5, precision, threads)) {
                        double[] x = new double[n * r], b = new double[m];
                        for (int e = 0; e < x.length; e++) x[e] = random.nextGaussian();
                        for (int i = 0; i < m; i++) b[i] = random.nextGaussian();
                        double[] residual = new double[m], grad = new double[n * r], ax = new double[m];
                        op.residualAndGradient(x, r, b, residual, grad);
                        op.measure(x, x, r, ax);
                        for (int i = 0; i < m; i++) {
                            assertEquals(Double.doubleToRawLongBits(ax[i] - b[i]), Double.doubleToRawLongBits(residual[i]),
                                    precision + " m=" + m + " threads=" + threads + " residual " + i);
                        }
                    }
                }
            }
        }
    }
}
