package sod.experiment;

import sod.problems.Problem;

/**
 * A way to recover M* from contaminated measurements, compared by the robust sweep: its variation
 * point (a new method is a new implementation in {@link RobustSpec#methods}).
 */
public interface RecoveryMethod {
    /** The loss it minimises, as in {@code --loss}: {@code l1}, {@code l2}. */
    String loss();

    /** The series name in a plot, e.g. "l1 subgradient". */
    String label();

    /**
     * The answer's relative error {@code ||X X^T - M*||_F / ||M*||_F} on {@code p} (search rank
     * {@code p.rank()}, the truth known), positive infinity when the method diverged.
     */
    double relativeError(Problem p, long seed);
}
