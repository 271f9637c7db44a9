package sod.solver;

/**
 * The exact loss along a ray (spec section 8): {@code h(s) = 1/2 ||r0 + s r1 + s^2 r2||^2}
 * = {@code c0 + c1 s + c2 s^2 + c3 s^3 + c4 s^4}, minimised over real s through the closed-form roots
 * of its cubic derivative, each polished by Newton steps.
 */
final class Quartic {
    private Quartic() {}

    /** Coefficients c0..c4 of 1/2 ||r0 + s r1 + s^2 r2||^2 into {@code c} (length 5). */
    static void coefficients(double[] r0, double[] r1, double[] r2, int m, double[] c) {
        double r00 = 0, r01 = 0, r02 = 0, r11 = 0, r12 = 0, r22 = 0;
        for (int i = 0; i < m; i++) {
            double a = r0[i], b = r1[i], d = r2[i];
            r00 += a * a; r01 += a * b; r02 += a * d; r11 += b * b; r12 += b * d; r22 += d * d;
        }
        c[0] = 0.5 * r00;
        c[1] = r01;
        c[2] = 0.5 * r11 + r02;
        c[3] = r12;
        c[4] = 0.5 * r22;
    }

    static double value(double[] c, double s) {
        return c[0] + s * (c[1] + s * (c[2] + s * (c[3] + s * c[4])));
    }

    /**
     * The global minimiser of the quartic, or NaN when it is unbounded below or degenerate
     * (c4 &lt;= 0 with no bounded minimum).
     */
    static double argmin(double[] c) {
        double c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4];
        double scale = Math.abs(c1) + Math.abs(c2) + Math.abs(c3) + Math.abs(c4);
        if (!(scale > 0) || !Double.isFinite(scale)) return scale == 0 ? 0 : Double.NaN;
        if (c4 <= 1e-14 * scale) {
            if (Math.abs(c3) > 1e-14 * scale) return Double.NaN; // odd cubic: unbounded
            return c2 > 0 ? -c1 / (2 * c2) : Double.NaN;
        }
        // derivative / (4 c4): s^3 + a s^2 + b s + d
        double a = 3 * c3 / (4 * c4), b = 2 * c2 / (4 * c4), d = c1 / (4 * c4);
        double p = b - a * a / 3, q = 2 * a * a * a / 27 - a * b / 3 + d;
        double[] roots = new double[3];
        int count;
        double disc = q * q / 4 + p * p * p / 27;
        if (disc > 0) {
            double sq = Math.sqrt(disc);
            double w = Math.cbrt(-q / 2 - Math.copySign(sq, q));
            roots[0] = (w == 0 ? 0 : w - p / (3 * w)) - a / 3;
            count = 1;
        } else if (p == 0) {
            roots[0] = -a / 3;
            count = 1;
        } else {
            double rad = 2 * Math.sqrt(-p / 3);
            double arg = Math.max(-1, Math.min(1, (3 * q / (2 * p)) * Math.sqrt(-3 / p)));
            double phi = Math.acos(arg) / 3;
            for (int k = 0; k < 3; k++) roots[k] = rad * Math.cos(phi - 2 * Math.PI * k / 3) - a / 3;
            count = 3;
        }
        double best = Double.NaN, bestValue = Double.POSITIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            double s = roots[k];
            for (int it = 0; it < 4; it++) { // Newton on the derivative
                double f1 = c1 + s * (2 * c2 + s * (3 * c3 + s * 4 * c4));
                double f2 = 2 * c2 + s * (6 * c3 + s * 12 * c4);
                if (f2 == 0) break;
                double ns = s - f1 / f2;
                if (!Double.isFinite(ns) || value(c, ns) > value(c, s)) break;
                s = ns;
            }
            double v = value(c, s);
            if (v < bestValue) {
                bestValue = v;
                best = s;
            }
        }
        return best;
    }
}
