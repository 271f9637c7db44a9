package sod.solver;

import sod.solver.local.Iterate;

/**
 * The paper's multi-step escape (spec section 4): the truncated projected lifted GD in closed form
 * ({@link LiftedClosedForm}) on {@code tCount} log-spaced t in [tMin, tMax] (rounded to integers). A t
 * yields a candidate when its beta or gamma term dominates and the candidate's norm over sigma_j is in
 * the norm window; the candidate replaces component j by {@code coefficient * u} (beta) or
 * {@code coefficient * C_j q_j} (gamma). Consecutive candidates of one kind whose norms agree to 0.1%
 * are one; at most {@code maxCandidates} per component are probed, spread evenly over its survivors.
 * For r &gt; 1 the scan runs for every singular component (weakest first), each with its own sigma_j
 * and C_j: which component u_n should replace is not known in advance.
 */
final class TpgdCandidates implements CandidateSource {
    /** Norms agreeing to this in log space (0.1%) make consecutive candidates of one kind the same point. */
    private static final double SAME_NORM = 1e-3;

    @Override
    public boolean triesCertifiedStep() {
        return true;
    }

    @Override
    public void collect(Iterate at, double[] xHat, StallGeometry g, EscapeDirections dirs, SolverConfig.Sod settings,
                        EscapeScratch scratch, CandidateSet out) {
        out.clear();
        LiftedClosedForm.Terms terms = new LiftedClosedForm.Terms();
        int l = settings.liftOrder();
        double logLow = Math.log(settings.normWindowLow()), logHigh = Math.log(settings.normWindowHigh());
        int tc = settings.tCount();
        double ratio = tc == 1 ? 1 : Math.pow(settings.tMax() / settings.tMin(), 1.0 / (tc - 1));
        for (int j = 0; j < g.components; j++) {
            int first = out.count();
            double sigma = g.sigmas[j];
            double normC = dirs.compute(g, j, xHat, at.operator());
            double logBase = Math.log(sigma);
            double prevT = -1;
            Escape.Kind previous = null;
            double previousLogNorm = Double.NaN;
            for (int k = 0; k < tc; k++) {
                double t = Math.rint(settings.tMin() * Math.pow(ratio, k));
                if (t == prevT) continue;
                prevT = t;
                LiftedClosedForm.evaluate(g.lambda, sigma, sigma, normC, l, settings.rho(), settings.eta(), t, terms);
                if (terms.dominant == LiftedClosedForm.Dominant.A) continue;
                double rel = terms.logNorm - logBase;
                if (rel < logLow || rel > logHigh) continue;
                boolean beta = terms.dominant == LiftedClosedForm.Dominant.BETA;
                Escape.Kind kind = beta ? Escape.Kind.BETA : Escape.Kind.GAMMA;
                if (kind == previous && Math.abs(previousLogNorm - terms.logNorm) < SAME_NORM) continue;
                out.add(j, kind, CandidateSet.Placement.REPLACE, beta ? CandidateSet.Direction.U : CandidateSet.Direction.C,
                        beta ? "U" : "C", terms.coefficient(), t, terms.logNorm);
                previous = kind;
                previousLogNorm = terms.logNorm;
            }
            out.pickSpread(first, settings.maxCandidates());
        }
    }
}
