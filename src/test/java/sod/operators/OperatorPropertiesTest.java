package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every sensing operator must have, checked against explicit n x n matrices. */
class OperatorPropertiesTest {

    enum Kind { DENSE_F64, DENSE_F32, RANK_ONE }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Kind kind : Kind.values()) {
            for (int threads : new int[] {1, 2}) {
                b.add(Arguments.of(kind, 7, 23, 2, threads));
                b.add(Arguments.of(kind, 13, 9, 3, threads));
                b.add(Arguments.of(kind, 1, 5, 1, threads));
                b.add(Arguments.of(kind, 33, 3, 4, threads));
            }
        }
        return b.build();
    }

    static SensingOperator create(Kind kind, int n, int m, long seed, int threads) {
        return switch (kind) {
            case DENSE_F64 -> DenseSymmetricOperator.gaussian(n, m, seed, Precision.FLOAT64, threads);
            case DENSE_F32 -> DenseSymmetricOperator.gaussian(n, m, seed, Precision.FLOAT32, threads);
            case RANK_ONE -> RankOneOperator.gaussian(n, m, seed, threads);
        };
    }

    /** A_i as a full n x n matrix read from the operator's storage, not through its algebra. */
    static double[] full(SensingOperator op, int i) {
        int n = op.n();
        double[] a = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                a[p * n + q] = switch (op) {
                    case DenseSymmetricOperator d -> d.entry(i, p, q);
                    case RankOneOperator r -> r.vectorEntry(i, p) * r.vectorEntry(i, q);
                    default -> throw new IllegalArgumentException();
                };
            }
        }
        return a;
    }

    static double[] random(int length, SplittableRandom random) {
        double[] v = new double[length];
        for (int e = 0; e < length; e++) v[e] = random.nextGaussian();
        return v;
    }

    static double[] product(double[] u, double[] v, int n, int k) {
        double[] out = new double[n * n];
        for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) for (int j = 0; j < k; j++) out[p * n + q] += u[p * k + j] * v[q * k + j];
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int e = 0; e < a.length; e++) s += a[e] * b[e];
        return s;
    }

    static void assertClose(double[] want, double[] got, double relative, String what) {
        double scale = 0;
        for (double w : want) scale = Math.max(scale, Math.abs(w));
        for (int e = 0; e < want.length; e++) {
            assertEquals(want[e], got[e], relative * Math.max(scale, 1e-300), what + " element " + e);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void measureAndAdjointMatchExplicitMatrices(Kind kind, int n, int m, int k, int threads) {
        SplittableRandom random = new SplittableRandom(1);
        try (SensingOperator op = create(kind, n, m, 11, threads)) {
            double[] u = random(n * k, random), v = random(n * k, random), y = random(m, random);
            double[] uvt = product(u, v, n, k);
            double[] want = new double[m], wantAdjoint = new double[n * n];
            for (int i = 0; i < m; i++) {
                double[] a = full(op, i);
                want[i] = dot(a, uvt);
                for (int e = 0; e < n * n; e++) wantAdjoint[e] += y[i] * a[e];
            }
            double[] got = new double[m];
            op.measure(u, v, k, got);
            assertClose(want, got, 1e-12, "measure");
            double[] adjoint = new double[n * n];
            op.adjoint(y, adjoint);
            assertClose(wantAdjoint, adjoint, 1e-12, "adjoint");

            // <A(M), y> = <M, A*(y)> for M = (U V^T + V U^T)/2.
            double lhs = dot(got, y), rhs = dot(uvt, adjoint);
            assertEquals(lhs, rhs, 1e-12 * (Math.abs(lhs) + Math.sqrt(dot(got, got) * dot(y, y))));

            // adjointTimes(y, V) = A*(y) V.
            double[] wantTimes = new double[n * k];
            for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) for (int j = 0; j < k; j++) wantTimes[p * k + j] += adjoint[p * n + q] * v[q * k + j];
            double[] times = new double[n * k];
            op.adjointTimes(y, v, k, times);
            assertClose(wantTimes, times, 1e-12, "adjointTimes");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedPathEqualsInterfaceDefaultAndIsReproducible(Kind kind, int n, int m, int r, int threads) {
        SplittableRandom random = new SplittableRandom(2);
        try (SensingOperator op = create(kind, n, m, 12, threads)) {
            double[] x = random(n * r, random), b = random(m, random);
            double[] res1 = new double[m], grad1 = new double[n * r], res2 = new double[m], grad2 = new double[n * r];
            double h1 = op.residualAndGradient(x, r, b, res1, grad1);
            double h2 = new DefaultPath(op).residualAndGradient(x, r, b, res2, grad2);
            assertEquals(h2, h1, 1e-12 * h2);
            assertClose(res2, res1, 1e-12, "residual");
            assertClose(grad2, grad1, 1e-12, "gradient");
            for (int rep = 0; rep < 3; rep++) {
                double[] res3 = new double[m], grad3 = new double[n * r];
                double h3 = op.residualAndGradient(x, r, b, res3, grad3);
                assertEquals(Double.doubleToRawLongBits(h1), Double.doubleToRawLongBits(h3));
                assertArrayEquals(res1, res3);
                assertArrayEquals(grad1, grad3);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Kind kind, int n, int m, int r, int threads) {
        SplittableRandom random = new SplittableRandom(3);
        try (SensingOperator op = create(kind, n, m, 13, threads)) {
            double[] x = random(n * r, random), b = random(m, random);
            double[] residual = new double[m], grad = new double[n * r], scratch = new double[n * r];
            op.residualAndGradient(x, r, b, residual, grad);
            double gradNorm = Math.sqrt(dot(grad, grad));
            for (int e = 0; e < n * r; e++) {
                double step = 1e-5 * Math.max(1, Math.abs(x[e]));
                double saved = x[e];
                x[e] = saved + step;
                double hPlus = op.residualAndGradient(x, r, b, residual, scratch);
                x[e] = saved - step;
                double hMinus = op.residualAndGradient(x, r, b, residual, scratch);
                x[e] = saved;
                double fd = (hPlus - hMinus) / (2 * step);
                assertEquals(fd, grad[e], 1e-6 * Math.max(1, gradNorm), "d h / d x[" + e + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneAndTwoThreadsAgree(Kind kind, int n, int m, int r, int threads) {
        if (threads != 2) return;
        SplittableRandom random = new SplittableRandom(4);
        double[] x = random(n * r, random), b = random(m, random);
        double[] res1 = new double[m], grad1 = new double[n * r], res2 = new double[m], grad2 = new double[n * r];
        double h1, h2;
        try (SensingOperator one = create(kind, n, m, 14, 1); SensingOperator two = create(kind, n, m, 14, 2)) {
            h1 = one.residualAndGradient(x, r, b, res1, grad1);
            h2 = two.residualAndGradient(x, r, b, res2, grad2);
        }
        assertEquals(h1, h2, 1e-12 * h1);
        // Per-measurement residuals do not depend on the split at all.
        assertArrayEquals(res1, res2);
        double norm = Math.sqrt(dot(grad1, grad1));
        for (int e = 0; e < n * r; e++) assertEquals(grad1[e], grad2[e], 1e-12 * norm);
        assertTrue(h1 > 0);
    }

    /** Delegates everything but {@code residualAndGradient}, which thus runs the interface default. */
    private record DefaultPath(SensingOperator op) implements SensingOperator {
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
}
