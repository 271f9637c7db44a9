package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sod.operators.OperatorPropertiesTest.Kind;

/**
 * The fused l1 pass ({@link SensingOperator#residualAndSubgradientL1}) of the dense and rank-one
 * operators: equal to the interface's default implementation (measure + adjointTimes), and a true
 * gradient of {@code sum |r_i|} away from kinks (central differences with no residual changing sign).
 */
class L1SubgradientTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Kind kind : Kind.values()) {
            for (int threads : new int[] {1, 2}) {
                b.add(Arguments.of(kind, 7, 23, 2, threads));
                b.add(Arguments.of(kind, 13, 9, 3, threads));
                b.add(Arguments.of(kind, 1, 5, 1, threads));
            }
        }
        return b.build();
    }

    /** Delegates everything but the l1 pass, so the interface default runs. */
    record Plain(SensingOperator op) implements SensingOperator {
        public int n() { return op.n(); }
        public int m() { return op.m(); }
        public int threads() { return op.threads(); }
        public void measure(double[] u, double[] v, int k, double[] out) { op.measure(u, v, k, out); }
        public void adjointTimes(double[] y, double[] v, int k, double[] out) { op.adjointTimes(y, v, k, out); }
        public void adjoint(double[] y, double[] g) { op.adjoint(y, g); }
        public long bytesPerIteration(int r) { return op.bytesPerIteration(r); }
        public double flopsPerIteration(int r) { return op.flopsPerIteration(r); }
        public void close() { }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedEqualsDefaultImplementation(Kind kind, int n, int m, int r, int threads) {
        SplittableRandom random = new SplittableRandom(n * 31L + m);
        try (SensingOperator op = OperatorPropertiesTest.create(kind, n, m, 5, threads)) {
            double[] x = OperatorChecks.gaussian(random, n * r, 1), b = OperatorChecks.gaussian(random, m, 1);
            double[] residual = new double[m], grad = new double[n * r];
            double[] residualRef = new double[m], gradRef = new double[n * r];
            double f = op.residualAndSubgradientL1(x, r, b, residual, grad);
            double fRef = new Plain(op).residualAndSubgradientL1(x, r, b, residualRef, gradRef);
            assertEquals(fRef, f, 1e-12 * Math.max(1, fRef), "sum |r_i|");
            OperatorChecks.assertClose(residualRef, residual, 1e-12, "residual");
            OperatorChecks.assertClose(gradRef, grad, 1e-11, "subgradient");
            // The l2 pass after an l1 pass is unaffected by the flag.
            double[] g2 = new double[n * r];
            double h = op.residualAndGradient(x, r, b, residual, g2);
            assertEquals(OperatorChecks.hFromMeasure(op, x, r, b), h, 1e-11 * Math.max(1, h));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void subgradientMatchesCentralDifferencesAwayFromKinks(Kind kind, int n, int m, int r, int threads) {
        SplittableRandom random = new SplittableRandom(n * 17L + m);
        try (SensingOperator op = OperatorPropertiesTest.create(kind, n, m, 9, threads)) {
            double[] x = OperatorChecks.gaussian(random, n * r, 1), b = OperatorChecks.gaussian(random, m, 1);
            double[] residual = new double[m], grad = new double[n * r];
            op.residualAndSubgradientL1(x, r, b, residual, grad);
            double[] sign = new double[m];
            for (int i = 0; i < m; i++) sign[i] = Math.signum(residual[i]);
            double gscale = 1;
            for (double g : grad) gscale = Math.max(gscale, Math.abs(g));
            double step = 1e-6;
            double[] rp = new double[m], rm = new double[m], scratch = new double[n * r];
            int checked = 0;
            for (int e = 0; e < n * r; e++) {
                double keep = x[e];
                x[e] = keep + step;
                double fp = op.residualAndSubgradientL1(x, r, b, rp, scratch);
                x[e] = keep - step;
                double fm = op.residualAndSubgradientL1(x, r, b, rm, scratch);
                x[e] = keep;
                boolean smooth = true;
                for (int i = 0; i < m; i++) smooth &= Math.signum(rp[i]) == sign[i] && Math.signum(rm[i]) == sign[i];
                if (!smooth) continue; // a kink between x - step and x + step
                checked++;
                // sum |r_i| is quadratic in x between kinks, so the central difference is exact up to rounding.
                assertEquals((fp - fm) / (2 * step), grad[e], 1e-6 * gscale, "subgradient entry " + e);
            }
            assertTrue(checked >= n * r - 1, "only " + checked + " of " + n * r + " entries away from kinks");
        }
    }
}
