package sod.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.problems.Problem;

class QuarticTest {

    static DenseTestOperator gaussian(int n, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[m][n * n];
        for (int t = 0; t < m; t++)
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) {
                    double v = rnd.nextGaussian() / Math.sqrt(m);
                    a[t][i * n + j] = v;
                    a[t][j * n + i] = v;
                }
        return new DenseTestOperator(n, a);
    }

    @Test
    void quarticIsTheLossAlongTheRay() {
        int n = 5, m = 12, r = 2;
        SplittableRandom rnd = new SplittableRandom(7);
        double[] z = new double[n * r], x = new double[n * r], d = new double[n * r];
        for (int i = 0; i < n * r; i++) {
            z[i] = rnd.nextGaussian();
            x[i] = rnd.nextGaussian();
            d[i] = rnd.nextGaussian();
        }
        Problem p = DenseTestOperator.problem("gauss", gaussian(n, m, 3), z, r);
        double[] r0 = new double[m], r1 = new double[m], r2 = new double[m], c = new double[5];
        p.operator().measure(x, x, r, r0);
        for (int i = 0; i < m; i++) r0[i] -= p.b()[i];
        p.operator().measure(x, d, r, r1);
        for (int i = 0; i < m; i++) r1[i] *= 2;
        p.operator().measure(d, d, r, r2);
        Quartic.coefficients(r0, r1, r2, m, c);
        for (double s = -2; s <= 2; s += 0.37) {
            double[] xs = x.clone();
            for (int i = 0; i < n * r; i++) xs[i] += s * d[i];
            double direct = DenseTestOperator.h(p, xs);
            assertEquals(direct, Quartic.value(c, s), 1e-10 * Math.max(1, direct));
        }
    }

    @Test
    void argminIsTheGlobalMinimumOnAFineGrid() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            double[] c = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian() * 3, rnd.nextGaussian(),
                    Math.abs(rnd.nextGaussian()) + 0.05};
            double s = Quartic.argmin(c);
            double best = Double.POSITIVE_INFINITY;
            for (double g = -20; g <= 20; g += 1e-3) best = Math.min(best, Quartic.value(c, g));
            assertTrue(Quartic.value(c, s) <= best + 1e-9, "trial " + trial);
            double deriv = c[1] + s * (2 * c[2] + s * (3 * c[3] + s * 4 * c[4]));
            assertEquals(0, deriv, 1e-8 * (1 + Math.abs(c[1]) + Math.abs(c[2]) + Math.abs(c[3]) + c[4]));
        }
    }

    @Test
    void degenerateCases() {
        assertEquals(1.5, Quartic.argmin(new double[] {0, -3, 1, 0, 0}), 1e-15); // quadratic
        assertTrue(Double.isNaN(Quartic.argmin(new double[] {0, 1, 1, 1, 0}))); // cubic: unbounded
        assertTrue(Double.isNaN(Quartic.argmin(new double[] {0, 1, -1, 0, 0}))); // concave quadratic
        // symmetric double well: both minima at +-1 have the same value
        double s = Quartic.argmin(new double[] {0, 0, -2, 0, 1});
        assertEquals(1, Math.abs(s), 1e-12);
    }
}
