package sod.solver;

import org.junit.jupiter.api.Test;
import sod.operators.ExplicitOperator;
import sod.problems.Counterexample;
import sod.problems.Pmc;
import sod.problems.Problem;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StationaryPointAnalysisTest {

    @Test
    void hessianVectorProductMatchesFiniteDifferencesOfTheGradient() {
        int n = 5, r = 2, m = 12;
        SplittableRandom rnd = new SplittableRandom(1);
        double[][] mats = new double[m][n * n];
        for (double[] a : mats)
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) {
                    double v = rnd.nextGaussian();
                    a[i * n + j] = v;
                    a[j * n + i] = v;
                }
        double[] b = new double[m], x = new double[n * r], d = new double[n * r];
        for (int i = 0; i < m; i++) b[i] = rnd.nextGaussian();
        for (int i = 0; i < n * r; i++) {
            x[i] = rnd.nextGaussian();
            d[i] = rnd.nextGaussian();
        }
        try (var op = new ExplicitOperator(n, mats); var analysis = new StationaryPointAnalysis(op, r)) {
            analysis.analyse(x, b, 1e-6, 1e-9);
            double[] hd = new double[n * r];
            analysis.hessianTimes(x, d, hd);
            double eps = 1e-6;
            double[] plus = new double[n * r], minus = new double[n * r], res = new double[m];
            double[] xp = x.clone(), xm = x.clone();
            for (int i = 0; i < n * r; i++) {
                xp[i] += eps * d[i];
                xm[i] -= eps * d[i];
            }
            op.residualAndGradient(xp, r, b, res, plus);
            op.residualAndGradient(xm, r, b, res, minus);
            for (int i = 0; i < n * r; i++) {
                double fd = (plus[i] - minus[i]) / (2 * eps);
                assertEquals(fd, hd[i], 1e-5 * Math.max(1, Math.abs(fd)), "Hessian-vector product component " + i);
            }
        }
    }

    @Test
    void counterexamplePointsGetTheirVerdicts() {
        try (Problem p = Counterexample.create(); var analysis = new StationaryPointAnalysis(p.operator(), 1)) {
            var spurious = analysis.analyse(Counterexample.SPURIOUS_POINT.clone(), p.b(), 1e-8, 1e-9);
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, spurious.verdict(), spurious.toString());
            assertEquals(-0.75, spurious.gMin(), 1e-12);
            assertTrue(spurious.hessianMin() > 0, "a genuine local minimum: " + spurious);

            var global = analysis.analyse(new double[]{1, 0}, p.b(), 1e-8, 1e-9);
            assertEquals(StationaryPointAnalysis.Verdict.GLOBAL_OPTIMUM, global.verdict(), global.toString());

            var origin = analysis.analyse(new double[]{0, 0}, p.b(), 1e-8, 1e-9);
            assertEquals(StationaryPointAnalysis.Verdict.STRICT_SADDLE, origin.verdict(), origin.toString());

            var elsewhere = analysis.analyse(new double[]{0.3, 0.2}, p.b(), 1e-8, 1e-9);
            assertEquals(StationaryPointAnalysis.Verdict.NOT_STATIONARY, elsewhere.verdict());
            assertTrue(Double.isFinite(elsewhere.hessianMin()), "the full analysis still reports curvature");
            var quick = analysis.analyse(new double[]{0.3, 0.2}, p.b(), 1e-8, 1e-9, false);
            assertEquals(StationaryPointAnalysis.Verdict.NOT_STATIONARY, quick.verdict());
            // the quick path needs the Hessian for the Newton-step test, and skips only G's eigenproblem
            assertTrue(Double.isFinite(quick.hessianMin()) && Double.isNaN(quick.gMin()), "skipped: " + quick);
            var quickSpurious = analysis.analyse(Counterexample.SPURIOUS_POINT.clone(), p.b(), 1e-8, 1e-9, false);
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, quickSpurious.verdict());
        }
    }

    @Test
    void pmcSpuriousPointIsSecondOrderWithNegativeG() {
        try (Problem p = Pmc.create(3, 0.3, 1); var analysis = new StationaryPointAnalysis(p.operator(), 1)) {
            double[] x = {-0.9134, 0, 0.9139};
            double[] res = new double[p.m()], grad = new double[3];
            for (int it = 0; it < 20000; it++) { // polish the printed point to a true stationary point
                p.operator().residualAndGradient(x, 1, p.b(), res, grad);
                for (int i = 0; i < 3; i++) x[i] -= 0.05 * grad[i];
            }
            var report = analysis.analyse(x, p.b(), 1e-6, 1e-9);
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, report.verdict(), report.toString());
            assertEquals(-0.330, report.gMin(), 0.01);
            assertEquals(0.330, report.h(), 0.01);
        }
    }

    @Test
    void lanczosHessianPathAgreesWithTheDenseHessian() {
        int n = 30, r = 4, m = 200; // n r = 120 > HESSIAN_DENSE_LIMIT: the analysis takes the Lanczos path
        SplittableRandom rnd = new SplittableRandom(4);
        double[][] mats = new double[m][n * n];
        for (double[] a : mats)
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) {
                    double v = rnd.nextGaussian() / Math.sqrt(m);
                    a[i * n + j] = v;
                    a[j * n + i] = v;
                }
        double[] b = new double[m], x = new double[n * r];
        for (int i = 0; i < m; i++) b[i] = rnd.nextGaussian();
        for (int i = 0; i < n * r; i++) x[i] = 0.3 * rnd.nextGaussian();
        try (var op = new ExplicitOperator(n, mats); var analysis = new StationaryPointAnalysis(op, r);
             var eigen = new sod.openblas.SymmetricEigen(n * r)) {
            var report = analysis.analyse(x, b, 1e-6, 1e-9);
            int nr = n * r;
            double[] hessian = new double[nr * nr], e = new double[nr], column = new double[nr];
            for (int c = 0; c < nr; c++) {
                java.util.Arrays.fill(e, 0);
                e[c] = 1;
                analysis.hessianTimes(x, e, column);
                for (int i = 0; i < nr; i++) hessian[i * nr + c] = column[i];
            }
            double expected = eigen.smallest(hessian, nr, new double[nr]);
            assertTrue(expected < 0, "this point has negative curvature: " + expected);
            assertEquals(expected, report.hessianMin(), 1e-5 * Math.abs(expected));
        }
    }
}
