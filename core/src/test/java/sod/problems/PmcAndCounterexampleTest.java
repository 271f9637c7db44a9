package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class PmcAndCounterexampleTest {

    private static double h(Problem p, double[] x, double[] grad) {
        return p.operator().residualAndGradient(x, p.rank(), p.b(), new double[p.m()], grad);
    }

    @Test
    void pmcSpecPointForNThreeEpsPointThree() {
        try (Problem p = Pmc.create(3, 0.3, 1)) {
            assertEquals(9, p.m());
            assertArrayEquals(new double[]{1, 0, 1}, p.truth());
            double[] x = {-0.9134, 0, 0.9139};
            double[] grad = new double[3];
            double h = h(p, x, grad);
            // by hand: 1/2 [(x1^2-1)^2 + (x3^2-1)^2 + 2 eps^2 (x1 x3 - 1)^2]
            double expected = 0.5 * (Math.pow(x[0] * x[0] - 1, 2) + Math.pow(x[2] * x[2] - 1, 2)
                    + 2 * 0.09 * Math.pow(x[0] * x[2] - 1, 2));
            assertEquals(expected, h, 1e-14);
            assertEquals(0.330, h, 5e-4); // the spec's printed value
            // it is (close to) a stationary point: the printed coordinates have 4 digits
            for (double g : grad) assertEquals(0.0, g, 2e-3);
            assertEquals(0.0, h(p, p.truth(), grad), 0.0);
        }
    }

    @Test
    void pmcStructure() {
        int n = 6;
        double eps = 0.15;
        double[] w = Pmc.weights(n, eps);
        // 0-based odd rows/columns (even 1-based) and the diagonal are observed
        assertEquals(1.0, w[0]);
        assertEquals(eps, w[2]);
        assertEquals(1.0, w[1]);
        assertEquals(1.0, w[3 * n + 5]);
        assertEquals(eps, w[2 * n + 4]);
        assertEquals(1.0, w[4 * n + 4]);
        try (Problem p = Pmc.create(n, eps, 1)) {
            assertEquals(eps, p.b()[2]); // W_02 M*_02 = eps * 1
            assertEquals(0.0, p.b()[1]);
            assertEquals(1.0, p.b()[0]);
        }
        assertThrows(SodInputException.class, () -> Pmc.create(1, 0.1, 1));
        assertThrows(SodInputException.class, () -> Pmc.create(4, Double.NaN, 1));
    }

    @Test
    void counterexampleSpuriousPointIsStationary() {
        try (Problem p = Counterexample.create()) {
            assertEquals(2, p.n());
            assertEquals(3, p.m());
            assertArrayEquals(new double[]{1, 0, 0}, p.b(), 1e-15);
            double[] grad = new double[2];
            double h = h(p, Counterexample.SPURIOUS_POINT.clone(), grad);
            // A(XX^T) = (1/4, 0, sqrt3/4), residual (-3/4, 0, sqrt3/4): h = (9/16 + 3/16)/2
            assertEquals(0.375, h, 1e-15);
            assertEquals(0.0, grad[0], 1e-15);
            assertEquals(0.0, grad[1], 1e-15);
            assertEquals(0.0, h(p, p.truth(), grad), 1e-30);
        }
    }
}
