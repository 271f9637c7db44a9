package sod.problems;

import sod.operators.SensingOperator;

/**
 * A matrix sensing instance: the operator, the data {@code b} (length m) and, when known, the
 * ground-truth factor {@code Z} (n x rank, row-major) with {@code M* = Z Z^T}. Closing the problem
 * closes its operator.
 *
 * @param name   short description for reports, e.g. {@code "pmc(n=40, eps=0.15)"}
 * @param rank   the search rank r of the factor X (usually the rank of M*)
 * @param truth  n x truthRank factor of M*, or null when unknown
 * @param truthRank columns of {@code truth} (0 when unknown)
 */
public record Problem(String name, SensingOperator operator, double[] b, int rank, double[] truth, int truthRank)
        implements AutoCloseable {

    public int n() {
        return operator.n();
    }

    public int m() {
        return operator.m();
    }

    public boolean hasTruth() {
        return truth != null;
    }

    @Override
    public void close() {
        operator.close();
    }
}
