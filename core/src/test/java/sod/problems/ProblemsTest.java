package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class ProblemsTest {

    static double gramFrobenius(double[] z, int n, int r) {
        double s = 0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double e = 0;
                for (int j = 0; j < r; j++) e += z[p * r + j] * z[q * r + j];
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    static void checkTruthIsAZeroOfH(Problem problem) {
        int n = problem.n(), r = problem.rank();
        assertEquals(1.0, gramFrobenius(problem.truth(), n, r), 1e-12);
        double[] residual = new double[problem.m()], grad = new double[n * r];
        double h = problem.operator().residualAndGradient(problem.truth(), r, problem.b(), residual, grad);
        assertEquals(0, h, 1e-28);
        for (double g : grad) assertEquals(0, g, 1e-13);
        double bNorm = 0;
        for (double b : problem.b()) bNorm += b * b;
        // E ||b||^2 = ||Z Z^T||_F^2 = 1 (dense); a loose band catches a wrong scaling by a factor.
        assertEquals(1.0, bNorm, 0.6);
    }

    @Test
    void gaussianSensingIsSeededAndConsistent() {
        try (Problem one = GaussianSensing.create(12, 300, 2, 7, 1, false);
             Problem two = GaussianSensing.create(12, 300, 2, 7, 2, false);
             Problem f32 = GaussianSensing.create(12, 300, 2, 7, 2, true)) {
            checkTruthIsAZeroOfH(one);
            checkTruthIsAZeroOfH(f32);
            assertArrayEquals(one.truth(), two.truth());
            assertArrayEquals(one.b(), two.b());
            assertEquals(2, one.truthRank());
        }
        try (Problem other = GaussianSensing.create(12, 300, 2, 8, 1, false);
             Problem one = GaussianSensing.create(12, 300, 2, 7, 1, false)) {
            assertEquals(false, java.util.Arrays.equals(one.b(), other.b()));
        }
        assertThrows(SodInputException.class, () -> GaussianSensing.create(3, 10, 4, 1, 1, false));
    }

    @Test
    void rankOneSensingIsSeededAndConsistent() {
        try (Problem one = RankOneSensing.create(10, 200, 1, 3, 1); Problem two = RankOneSensing.create(10, 200, 1, 3, 2)) {
            int n = one.n(), r = one.rank();
            assertEquals(1.0, gramFrobenius(one.truth(), n, r), 1e-12);
            double[] residual = new double[one.m()], grad = new double[n * r];
            assertEquals(0, one.operator().residualAndGradient(one.truth(), r, one.b(), residual, grad), 1e-28);
            assertArrayEquals(one.b(), two.b());
        }
    }
}
