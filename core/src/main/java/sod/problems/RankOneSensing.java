package sod.problems;

import sod.SodInputException;
import sod.operators.RankOneOperator;

/**
 * Rank-one Gaussian sensing {@code A_i = a_i a_i^T} (see {@link RankOneOperator#gaussian} for what its
 * scaling guarantees), with the same ground truth as {@link GaussianSensing} ({@code ||Z Z^T||_F = 1})
 * and noiseless {@code b = A(Z Z^T)}.
 */
public final class RankOneSensing {

    private RankOneSensing() {
    }

    public static Problem create(int n, int m, int r, long seed, int threads) {
        if (r < 1 || r > n) throw new SodInputException("rank r = " + r + " must be between 1 and n = " + n);
        RankOneOperator op = RankOneOperator.gaussian(n, m, seed, threads);
        double[] z = GaussianSensing.truth(n, r, seed);
        return new Problem("rank-one(n=" + n + ", m=" + m + ", r=" + r + ", seed=" + seed + ")",
                op, GaussianSensing.data(op, z, r), r, z, r);
    }
}
