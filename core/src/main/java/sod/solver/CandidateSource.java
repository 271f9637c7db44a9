package sod.solver;

import sod.solver.local.Iterate;

/**
 * Where an escape mode's candidate points come from. A source fills the candidate set at a stalled
 * point whose quantities are in the geometry (the iterate is still at Xhat, with its residual) and picks
 * those to probe; the escape then probes the picks alike, whatever their source.
 */
interface CandidateSource {

    /** Whether a certified single step (EFS above 1) is tried before any candidate. */
    boolean triesCertifiedStep();

    /** Fills {@code out} (cleared) with candidates and picks the ones to probe. */
    void collect(Iterate at, double[] xHat, StallGeometry g, EscapeDirections dirs, SolverConfig.Sod settings,
                 EscapeScratch scratch, CandidateSet out);
}
