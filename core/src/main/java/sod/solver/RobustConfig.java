package sod.solver;

import java.util.Locale;
import sod.SodInputException;

/**
 * Immutable settings of a {@link RobustSubgradientSolver} run.
 *
 * @param eta        initial step, in units of the operator's l1 scale (see {@link RobustSubgradientSolver})
 * @param rho        geometric decay of the step per iteration, in (0, 1]
 * @param alpha      X0 = alpha B (B the spectral factor, or N(0,1) entries for {@link Init#RANDOM})
 * @param searchRank columns r' of X; 0 means the problem's rank
 * @param iterations subgradient steps
 * @param init       how B is chosen
 * @param trim       spectral trimming threshold in units of median |b| ({@link SpectralInit#trimmed})
 * @param seed       seed of the random B
 */
public record RobustConfig(double eta, double rho, double alpha, int searchRank, int iterations, Init init, double trim,
                           long seed) {

    /** The initial direction B. */
    public enum Init {
        /** Top-r' eigenpairs of A*(trimmed b), scaled by sqrt of the eigenvalues. */
        SPECTRAL,
        /** N(0, 1) entries scaled by 1/sqrt(n r'). */
        RANDOM;

        public static Init parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "spectral" -> SPECTRAL;
                case "random" -> RANDOM;
                default -> throw new SodInputException("unknown --init '" + name + "'; choose spectral or random");
            };
        }
    }

    public RobustConfig {
        check(eta > 0 && Double.isFinite(eta), "eta", "must be a finite value > 0, got " + eta);
        check(rho > 0 && rho <= 1, "rho", "must be in (0, 1], got " + rho);
        check(alpha > 0 && Double.isFinite(alpha), "alpha", "must be a finite value > 0, got " + alpha);
        check(searchRank >= 0, "searchRank", "must be >= 0 (0: the problem's rank), got " + searchRank);
        check(iterations >= 0, "iterations", "must be >= 0, got " + iterations);
        check(init != null, "init", "must be given");
        check(trim > 0 && Double.isFinite(trim), "trim", "must be a finite value > 0, got " + trim);
    }

    /** Defaults tuned on dense Gaussian sensing (docs/robust.md): eta 0.05, rho 0.998, alpha 1e-4, 5000 steps. */
    public static RobustConfig defaults() {
        return new RobustConfig(0.05, 0.998, 1e-4, 0, 5000, Init.SPECTRAL, SpectralInit.DEFAULT_TRIM, 0);
    }

    public RobustConfig withEta(double v) { return new RobustConfig(v, rho, alpha, searchRank, iterations, init, trim, seed); }
    public RobustConfig withRho(double v) { return new RobustConfig(eta, v, alpha, searchRank, iterations, init, trim, seed); }
    public RobustConfig withAlpha(double v) { return new RobustConfig(eta, rho, v, searchRank, iterations, init, trim, seed); }
    public RobustConfig withSearchRank(int v) { return new RobustConfig(eta, rho, alpha, v, iterations, init, trim, seed); }
    public RobustConfig withIterations(int v) { return new RobustConfig(eta, rho, alpha, searchRank, v, init, trim, seed); }
    public RobustConfig withInit(Init v) { return new RobustConfig(eta, rho, alpha, searchRank, iterations, v, trim, seed); }
    public RobustConfig withTrim(double v) { return new RobustConfig(eta, rho, alpha, searchRank, iterations, init, v, seed); }
    public RobustConfig withSeed(long v) { return new RobustConfig(eta, rho, alpha, searchRank, iterations, init, trim, v); }

    private static void check(boolean ok, String name, String what) {
        if (!ok) throw new SodInputException("robust solver: " + name + " " + what);
    }
}
