package sod.solver;

import sod.kernels.Factors;
import sod.operators.SensingOperator;
import sod.solver.local.Iterate;

/**
 * The exact line search along the oracle rays (spec section 8): four rays, each minimised exactly (a
 * quartic in s, or a quadratic in s^2 through the origin): {@code Xhat + s U}, {@code Xhat + s Ĉ}
 * (Ĉ = C q / ||C q||), and the component replaced by {@code s u} or {@code s Ĉ}, for every singular
 * component of Xhat (weakest first; see {@link TpgdCandidates} for why). Every ray minimiser is probed.
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
        for (int j = 0; j < g.components; j++) {
            double sigma = g.sigmas[j];
            double[] v = g.vs[j], q = g.qs[j], cUnit = dirs.cUnit[j];
            double normC = dirs.compute(g, j, xHat, op);
            // Xhat + s u q_j^T: r0 = residual, r1 = sigma_j A(P_j), r2 = A(u u^T)
            for (int i = 0; i < m; i++) s.r1[i] = sigma * g.aps[j][i];
            Quartic.coefficients(residual, s.r1, g.auu, m, s.quartic);
            add(out, j, sigma, CandidateSet.Placement.ADD, CandidateSet.Direction.U, "Xhat+sU", Quartic.argmin(s.quartic));
            // r0' = A(Y Y^T) - b with Y = Xhat - sigma_j v_j q_j^T (Y = 0 for r = 1)
            if (r == 1) {
                for (int i = 0; i < m; i++) s.r0b[i] = -b[i];
            } else {
                Factors.addRankOne(xHat, n, r, -sigma, v, q, s.factor);
                op.measure(s.factor, s.factor, r, s.r0b);
                for (int i = 0; i < m; i++) s.r0b[i] -= b[i];
            }
            add(out, j, sigma, CandidateSet.Placement.REPLACE, CandidateSet.Direction.U, "replace by sU",
                    originRay(s.r0b, g.auu, m));
            if (normC > 0) {
                // Xhat + s Ĉ q_j^T: r1 = sigma_j A(v_j Ĉ^T + Ĉ v_j^T) = 2 sigma_j A(v_j Ĉ^T), r2 = A(Ĉ Ĉ^T)
                op.measure(v, cUnit, 1, s.r1);
                for (int i = 0; i < m; i++) s.r1[i] *= 2 * sigma;
                op.measure(cUnit, cUnit, 1, s.r2);
                Quartic.coefficients(residual, s.r1, s.r2, m, s.quartic);
                add(out, j, sigma, CandidateSet.Placement.ADD, CandidateSet.Direction.C_UNIT, "Xhat+sC", Quartic.argmin(s.quartic));
                add(out, j, sigma, CandidateSet.Placement.REPLACE, CandidateSet.Direction.C_UNIT, "replace by sC",
                        originRay(s.r0b, s.r2, m));
            }
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

    private static void add(CandidateSet out, int component, double sigma, CandidateSet.Placement placement,
                            CandidateSet.Direction direction, String label, double s) {
        if (!Double.isFinite(s) || Math.abs(s) < 1e-12 * Math.max(1, sigma)) return;
        out.add(component, Escape.Kind.LINE_SEARCH, placement, direction, label, s, Double.NaN, Double.NaN);
    }
}
