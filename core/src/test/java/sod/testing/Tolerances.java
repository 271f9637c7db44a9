package sod.testing;

/**
 * The tolerances the tests compare with, each with the reason for its size. Relative values are
 * relative to the largest magnitude of the expected quantity (see {@link Assertions#assertClose}).
 */
public final class Tolerances {
    private Tolerances() {}

    /** Two summation orders of the same O(m) double sums (vector vs scalar, 1 vs 2 threads): a few ulps per term. */
    public static final double REORDERED_SUM = 1e-12;

    /** Two formulations of the same operator (dense vs sparse, packed vs explicit): reordered sums of products. */
    public static final double SAME_OPERATOR = 1e-12;

    /** LAPACK or Lanczos eigenpairs against an independent reference: backward-stable, scaled by ||G||. */
    public static final double EIGEN_RESIDUAL = 1e-10;

    /** Central finite differences with h ~ 1e-5: truncation O(h^2) and rounding O(eps / h) give ~1e-9 relative. */
    public static final double FINITE_DIFFERENCE = 1e-6;

    /** Figures printed to 3-4 digits in sod-method.md (e.g. sigma_r ~ 0.7071): agreement to the printed digits. */
    public static final double SPEC_PRINTED_DIGITS = 5e-4;

    /** A forced 128-bit vector width or another thread count: the same sums grouped differently over a whole run. */
    public static final double OTHER_WIDTH_OR_THREADS = 1e-12;
}
