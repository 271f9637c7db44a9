package sod.solver;

import sod.kernels.Factors;
import sod.operators.SensingOperator;
import sod.solver.local.Iterate;

/**
 * The exact line search along the oracle rays (spec section 8): four rays, each minimised exactly (a
 * quartic in s, or a quadratic in s^2 through the origin): {@code Xhat + s U}, {@code Xhat + s Ĉ}
 * (Ĉ = C q / ||C q||), and the weakest component replaced by {@code s u} or {@code s Ĉ}. Every ray
 * minimiser is probed.
 */
final class LineSearchRays implements CandidateSource {

    @Override
    public boolean triesCertifiedStep() {
        return false;
    }

    @Override
    public void collect(Iterate at, double[] xHat, StallGeometry g, EscapeDirections dirs, SolverConfig.Sod settings,
                        EscapeScratch s, CandidateSet out) {
        out.clear();
        SensingOperator op = at.operator();
        double[] residual = at.residual(), b = at.b();
        int n = g.n, r = g.r, m = g.m;
        double normC = dirs.compute(g, xHat, op);
        // Xhat + s u q^T: r0 = residual, r1 = sigma A(P), r2 = A(u u^T)
        for (int i = 0; i < m; i++) s.r1[i] = g.sigmaR * g.ap[i];
        Quartic.coefficients(residual, s.r1, g.auu, m, s.quartic);
        add(out, g, CandidateSet.Placement.ADD, CandidateSet.Direction.U, "Xhat+sU", Quartic.argmin(s.quartic));
        // r0' = A(Y Y^T) - b with Y = Xhat - sigma v q^T (Y = 0 for r = 1)
        if (r == 1) {
            for (int i = 0; i < m; i++) s.r0b[i] = -b[i];
        } else {
            Factors.addRankOne(xHat, n, r, -g.sigmaR, g.v, g.q, s.factor);
            op.measure(s.factor, s.factor, r, s.r0b);
            for (int i = 0; i < m; i++) s.r0b[i] -= b[i];
        }
        add(out, g, CandidateSet.Placement.REPLACE, CandidateSet.Direction.U, "replace by sU", originRay(s.r0b, g.auu, m));
        if (normC > 0) {
            // Xhat + s Ĉ q^T: r1 = sigma A(v Ĉ^T + Ĉ v^T) = 2 sigma A(v Ĉ^T), r2 = A(Ĉ Ĉ^T)
            op.measure(g.v, dirs.cUnit, 1, s.r1);
            for (int i = 0; i < m; i++) s.r1[i] *= 2 * g.sigmaR;
            op.measure(dirs.cUnit, dirs.cUnit, 1, s.r2);
            Quartic.coefficients(residual, s.r1, s.r2, m, s.quartic);
            add(out, g, CandidateSet.Placement.ADD, CandidateSet.Direction.C_UNIT, "Xhat+sC", Quartic.argmin(s.quartic));
            add(out, g, CandidateSet.Placement.REPLACE, CandidateSet.Direction.C_UNIT, "replace by sC", originRay(s.r0b, s.r2, m));
        }
        out.pickAll();
    }

    /** s minimising 1/2 ||r0 + s^2 rr||^2, or NaN when no s != 0 decreases it. */
    private static double originRay(double[] r0, double[] rr, int m) {
        double num = 0, den = 0;
        for (int i = 0; i < m; i++) {
            num += r0[i] * rr[i];
            den += rr[i] * rr[i];
        }
        double s2 = -num / den;
        return s2 > 0 && Double.isFinite(s2) ? Math.sqrt(s2) : Double.NaN;
    }

    private static void add(CandidateSet out, StallGeometry g, CandidateSet.Placement placement,
                            CandidateSet.Direction direction, String label, double s) {
        if (!Double.isFinite(s) || Math.abs(s) < 1e-12 * Math.max(1, g.sigmaR)) return;
        out.add(Escape.Kind.LINE_SEARCH, placement, direction, label, s, Double.NaN, Double.NaN);
    }
}
