package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.openblas.ReferenceSolve;

class SteihaugCgTest {
    private static final int N = 30;
    /** Model values are sums of O(n^2) products: compared to rounding well above eps. */
    private static final double MODEL_ROUNDING = 1e-10;

    /** m(d) = g^T d + 1/2 d^T B d, evaluated directly. */
    private static double model(DenseMap b, double[] g, double[] d) {
        return ReferenceSolve.dot(g, d) + 0.5 * b.quadratic(d);
    }

    /** Decrease of the Cauchy point: the model minimised along -g within the radius. */
    private static double cauchyDecrease(DenseMap b, double[] g, double radius) {
        double gg = ReferenceSolve.dot(g, g), gNorm = Math.sqrt(gg), curvature = b.quadratic(g);
        double tau = curvature <= 0 ? radius / gNorm : Math.min(gg / curvature, radius / gNorm);
        return tau * gg - 0.5 * tau * tau * curvature;
    }

    @Test
    void stepsStayInsideTheRadiusAndBeatTheCauchyPoint() {
        SteihaugCg solver = new SteihaugCg(N);
        for (int[] signs : new int[][] {{1}, {1, -1, 1, 1}}) {
            for (long seed = 1; seed <= 5; seed++) {
                DenseMap b = new DenseMap(ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, 1e3, signs), seed), N);
                double[] g = ReferenceSolve.gaussian(N, new SplittableRandom(seed + 50)), d = new double[N];
                for (double radius : new double[] {1e-3, 0.1, 1, 10, 1e3, 1e6}) {
                    SteihaugOutcome out = solver.solve(b, g, radius, 1e-10, 10 * N, d);
                    String what = "seed " + seed + ", radius " + radius + ", signs " + signs.length + ": " + out;
                    double norm = ReferenceSolve.norm(d);
                    assertTrue(norm <= radius * (1 + 1e-12), what + " has |d| = " + norm);
                    assertClose(norm, out.stepNorm(), 1e-12, 0, "reported step norm");
                    double decrease = -model(b, g, d);
                    assertTrue(decrease > 0, what);
                    assertClose(decrease, out.modelDecrease(), MODEL_ROUNDING, 0, "reported decrease, " + what);
                    assertTrue(decrease >= cauchyDecrease(b, g, radius) * (1 - MODEL_ROUNDING), what + " below Cauchy");
                    if (out.hitBoundary()) assertClose(radius, norm, 1e-10, 0, "boundary step norm, " + what);
                }
            }
        }
    }

    @Test
    void negativeCurvatureIsFollowedToTheBoundary() {
        // With an indefinite B and a generic g the conjugate directions span R^n, so by Sylvester's law one
        // of them has negative curvature before CG could reach the saddle point inside a huge region.
        DenseMap b = new DenseMap(ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, 10, 1, 1, -1), 3), N);
        double[] g = ReferenceSolve.gaussian(N, new SplittableRandom(8)), d = new double[N];
        SteihaugOutcome out = new SteihaugCg(N).solve(b, g, 1e8, 1e-12, 10 * N, d);
        assertEquals(SteihaugOutcome.Stop.NEGATIVE_CURVATURE, out.stop(), out.toString());
        assertTrue(out.hitBoundary());
        assertClose(1e8, ReferenceSolve.norm(d), 1e-10, 0, "on the boundary");
        assertTrue(b.quadratic(d) < 0, "the step exploits the negative curvature");
    }

    @Test
    void aNegativeDefiniteModelStepsAlongMinusGToTheBoundary() {
        double[] minusIdentity = {-1, 0, 0, 0, -1, 0, 0, 0, -1};
        double[] g = {3, 0, 4}, d = new double[3];
        SteihaugOutcome out = new SteihaugCg(3).solve(new DenseMap(minusIdentity, 3), g, 2, 0.1, 10, d);
        assertEquals(SteihaugOutcome.Stop.NEGATIVE_CURVATURE, out.stop());
        assertEquals(1, out.iterations());
        assertClose(new double[] {-1.2, 0, -1.6}, d, 1e-15, "-radius g / |g|");
        assertClose(2 * 5 + 0.5 * 4, out.modelDecrease(), 1e-15, 0, "|g| radius + radius^2 / 2");
    }

    @Test
    void aLargeRegionGivesTheNewtonStepOfAPositiveDefiniteModel() {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, 100), 4);
        double[] g = ReferenceSolve.gaussian(N, new SplittableRandom(2)), d = new double[N];
        SteihaugOutcome out = new SteihaugCg(N).solve(new DenseMap(a, N), g, 1e6, 1e-12, 10 * N, d);
        assertEquals(SteihaugOutcome.Stop.CONVERGED, out.stop());
        assertTrue(!out.hitBoundary());
        double[] minusG = g.clone();
        for (int i = 0; i < N; i++) minusG[i] = -g[i];
        assertClose(ReferenceSolve.solve(a, N, minusG), d, 1e-9, "Newton step");
    }

    @Test
    void aTinyRegionGivesTheScaledSteepestDescentStep() {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, 100), 4);
        double[] g = ReferenceSolve.gaussian(N, new SplittableRandom(2)), d = new double[N];
        double radius = 1e-6;
        SteihaugOutcome out = new SteihaugCg(N).solve(new DenseMap(a, N), g, radius, 1e-12, 10 * N, d);
        assertEquals(SteihaugOutcome.Stop.BOUNDARY, out.stop());
        assertEquals(1, out.iterations());
        double gNorm = ReferenceSolve.norm(g);
        double[] expected = new double[N];
        for (int i = 0; i < N; i++) expected[i] = -radius * g[i] / gNorm;
        assertClose(expected, d, 1e-12, "the first CG direction cut at the boundary");
    }

    @Test
    void badInputGetsOneLine() {
        SteihaugCg solver = new SteihaugCg(2);
        DenseMap b = new DenseMap(new double[] {1, 0, 0, 1}, 2);
        double[] g = {1, 1}, d = new double[2];
        for (double radius : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            String message = assertThrows(SodInputException.class, () -> solver.solve(b, g, radius, 0.1, 5, d)).getMessage();
            assertTrue(message.contains("radius"), message);
        }
        String budget = assertThrows(SodInputException.class, () -> solver.solve(b, g, 1, 0.1, 0, d)).getMessage();
        assertTrue(budget.contains("budget"), budget);
        assertEquals(SteihaugOutcome.Stop.ZERO_GRADIENT, solver.solve(b, new double[2], 1, 0.1, 5, d).stop());
    }
}
