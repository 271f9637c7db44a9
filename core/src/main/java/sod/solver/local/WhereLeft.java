package sod.solver.local;

/**
 * Whether an iterate is still where a step rule left it (the same X buffer with the same h), so that
 * the rule's adaptive state (a damping, a radius, a forcing sequence) still belongs to the point. Anything
 * else that moves the iterate (a new run, an escape, a probe starting from a candidate, a perturbation)
 * makes the rule start that state afresh at the new point, as it would at the start of a run.
 */
final class WhereLeft {
    private double[] x;
    private double h = Double.NaN;

    /** Forgets the point: the next {@link #stillAt} is false. */
    void forget() {
        x = null;
    }

    /** Remembers the iterate's current point. */
    void remember(Iterate it) {
        x = it.x();
        h = it.h();
    }

    boolean stillAt(Iterate it) {
        return x == it.x() && Double.compare(h, it.h()) == 0;
    }
}
