package sod.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class LiftedClosedFormTest {

    /** Direct double recursion beta_{t+1} = q beta_t, gamma_{t+1} = gamma_t - 2 eta (sigma/2)^l beta_t. */
    @Test
    void matchesTheDirectRecursionWhereItDoesNotOverflow() {
        double lambda = -0.75, sigma = Math.sqrt(0.5), rho = 0.1, eta = 0.01, normC = 1.1;
        for (int l : new int[] {1, 3, 5}) {
            double q = 1 - eta * Math.pow(lambda, l);
            double beta = rho, gamma = 0, c = 2 * eta * Math.pow(sigma / 2, l);
            LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
            for (int step = 0; step <= 3000; step++) {
                // after this update (beta, gamma) are the coefficients of w(step + 1)
                gamma -= c * beta;
                beta *= q;
                if (step % 97 == 0 || step == 660) {
                    LiftedClosedForm.evaluate(lambda, sigma, sigma, normC, l, rho, eta, step, t);
                    assertEquals(Math.log(beta), t.logB, 1e-11 * Math.max(1, Math.abs(t.logB)), "l=" + l + " t=" + step);
                    assertEquals(Math.log(-gamma), t.logGamma, 1e-11 * Math.max(1, Math.abs(t.logGamma)), "l=" + l + " t=" + step);
                    assertEquals(Math.log(-gamma) + l * Math.log(normC), t.logC, 1e-10);
                }
            }
        }
    }

    /** BigDecimal reference (50 digits) for l = 11, where lambda^11 is tiny and q - 1 cancels in doubles. */
    @Test
    void matchesBigDecimalForLiftOrder11() {
        MathContext mc = new MathContext(60);
        double lambda = -0.33, sigma = 1.292, rho = 0.3, eta = 0.01;
        int l = 11;
        BigDecimal q = BigDecimal.ONE.add(new BigDecimal(eta).multiply(new BigDecimal(-lambda).pow(l, mc), mc), mc);
        LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
        for (int steps : new int[] {0, 1, 10, 1000, 59000, 100000}) {
            BigDecimal qt = q.pow(steps + 1, mc);
            BigDecimal s = qt.subtract(BigDecimal.ONE, mc).divide(q.subtract(BigDecimal.ONE, mc), mc);
            double logBeta = Math.log(rho) + Math.log(qt.doubleValue()) ;
            double logGamma = Math.log(2 * eta * rho) + l * Math.log(sigma / 2) + Math.log(s.doubleValue());
            LiftedClosedForm.evaluate(lambda, sigma, sigma, 1.0, l, rho, eta, steps, t);
            assertEquals(logBeta, t.logB, 1e-13, "t=" + steps);
            assertEquals(logGamma, t.logGamma, 1e-12, "t=" + steps);
            // the naive double formula loses digits here: (q^(t+1) - 1) / (q - 1) with q - 1 ~ 5e-8
        }
    }

    @Test
    void finiteForLargeOrdersAndHugeStepCounts() {
        LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
        for (double lambda : new double[] {-1e-40, -1e-3, -0.33, -1, -5, -100}) {
            for (int l : new int[] {3, 11, 21}) {
                for (double steps = 1e5; steps <= 1e12; steps *= 10) {
                    LiftedClosedForm.evaluate(lambda, 1.3, 1.3, 0.7, l, 0.3, 0.01, steps, t);
                    assertFalse(Double.isNaN(t.logA) || Double.isNaN(t.logB) || Double.isNaN(t.logC) || Double.isNaN(t.logS),
                            "NaN at lambda=" + lambda + " l=" + l + " t=" + steps);
                    assertTrue(Double.isFinite(t.logB) && Double.isFinite(t.logC) && Double.isFinite(t.logNorm),
                            "Inf at lambda=" + lambda + " l=" + l + " t=" + steps);
                    if (t.logNorm < 700) assertTrue(Double.isFinite(t.coefficient()) || t.dominant == LiftedClosedForm.Dominant.A);
                }
            }
        }
        // eta |lambda|^l below the smallest double: q = 1 exactly and S_t = t + 1
        LiftedClosedForm.evaluate(-1e-40, 1.3, 1.3, 0.7, 11, 0.3, 0.01, 1e12, t);
        assertEquals(0, t.logQ);
        assertEquals(Math.log(1e12 + 1), t.logS, 1e-12);
    }

    @Test
    void logExpm1IsAccurateAcrossTheRange() {
        for (double x : new double[] {1e-300, 1e-12, 1e-3, 0.5, 1, 10, 29, 31, 100}) {
            double expected = x < 30 ? Math.log(Math.expm1(x)) : x + Math.log1p(-Math.exp(-x));
            assertEquals(expected, LiftedClosedForm.logExpm1(x), 1e-13 * Math.max(1, Math.abs(expected)));
        }
        assertEquals(1e6, LiftedClosedForm.logExpm1(1e6), 1e-6);
        assertEquals(Math.log(Math.expm1(30.5)), LiftedClosedForm.logExpm1(30.5), 1e-13);
    }

    @Test
    void dominanceOverAIsTheNormWindowLowerBound() {
        // the gamma (or beta) term dominates a exactly when the candidate's norm exceeds ||Xhat||
        LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
        for (double steps = 1; steps < 1e12; steps *= 3) {
            LiftedClosedForm.evaluate(-0.33, 1.292, 1.292, 1.292, 11, 0.3, 0.01, steps, t);
            if (t.dominant != LiftedClosedForm.Dominant.A) assertTrue(t.logNorm > Math.log(1.292));
        }
    }
}
