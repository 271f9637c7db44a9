package sod.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import sod.openblas.OpenBlas;
import sod.openblas.SymmetricEigen;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.LiftedClosedForm;

/**
 * Group 4, the lifting itself: the multi-step t-scan of order l = 3 at a PMC(n, 0.10) stall point
 * (r = 1), 121 log-spaced t in [1, 1e12], done two ways.
 * <ul>
 * <li>{@link #simulated}: sod's closed form ({@link LiftedClosedForm}), O(1) per t, plus forming the
 *     candidate vector for each t whose b or c term dominates;
 * <li>{@link #explicit}: the lifted space materialised: the order-3 tensors
 *     {@code a = x^(x)3, b = u^(x)3, c = C^(x)3} (n^3 doubles each) are formed, and for each t the
 *     iterate {@code w = alpha a + beta b + gamma c} is written out and its rank-one factor extracted
 *     by one higher-order power step {@code y_i = sum_jk w_ijk v_j v_k} (the least any explicit
 *     method must do). Coefficients are the closed form's, scaled by the largest so nothing
 *     overflows.
 * </ul>
 * The tensors need 4 n^3 doubles: 256 MB at n = 200, 32 GB at n = 1000, where lifting no longer fits.
 */
@Fork(1)
@Warmup(iterations = 1, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LiftingBenchmark {
    static final int ORDER = 3, T_COUNT = 121;
    static final double RHO = 0.3, ETA = 0.01, T_MIN = 1, T_MAX = 1e12;

    @Param({"40", "80", "200"})
    int n;

    double lambda, sigma, normC;
    double[] xhat, u, c, candidate, v, y;
    double[] ta, tb, tc, w;
    final LiftedClosedForm.Terms terms = new LiftedClosedForm.Terms();

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        OpenBlas.setThreads(1);
        try (Problem pmc = Pmc.create(n, SodCheckBenchmark.EPS, 1); SymmetricEigen eigen = new SymmetricEigen(n)) {
            xhat = StallPoints.find(pmc, n, SodCheckBenchmark.EPS, SodCheckBenchmark.step(n));
            int m = pmc.m();
            double[] residual = new double[m], grad = new double[n], g = new double[n * n];
            pmc.operator().residualAndGradient(xhat, 1, pmc.b(), residual, grad);
            pmc.operator().adjoint(residual, g);
            u = new double[n];
            lambda = eigen.smallest(g, n, u);
            double s2 = 0;
            for (double e : xhat) s2 += e * e;
            sigma = Math.sqrt(s2);
            double[] vhat = new double[n];
            for (int i = 0; i < n; i++) vhat[i] = xhat[i] / sigma;
            double[] ap = new double[m];
            pmc.operator().measure(u, vhat, 1, ap);
            for (int i = 0; i < m; i++) ap[i] *= 2;
            c = new double[n];
            pmc.operator().adjointTimes(ap, xhat, 1, c);
            double cc = 0;
            for (double e : c) cc += e * e;
            normC = Math.sqrt(cc);
        }
        if (!(lambda < 0)) throw new IllegalStateException("stall point of PMC(" + n + ") has lambda_min = " + lambda + " >= 0");
        candidate = new double[n];
        v = new double[n];
        y = new double[n];
        if (params.getBenchmark().endsWith("explicit")) {
            int n3 = n * n * n;
            ta = new double[n3];
            tb = new double[n3];
            tc = new double[n3];
            w = new double[n3];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ta = tb = tc = w = null;
    }

    @Benchmark
    public double simulated() {
        double ratio = Math.pow(T_MAX / T_MIN, 1.0 / (T_COUNT - 1));
        double acc = 0;
        for (int k = 0; k < T_COUNT; k++) {
            double t = Math.rint(T_MIN * Math.pow(ratio, k));
            LiftedClosedForm.evaluate(lambda, sigma, sigma, normC, ORDER, RHO, ETA, t, terms);
            if (terms.dominant == LiftedClosedForm.Dominant.A) continue;
            double coef = terms.coefficient();
            double[] dir = terms.dominant == LiftedClosedForm.Dominant.BETA ? u : c;
            for (int i = 0; i < n; i++) candidate[i] = coef * dir[i];
            acc += candidate[0];
        }
        return acc;
    }

    @Benchmark
    public double explicit() {
        outer(xhat, ta);
        outer(u, tb);
        outer(c, tc);
        double ratio = Math.pow(T_MAX / T_MIN, 1.0 / (T_COUNT - 1));
        double acc = 0;
        int n3 = n * n * n;
        for (int k = 0; k < T_COUNT; k++) {
            double t = Math.rint(T_MIN * Math.pow(ratio, k));
            LiftedClosedForm.evaluate(lambda, sigma, sigma, normC, ORDER, RHO, ETA, t, terms);
            double top = Math.max(terms.logA, Math.max(terms.logB, terms.logC));
            // w / exp(top): a has coefficient 1, b (unit norm) beta, c = C^(x)3 (unnormalised) -gamma
            double alpha = scaled(-top), beta = scaled(terms.logB - top), gamma = -scaled(terms.logGamma - top);
            for (int e = 0; e < n3; e++) w[e] = alpha * ta[e] + beta * tb[e] + gamma * tc[e];
            // one higher-order power step from the dominant direction
            double[] start = terms.dominant == LiftedClosedForm.Dominant.BETA ? u : terms.dominant == LiftedClosedForm.Dominant.GAMMA ? c : xhat;
            double vv = 0;
            for (double e : start) vv += e * e;
            double inv = 1 / Math.sqrt(vv);
            for (int i = 0; i < n; i++) v[i] = start[i] * inv;
            for (int i = 0; i < n; i++) {
                double yi = 0;
                int base = i * n * n;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    int row = base + j * n;
                    for (int kk = 0; kk < n; kk++) s += w[row + kk] * v[kk];
                    yi += s * v[j];
                }
                y[i] = yi;
            }
            acc += y[0];
        }
        return acc;
    }

    private static double scaled(double logRelative) {
        return logRelative < -600 ? 0 : Math.exp(logRelative);
    }

    private void outer(double[] p, double[] out) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double pij = p[i] * p[j];
                int row = (i * n + j) * n;
                for (int k = 0; k < n; k++) out[row + k] = pij * p[k];
            }
    }
}
