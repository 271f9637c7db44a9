package sod.solver.stall;

import sod.solver.local.Iterate;

/**
 * Decides when a local method has stalled: stopped making progress while not (yet) at a tolerance.
 *
 * <p>Invariant the solver relies on: plain GD and GD+SOD consult the same rule, with the same settings,
 * on the same trajectory, so they stall at the same iteration, and GD+SOD's first escape attempt is made
 * exactly where GD first stalls. The first-stall checkpoint ({@code Solver.Checkpoint},
 * {@code Solver.resume}) and the sweep's shared GD prefix depend on it: a rule must be a function of the
 * recorded h values, the iteration numbers and the iterate only.
 */
public interface StallRule {

    /** A run starts, or an escape was attempted, at {@code iteration}: the rule waits before testing again. */
    void restart(int iteration);

    /** Records h at {@code iteration}; called once per iteration, in order. */
    void record(int iteration, double h);

    /** Whether the run counts as stalled at {@code iteration}, whose h was just recorded; {@code at} is the iterate there. */
    boolean stalled(int iteration, Iterate at);
}
