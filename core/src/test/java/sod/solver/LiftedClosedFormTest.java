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

    /** e^x to 40 digits by its Taylor series (after halving x until it is small, then squaring back). */
    static java.math.BigDecimal exp(java.math.BigDecimal x) {
        java.math.MathContext mc = new java.math.MathContext(50);
        int halvings = 0;
        while (x.abs().compareTo(java.math.BigDecimal.valueOf(0.01)) > 0) {
            x = x.divide(java.math.BigDecimal.valueOf(2), mc);
            halvings++;
        }
        java.math.BigDecimal sum = java.math.BigDecimal.ONE, term = java.math.BigDecimal.ONE;
        for (int k = 1; k < 40; k++) {
            term = term.multiply(x, mc).divide(java.math.BigDecimal.valueOf(k), mc);
            sum = sum.add(term, mc);
        }
        for (int i = 0; i < halvings; i++) sum = sum.multiply(sum, mc);
        return sum;
    }

    @Test
    void logExpm1IsAccurateAcrossTheRange() {
        java.math.MathContext mc = new java.math.MathContext(50);
        // moderate x: exp(logExpm1(x)) = e^x - 1, both sides to 40 digits
        for (double x : new double[] {1e-3, 0.5, 1, 10, 29, 30.5, 31, 100}) {
            double y = LiftedClosedForm.logExpm1(x);
            java.math.BigDecimal lhs = exp(new java.math.BigDecimal(y));
            java.math.BigDecimal rhs = exp(new java.math.BigDecimal(x)).subtract(java.math.BigDecimal.ONE, mc);
            double relative = lhs.subtract(rhs, mc).divide(rhs, mc).abs().doubleValue();
            assertTrue(relative < 4e-16 * Math.max(1, Math.abs(y)), "x = " + x + ": relative error " + relative);
        }
        // tiny x: log(e^x - 1) = log x + x/2 + x^2/24 + O(x^4)
        for (double x : new double[] {1e-300, 1e-12, 1e-6}) {
            assertEquals(Math.log(x) + x / 2 + x * x / 24, LiftedClosedForm.logExpm1(x), 1e-15 * Math.abs(Math.log(x)));
        }
        // huge x: log(e^x - 1) = x - e^{-x} = x in double precision (no overflow to Infinity)
        assertEquals(1e6, LiftedClosedForm.logExpm1(1e6));
        assertEquals(800, LiftedClosedForm.logExpm1(800));
    }

    /**
     * The closed form's three terms against the recurrence of spec section 4 run step by step in plain
     * doubles (small l and t, where nothing over- or underflows): beta_{t+1} = q beta_t,
     * gamma_{t+1} = gamma_t - 2 eta (sigma/2)^l beta_t from beta_0 = rho, gamma_0 = 0; and the dominance
     * and the candidate norm (the l-th root of the dominant term) follow from them.
     */
    @Test
    void closedFormEqualsTheStepByStepRecurrence() {
        LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
        double lambda = -0.33, sigma = 1.292, normC = 1.7, rho = 0.3, eta = 0.01;
        for (int l : new int[] {1, 3, 5}) {
            double q = 1 - eta * Math.pow(lambda, l), coupling = 2 * eta * Math.pow(sigma / 2, l);
            double beta = rho, gamma = 0;
            for (int step = 0; step <= 3000; step++) {
                double nextBeta = q * beta;
                gamma -= coupling * beta;
                beta = nextBeta; // now after step + 1 steps, i.e. t = step
                if (step % 37 != 0) continue;
                LiftedClosedForm.evaluate(lambda, sigma, sigma, normC, l, rho, eta, step, t);
                double termA = Math.pow(sigma, l), termB = Math.abs(beta), termC = Math.abs(gamma) * Math.pow(normC, l);
                assertEquals(Math.log(termB), t.logB, 1e-10, "l=" + l + " t=" + step);
                assertEquals(Math.log(termC), t.logC, 1e-10, "l=" + l + " t=" + step);
                LiftedClosedForm.Dominant expected = termB > termA && termB >= termC ? LiftedClosedForm.Dominant.BETA
                        : termC > termA && termC > termB ? LiftedClosedForm.Dominant.GAMMA : LiftedClosedForm.Dominant.A;
                assertEquals(expected, t.dominant, "l=" + l + " t=" + step);
                double dominant = Math.max(termA, Math.max(termB, termC));
                assertEquals(Math.pow(dominant, 1.0 / l), Math.exp(t.logNorm), 1e-10 * Math.pow(dominant, 1.0 / l));
                if (expected == LiftedClosedForm.Dominant.GAMMA) {
                    // the gamma point is -(sigma/2)(2 eta rho S_t)^(1/l) C: its coefficient on C has the sign of gamma
                    assertTrue(t.coefficient() < 0 && gamma < 0);
                }
            }
        }
    }
}
