package sod.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.testing.Tolerances;

/**
 * What every {@link SensingOperator} must do, checked against independent references: explicit n x n
 * matrices read from the operator's own data (not through its algebra), central finite differences of
 * h, the interface's measure-then-adjoint definitions of the fused passes, and the operator at another
 * thread count. Each operator's test extends this and says how to build it at awkward sizes (in the
 * spirit of EJML's generic decomposition checks); a new operator gets every check by writing one
 * small subclass.
 */
abstract class SensingOperatorContract {

    /** An operator under test at one size, made for a given thread count. */
    record Case(String name, IntFunction<SensingOperator> factory) {
        SensingOperator create(int threads) {
            return factory.apply(threads);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Small awkward sizes for the algebra checks (each made with 1 and 2 threads). */
    protected abstract List<Case> cases();

    /** {@code A_i} as a full n x n matrix (row-major) read from the operator's data, not its algebra. */
    protected abstract double[] explicitMatrix(SensingOperator op, int i);

    /** Whether every result is bitwise the same for every thread count (else only residuals and measurements are). */
    protected abstract boolean bitwiseAcrossThreads();

    /** Factor widths of the checks. */
    protected int[] ranks() {
        return new int[] {1, 2, 3, 4};
    }

    /** Sizes at which the operator really splits its work over two threads; empty if it has one thread only. */
    protected List<Case> threadCases() {
        return cases();
    }

    /** A size at which the operator's hot paths run on two threads (for the allocation check). */
    protected Case allocationCase() {
        return cases().get(cases().size() - 1);
    }

    // ---- references ----

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

    static double maxAbs(double[] a) {
        double s = 0;
        for (double v : a) s = Math.max(s, Math.abs(v));
        return s;
    }

    /** {@code (U V^T + V U^T)/2}, n x n. */
    static double[] symmetricProduct(double[] u, double[] v, int n, int k) {
        double[] out = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double s = 0;
                for (int c = 0; c < k; c++) s += u[p * k + c] * v[q * k + c] + v[p * k + c] * u[q * k + c];
                out[p * n + q] = 0.5 * s;
            }
        }
        return out;
    }

    /** {@code G V} for a full n x n G. */
    static double[] times(double[] g, double[] v, int n, int k) {
        double[] out = new double[n * k];
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
                for (int c = 0; c < k; c++) out[p * k + c] += g[p * n + q] * v[q * k + c];
        return out;
    }

    /** All {@code A_i} of the operator, explicitly. */
    private double[][] explicitMatrices(SensingOperator op) {
        double[][] a = new double[op.m()][];
        for (int i = 0; i < op.m(); i++) a[i] = explicitMatrix(op, i);
        return a;
    }

    /** h from measure() alone: 1/2 ||A(X X^T) - b||^2. */
    static double hFromMeasure(SensingOperator op, double[] x, int r, double[] b) {
        double[] ax = new double[op.m()];
        op.measure(x, x, r, ax);
        double s = 0;
        for (int i = 0; i < ax.length; i++) s += (ax[i] - b[i]) * (ax[i] - b[i]);
        return 0.5 * s;
    }

    /** True when the operator's own class implements the named hook (else the skeleton's default runs). */
    private static boolean overrides(SensingOperator op, String hook) {
        for (var method : op.getClass().getDeclaredMethods()) if (method.getName().equals(hook)) return true;
        return false;
    }

    /** Delegates everything but the fused passes, which thus run the interface's definitions. */
    private record ByDefinition(SensingOperator op) implements SensingOperator {
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

    // ---- the contract ----

