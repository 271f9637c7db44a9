package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/** Property checks every sensing operator must pass, against independent references. */
final class OperatorChecks {

    private OperatorChecks() {
    }

    static double[] gaussian(SplittableRandom rnd, int length, double scale) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) a[i] = scale * rnd.nextGaussian();
        return a;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double h(SensingOperator op, double[] x, int r, double[] b) {
        return op.residualAndGradient(x, r, b, new double[op.m()], new double[op.n() * r]);
    }

    /** h from measure() alone: 1/2 ||A(X X^T) - b||^2. */
    static double hFromMeasure(SensingOperator op, double[] x, int r, double[] b) {
        double[] ax = new double[op.m()];
        op.measure(x, x, r, ax);
        double s = 0;
        for (int i = 0; i < ax.length; i++) s += (ax[i] - b[i]) * (ax[i] - b[i]);
        return 0.5 * s;
    }

    /** The fused gradient against central differences of h, and h/residual against measure(). */
    static void checkGradient(SensingOperator op, double[] x, int r, double[] b) {
        int n = op.n();
        double[] residual = new double[op.m()];
        double[] grad = new double[n * r];
        double h = op.residualAndGradient(x, r, b, residual, grad);
        assertEquals(hFromMeasure(op, x, r, b), h, 1e-11 * Math.max(1, h), "h vs measure");
        double[] ax = new double[op.m()];
        op.measure(x, x, r, ax);
        for (int i = 0; i < ax.length; i++) assertEquals(ax[i] - b[i], residual[i], 1e-12 * Math.max(1, Math.abs(ax[i])), "residual " + i);
        double gscale = 0;
        for (double g : grad) gscale = Math.max(gscale, Math.abs(g));
        double step = 1e-6;
        for (int e = 0; e < n * r; e++) {
            double keep = x[e];
            x[e] = keep + step;
            double hp = h(op, x, r, b);
            x[e] = keep - step;
            double hm = h(op, x, r, b);
            x[e] = keep;
            double fd = (hp - hm) / (2 * step);
            assertEquals(fd, grad[e], 1e-6 * Math.max(1, gscale), "gradient entry " + e);
        }
    }

    /** <A(M), y> = <M, A*(y)> for M = sym(U V^T), and adjointTimes = adjoint times V. */
    static void checkAdjoint(SensingOperator op, long seed, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = op.n(), m = op.m();
        double[] u = gaussian(rnd, n * k, 1), v = gaussian(rnd, n * k, 1), y = gaussian(rnd, m, 1);
        double[] am = new double[m];
        op.measure(u, v, k, am);
        double[] g = new double[n * n];
        op.adjoint(y, g);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) assertEquals(g[i * n + j], g[j * n + i], 1e-14 * (1 + Math.abs(g[i * n + j])), "A*(y) symmetric");
        double lhs = dot(am, y);
        double rhs = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[i * k + c] * v[j * k + c];
                    vu += v[i * k + c] * u[j * k + c];
                }
                rhs += 0.5 * (uv + vu) * g[i * n + j];
            }
        assertEquals(lhs, rhs, 1e-10 * Math.max(1, Math.abs(lhs)), "adjoint identity");
        double[] out = new double[n * k];
        op.adjointTimes(y, v, k, out);
        double scale = 1;
        for (double o : out) scale = Math.max(scale, Math.abs(o));
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += g[i * n + j] * v[j * k + c];
                assertEquals(s, out[i * k + c], 1e-12 * scale, "adjointTimes (" + i + ", " + c + ")");
            }
    }

    static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++)
            assertTrue(Math.abs(expected[i] - actual[i]) <= relTol * Math.max(scale, 1e-300),
                    what + " entry " + i + ": " + expected[i] + " vs " + actual[i]);
    }
}
