package sod.problems;

import java.util.Locale;
import sod.SodInputException;
import sod.operators.EntryWeightedDense;

/**
 * A rank-r extension of perturbed matrix completion with many spurious minima: r PMC(n/r, eps) blocks
 * on the diagonal of an n x n matrix, block k holding the PMC truth {@code z = (1, 0, 1, 0, ...)} in
 * column k of Z, so {@code M* = Z Z^T} is block diagonal with rank r. Inside a block the weights are
 * PMC's (1 on its observed set, eps off it); every entry outside the blocks is observed with weight 1
 * (its value 0 ties the blocks' columns apart). Each block has PMC's spurious minima, so plain GD from a
 * random start is stuck as soon as one block is.
 */
public final class PmcBlocks {
    private PmcBlocks() {}

    /**
     * @param n       dimension, a multiple of r (blocks of n / r >= 2)
     * @param r       number of blocks, the rank of M*
     * @param eps     weight off each block's observed set, finite and >= 0
     * @param threads operator threads
     */
    public static Problem create(int n, int r, double eps, int threads) {
        if (r < 1) throw new SodInputException("pmc-blocks: --rank must be >= 1, got " + r);
        if (n % r != 0 || n / r < 2)
            throw new SodInputException("pmc-blocks: n = " + n + " must be a multiple of the rank " + r
                    + " with blocks of at least 2; e.g. --n " + 20 * r);
        if (n > 46340) throw new SodInputException("pmc-blocks: n = " + n + " is too large (n^2 measurements must fit an array)");
        if (!Double.isFinite(eps) || eps < 0) throw new SodInputException("pmc-blocks: eps must be finite and >= 0, got " + eps);
        int block = n / r;
        double[] z = new double[n * r];
        for (int k = 0; k < r; k++)
            for (int i = 0; i < block; i += 2) z[(k * block + i) * r + k] = 1;
        double[] w = new double[n * n], b = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                boolean sameBlock = i / block == j / block;
                double wij = !sameBlock || Pmc.observed(i % block, j % block) ? 1 : eps;
                w[i * n + j] = wij;
                // M*_ij = z_i z_j within a block, 0 across blocks
                b[i * n + j] = sameBlock ? wij * z[i * r + i / block] * z[j * r + j / block] : 0;
            }
        String name = String.format(Locale.ROOT, "pmc-blocks(n=%d, r=%d, eps=%s)", n, r, eps);
        return new Problem(name, new EntryWeightedDense(n, w, threads), b, r, z, r);
    }
}