    @Test
    void measureAndAdjointMatchExplicitMatrices() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                try (SensingOperator op = c.create(threads)) {
                    int n = op.n(), m = op.m();
                    double[][] a = explicitMatrices(op);
                    for (int k : ranks()) {
                        String at = c + ", threads " + threads + ", k " + k;
                        double[] u = gaussian(rnd, n * k, 1), v = gaussian(rnd, n * k, 1), y = gaussian(rnd, m, 1);
                        double[] sym = symmetricProduct(u, v, n, k);
                        double[] want = new double[m], wantAdjoint = new double[n * n];
                        for (int i = 0; i < m; i++) {
                            want[i] = dot(a[i], sym);
                            for (int e = 0; e < n * n; e++) wantAdjoint[e] += y[i] * a[i][e];
                        }
                        double[] got = new double[m];
                        op.measure(u, v, k, got);
                        assertClose(want, got, Tolerances.REORDERED_SUM, "measure, " + at);
                        double[] adjoint = new double[n * n];
                        op.adjoint(y, adjoint);
                        assertClose(wantAdjoint, adjoint, Tolerances.REORDERED_SUM, "adjoint, " + at);
                        for (int p = 0; p < n; p++)
                            for (int q = 0; q < p; q++) assertEquals(adjoint[p * n + q], adjoint[q * n + p], "A*(y) symmetric, " + at);

                        // <A(sym(U V^T)), y> = <sym(U V^T), A*(y)>
                        double lhs = dot(got, y), rhs = dot(sym, adjoint);
                        assertEquals(lhs, rhs, Tolerances.REORDERED_SUM * (Math.abs(lhs) + Math.sqrt(dot(got, got) * dot(y, y))),
                                "adjoint identity, " + at);

                        double[] product = new double[n * k];
                        op.adjointTimes(y, v, k, product);
                        assertClose(times(adjoint, v, n, k), product, Tolerances.REORDERED_SUM, "adjointTimes = A*(y) V, " + at);
                    }
                }
            }
        }
    }

    /** The prepared map gives exactly what adjointTimes gives, for products of mixed widths from one preparation. */
    @Test
    void adjointMapEqualsAdjointTimesBitwise() {
        SplittableRandom rnd = new SplittableRandom(2);
        int[] widths = {1, 3, 1, 4};
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                try (SensingOperator op = c.create(threads)) {
                    int n = op.n();
                    double[] y = gaussian(rnd, op.m(), 1);
                    double[][] vs = new double[widths.length][], viaMap = new double[widths.length][];
                    SensingOperator.AdjointMap map = op.adjointMap(y);
                    for (int w = 0; w < widths.length; w++) {
                        vs[w] = gaussian(rnd, n * widths[w], 1);
                        viaMap[w] = new double[n * widths[w]];
                        map.times(vs[w], widths[w], viaMap[w]);
                    }
                    for (int w = 0; w < widths.length; w++) {
                        double[] direct = new double[n * widths[w]];
                        op.adjointTimes(y, vs[w], widths[w], direct);
                        assertArrayEquals(direct, viaMap[w], c + ", threads " + threads + ", k " + widths[w]);
                    }
                }
            }
        }
    }

    /** The fused gradient against central differences of h, and h and the residual against measure(). */
    @Test
    void gradientMatchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (Case c : cases()) {
            try (SensingOperator op = c.create(1)) {
                int n = op.n(), m = op.m();
                for (int r : ranks()) {
                    String at = c + ", r " + r;
                    double[] x = gaussian(rnd, n * r, 1), b = gaussian(rnd, m, 1);
                    double[] residual = new double[m], grad = new double[n * r], scratch = new double[n * r];
                    double h = op.residualAndGradient(x, r, b, residual, grad);
                    assertClose(hFromMeasure(op, x, r, b), h, Tolerances.REORDERED_SUM, 1, "h vs measure, " + at);
                    double[] ax = new double[m];
                    op.measure(x, x, r, ax);
                    for (int i = 0; i < m; i++)
                        assertClose(ax[i] - b[i], residual[i], Tolerances.REORDERED_SUM, Math.max(1, Math.abs(ax[i])), "residual " + i + ", " + at);
                    double scale = Math.max(1, maxAbs(grad));
                    double[] work = new double[m];
                    for (int e = 0; e < n * r; e++) {
                        double step = 1e-5 * Math.max(1, Math.abs(x[e]));
                        double saved = x[e];
                        x[e] = saved + step;
                        double hPlus = op.residualAndGradient(x, r, b, work, scratch);
                        x[e] = saved - step;
                        double hMinus = op.residualAndGradient(x, r, b, work, scratch);
                        x[e] = saved;
                        assertClose((hPlus - hMinus) / (2 * step), grad[e], Tolerances.FINITE_DIFFERENCE, scale, "d h / d x[" + e + "], " + at);
                    }
                }
            }
        }
    }

    /** An operator's own fused passes equal the interface's definitions (measure, then adjointTimes) and repeat bitwise. */
    @Test
    void fusedPassesEqualTheirDefinitionsAndRepeatBitwise() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                try (SensingOperator op = c.create(threads)) {
                    SensingOperator reference = new ByDefinition(op);
                    int n = op.n(), m = op.m();
                    for (int r : ranks()) {
                        for (boolean l1 : new boolean[] {false, true}) {
                            String at = c + ", threads " + threads + ", r " + r + (l1 ? ", l1" : ", l2");
                            double[] x = gaussian(rnd, n * r, 1), b = gaussian(rnd, m, 1);
                            double[] res = new double[m], grad = new double[n * r];
                            double f = pass(op, l1, x, r, b, res, grad);
                            if (overrides(op, l1 ? "residualAndSubgradientL1Checked" : "residualAndGradientChecked")) {
                                double[] resRef = new double[m], gradRef = new double[n * r];
                                double fRef = pass(reference, l1, x, r, b, resRef, gradRef);
                                assertClose(fRef, f, Tolerances.REORDERED_SUM, l1 ? 1 : 0, "loss, " + at);
                                assertClose(resRef, res, Tolerances.REORDERED_SUM, "residual, " + at);
                                assertClose(gradRef, grad, l1 ? SIGN_WEIGHTED_SUM : Tolerances.REORDERED_SUM, "gradient, " + at);
                            }
                            for (int rep = 0; rep < 2; rep++) {
                                double[] res2 = new double[m], grad2 = new double[n * r];
                                assertEquals(f, pass(op, l1, x, r, b, res2, grad2), 0.0, "loss repeated, " + at);
                                assertArrayEquals(res, res2, "residual repeated, " + at);
                                assertArrayEquals(grad, grad2, "gradient repeated, " + at);
                            }
                        }
                        // An l2 pass after an l1 pass is unaffected by it.
                        double[] x = gaussian(rnd, n * r, 1), b = gaussian(rnd, m, 1);
                        double h = op.residualAndGradient(x, r, b, new double[m], new double[n * r]);
                        assertClose(hFromMeasure(op, x, r, b), h, Tolerances.REORDERED_SUM, 1, "l2 after l1, " + c);
                    }
                }
            }
        }
    }

    /**
     * The objective (what a local method evaluates) against the operator's fused pass: h, the gradient
     * and the residual it forms on request agree to rounding, repeat bitwise, and a rebound objective is
     * bitwise a fresh one for the new b.
     */
    @Test
    void objectiveMatchesTheFusedPassAndRebinds() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (Case c : cases()) {
            for (int threads : new int[] {1, 2}) {
                try (SensingOperator op = c.create(threads)) {
                    int n = op.n(), m = op.m();
                    double[] b = gaussian(rnd, m, 1), b2 = gaussian(rnd, m, 1);
                    Objective objective = op.objective(b);
                    assertTrue(objective.operator() == op && objective.b() == b, "objective of " + c);
                    for (int r : ranks()) {
                        String at = c + ", threads " + threads + ", r " + r;
                        double[] x = gaussian(rnd, n * r, 1);
                        double[] res = new double[m], grad = new double[n * r];
                        double h = op.residualAndGradient(x, r, b, res, grad);
                        double[] g1 = new double[n * r], res1 = new double[m];
                        double h1 = objective.lossAndGradient(x, r, g1);
                        assertClose(h, h1, Tolerances.REORDERED_SUM, 0, "objective h, " + at);
                        assertClose(grad, g1, Tolerances.REORDERED_SUM, "objective gradient, " + at);
                        objective.residual(x, r, res1);
                        assertClose(res, res1, Tolerances.REORDERED_SUM, "objective residual, " + at);
                        double[] g2 = new double[n * r];
                        assertEquals(h1, objective.lossAndGradient(x, r, g2), 0.0, "objective h repeated, " + at);
                        assertArrayEquals(g1, g2, "objective gradient repeated, " + at);
                        objective.bind(b2);
                        double[] g3 = new double[n * r], g4 = new double[n * r];
                        double h3 = objective.lossAndGradient(x, r, g3);
                        double h4 = op.objective(b2).lossAndGradient(x, r, g4);
                        assertEquals(h4, h3, 0.0, "rebound objective h, " + at);
                        assertArrayEquals(g4, g3, "rebound objective gradient, " + at);
                        objective.bind(b);
                    }
                }
            }
        }
    }

    /** Every member of a batch evaluation is bitwise the single-point evaluation at its point, for any batch size. */
    @Test
    void objectiveBatchMembersEqualSinglePointsBitwise() {
        SplittableRandom rnd = new SplittableRandom(43);
        List<Case> all = new java.util.ArrayList<>(cases());
        all.addAll(threadCases());
        for (Case c : all) {
            for (int threads : new int[] {1, 2}) {
                try (SensingOperator op = c.create(threads)) {
                    int n = op.n(), m = op.m();
                    Objective objective = op.objective(gaussian(rnd, m, 1));
                    for (int r : new int[] {1, 2}) {
                        for (int count : new int[] {1, 3, 6}) {
                            String at = c + ", threads " + threads + ", r " + r + ", batch of " + count;
                            double[][] xs = new double[count][], grads = new double[count][];
                            for (int k = 0; k < count; k++) {
                                xs[k] = gaussian(rnd, n * r, 1);
                                grads[k] = new double[n * r];
                            }
                            double[] losses = new double[count];
                            objective.lossAndGradients(xs, r, count, grads, losses);
                            for (int k = 0; k < count; k++) {
                                double[] g = new double[n * r];
                                double h = objective.lossAndGradient(xs[k], r, g);
                                assertEquals(h, losses[k], 0.0, "batch member " + k + " h, " + at);
                                assertArrayEquals(g, grads[k], "batch member " + k + " gradient, " + at);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Sign-weighted sums {@code sum_i sign(r_i) A_i} cancel more than residual-weighted ones (every
     * term has full weight), so two summation orders differ by a few ulps of the largest term.
     */
    private static final double SIGN_WEIGHTED_SUM = 1e-11;

    private static double pass(SensingOperator op, boolean l1, double[] x, int r, double[] b, double[] residual, double[] grad) {
        return l1 ? op.residualAndSubgradientL1(x, r, b, residual, grad) : op.residualAndGradient(x, r, b, residual, grad);
    }

    /** The l1 pass against its definition from explicit matrices: sum |r_i| and 2 sum_i sign(r_i) A_i X. */
    @Test
    void l1SubgradientMatchesExplicitDefinition() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (Case c : cases()) {
            try (SensingOperator op = c.create(2)) {
                int n = op.n(), m = op.m();
                double[][] a = explicitMatrices(op);
                for (int r : ranks()) {
                    String at = c + ", r " + r;
                    double[] x = gaussian(rnd, n * r, 1), b = gaussian(rnd, m, 1);
                    double[] xxt = symmetricProduct(x, x, n, r);
                    double[] g = new double[n * n];
                    double want = 0;
                    for (int i = 0; i < m; i++) {
                        double ri = dot(a[i], xxt) - b[i];
                        want += Math.abs(ri);
                        for (int e = 0; e < n * n; e++) g[e] += 2 * Math.signum(ri) * a[i][e];
                    }
                    double[] residual = new double[m], grad = new double[n * r];
                    double f = op.residualAndSubgradientL1(x, r, b, residual, grad);
                    assertClose(want, f, Tolerances.REORDERED_SUM, 1, "sum |r_i|, " + at);
                    assertClose(times(g, x, n, r), grad, SIGN_WEIGHTED_SUM, "subgradient, " + at);
                }
            }
        }
    }

    /** Away from kinks sum |r_i| is smooth and the l1 pass is its gradient: central differences. */
    @Test
    void l1SubgradientMatchesCentralDifferencesAwayFromKinks() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (Case c : cases()) {
            try (SensingOperator op = c.create(1)) {
                int n = op.n(), m = op.m();
                for (int r : ranks()) {
                    double[] x = gaussian(rnd, n * r, 1), b = gaussian(rnd, m, 1);
                    double[] residual = new double[m], grad = new double[n * r];
                    op.residualAndSubgradientL1(x, r, b, residual, grad);
                    double scale = Math.max(1, maxAbs(grad));
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
                        for (int i = 0; i < m; i++) smooth &= Math.signum(rp[i]) == Math.signum(residual[i]) && Math.signum(rm[i]) == Math.signum(residual[i]);
                        if (!smooth) continue; // a kink between x - step and x + step
                        checked++;
                        assertClose((fp - fm) / (2 * step), grad[e], Tolerances.FINITE_DIFFERENCE, scale, "subgradient entry " + e + ", " + c + ", r " + r);
                    }
                    assertTrue(checked >= n * r - 1, "only " + checked + " of " + n * r + " entries away from kinks, " + c);
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsAgree() {
        List<Case> cases = threadCases();
        Assumptions.assumeFalse(cases.isEmpty(), "a single-threaded operator");
        SplittableRandom rnd = new SplittableRandom(7);
        boolean bitwise = bitwiseAcrossThreads();
        for (Case c : cases) {
            try (SensingOperator one = c.create(1); SensingOperator two = c.create(2)) {
                assertEquals(2, two.threads(), c.name());
                int n = one.n(), m = one.m();
                for (int r : ranks()) {
                    String at = c + ", r " + r;
                    double[] x = gaussian(rnd, n * r, 0.3), b = gaussian(rnd, m, 1), y = gaussian(rnd, m, 1);
                    for (boolean l1 : new boolean[] {false, true}) {
                        double[] res1 = new double[m], res2 = new double[m], g1 = new double[n * r], g2 = new double[n * r];
                        double f1 = pass(one, l1, x, r, b, res1, g1), f2 = pass(two, l1, x, r, b, res2, g2);
                        // Per-measurement residuals never depend on the split.
                        assertArrayEquals(res1, res2, "residual, " + at);
                        double[] res3 = new double[m], g3 = new double[n * r];
                        assertEquals(f2, pass(two, l1, x, r, b, res3, g3), 0.0, "loss repeated on two threads, " + at);
                        assertArrayEquals(g2, g3, "gradient repeated on two threads, " + at);
                        if (bitwise) {
                            assertEquals(f1, f2, 0.0, "loss, " + at);
                            assertArrayEquals(g1, g2, "gradient, " + at);
                        } else {
                            assertClose(f1, f2, Tolerances.REORDERED_SUM, 0, "loss, " + at);
                            assertClose(g1, g2, l1 ? SIGN_WEIGHTED_SUM : Tolerances.REORDERED_SUM, "gradient, " + at);
                        }
                    }
                    double[] m1 = new double[m], m2 = new double[m];
                    one.measure(x, x, r, m1);
                    two.measure(x, x, r, m2);
                    assertArrayEquals(m1, m2, "measure, " + at);
                    double[] a1 = new double[n * r], a2 = new double[n * r];
                    one.adjointTimes(y, x, r, a1);
                    two.adjointTimes(y, x, r, a2);
                    if (bitwise) assertArrayEquals(a1, a2, "adjointTimes, " + at);
                    else assertClose(a1, a2, Tolerances.REORDERED_SUM, "adjointTimes, " + at);
                }
            }
        }
    }

    /** Arrays shorter than the operator needs, and widths below 1, are bad input, not index errors. */
    @Test
    void shortArraysAndBadWidthsAreRejected() {
        try (SensingOperator op = cases().get(0).create(1)) {
            int n = op.n(), m = op.m(), k = 2;
            double[] x = new double[n * k], shortX = new double[n * k - 1], y = new double[m], shortY = new double[m - 1];
            double[] out = new double[m], grad = new double[n * k];
            assertThrows(SodInputException.class, () -> op.measure(shortX, x, k, out));
            assertThrows(SodInputException.class, () -> op.measure(x, shortX, k, out));
            assertThrows(SodInputException.class, () -> op.measure(x, x, k, shortY));
            assertThrows(SodInputException.class, () -> op.measure(x, x, 0, out));
            assertThrows(SodInputException.class, () -> op.adjointTimes(shortY, x, k, grad));
            assertThrows(SodInputException.class, () -> op.adjointTimes(y, x, k, shortX));
            assertThrows(SodInputException.class, () -> op.adjointMap(shortY));
            assertThrows(SodInputException.class, () -> op.adjointMap(y).times(shortX, k, grad));
            assertThrows(SodInputException.class, () -> op.adjoint(y, new double[n * n - 1]));
            for (boolean l1 : new boolean[] {false, true}) {
                assertThrows(SodInputException.class, () -> pass(op, l1, x, k, shortY, out, grad));
                assertThrows(SodInputException.class, () -> pass(op, l1, x, k, y, shortY, grad));
                assertThrows(SodInputException.class, () -> pass(op, l1, x, k, y, out, shortX));
                assertThrows(SodInputException.class, () -> pass(op, l1, shortX, k, y, out, grad));
                assertThrows(SodInputException.class, () -> pass(op, l1, x, 0, y, out, grad));
            }
        }
    }

    static final com.sun.management.ThreadMXBean THREAD_BEAN = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated(long[] ids) {
        long total = 0;
        for (long id : ids) total += THREAD_BEAN.getThreadAllocatedBytes(id);
        return total;
    }

    /** After warm-up the hot paths allocate nothing on the caller or the operator's workers (HotSpot's per-thread counters). */
    @Test
    void hotPathsDoNotAllocateInSteadyState() {
        try (SensingOperator op = allocationCase().create(2)) {
            int n = op.n(), m = op.m(), r = 3;
            double[] x = new double[n * r], b = new double[m], residual = new double[m], grad = new double[n * r], out = new double[n * r];
            for (int e = 0; e < x.length; e++) x[e] = Math.sin(e);
            for (int i = 0; i < m; i++) b[i] = Math.cos(i);
            Objective objective = op.objective(b);
            double[][] points = {x, out}, grads = {grad, new double[n * r]};
            double[] losses = new double[2];
            Runnable calls = () -> {
                objective.lossAndGradient(x, r, grad);
                objective.lossAndGradients(points, r, 2, grads, losses);
                objective.bind(b);
                op.residualAndGradient(x, r, b, residual, grad);
                op.residualAndSubgradientL1(x, r, b, residual, grad);
                op.measure(x, x, r, residual);
                op.adjointTimes(b, x, r, out);
            };
            for (int rep = 0; rep < 2000; rep++) calls.run();
            SensingOperator.AdjointMap warm = op.adjointMap(b);
            for (int rep = 0; rep < 2000; rep++) warm.times(x, 1, out);
            long[] workers = ((AbstractSensingOperator) op).workerThreadIds();
            assertEquals(op.threads() - 1, workers.length, "the workers ran (so their counters are read)");
            long[] ids = new long[workers.length + 1];
            ids[0] = Thread.currentThread().threadId();
            System.arraycopy(workers, 0, ids, 1, workers.length);
            // Steady state: deoptimisation/recompilation (profiles shared with other tests in this JVM) can
            // run a kernel interpreted for a while, with boxed vectors; one clean window is the claim.
            long bytes = Long.MAX_VALUE;
            for (int window = 0; window < 6 && bytes >= 2048; window++) {
                long before = allocated(ids);
                for (int rep = 0; rep < 1000; rep++) calls.run();
                SensingOperator.AdjointMap map = op.adjointMap(b); // one small map object per preparation at most
                for (int rep = 0; rep < 1000; rep++) map.times(x, 1, out);
                bytes = allocated(ids) - before;
            }
            // A little slack for the counters' own bookkeeping; any per-call allocation is >= 5000 x 16 bytes.
            assertTrue(bytes < 2048, op.getClass().getSimpleName() + " allocated " + bytes + " bytes in 5000 calls");
        }
    }
}
