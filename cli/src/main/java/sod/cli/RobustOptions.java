package sod.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import sod.SodInputException;
import sod.solver.RobustConfig;

/** The loss, search rank and initialisation options of {@code sod solve} (robust sensing). */
final class RobustOptions {
    @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "l2",
            description = "l2: GD / SOD on 1/2 ||A(XX^T) - b||^2; l1: the subgradient method on (1/m) ||A(XX^T) - b||_1, "
                    + "robust to outliers (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--rank-search", paramLabel = "R'",
            description = "Columns of X (over-parameterised search rank, >= the rank of M*; default: the problem's rank).")
    Integer rankSearch;

    @Option(names = "--init", paramLabel = "INIT",
            description = "spectral (top eigenpairs of A*(b), trimmed for l1) or random (default: spectral for l1, random for l2).")
    String init;

    @Option(names = "--alpha", paramLabel = "A", description = "l1: X0 = A * B, a small initialisation (default: 1e-4).")
    Double alpha;

    @Option(names = "--decay", paramLabel = "RHO", description = "l1: step decay per iteration, in (0, 1] (default: 0.998).")
    Double decay;

    boolean l1() {
        return switch (loss.toLowerCase(Locale.ROOT)) {
            case "l1" -> true;
            case "l2" -> false;
            default -> throw new SodInputException("unknown --loss '" + loss + "'; choose l2 or l1");
        };
    }

    boolean spectral() {
        if (init == null) return l1();
        return RobustConfig.Init.parse(init) == RobustConfig.Init.SPECTRAL;
    }

    int searchRank(int problemRank) {
        if (rankSearch == null) return problemRank;
        if (rankSearch < 1) throw new SodInputException("--rank-search must be >= 1, got " + rankSearch);
        return rankSearch;
    }

    /** The l1 solver's config; --step is eta and --iters the iteration count when given. */
    RobustConfig config(Double step, Integer iterations, long seed) {
        RobustConfig c = RobustConfig.defaults().withSeed(seed)
                .withInit(spectral() ? RobustConfig.Init.SPECTRAL : RobustConfig.Init.RANDOM);
        if (rankSearch != null) c = c.withSearchRank(searchRank(1));
        if (step != null) c = c.withEta(step);
        if (iterations != null) c = c.withIterations(iterations);
        if (alpha != null) c = c.withAlpha(alpha);
        if (decay != null) c = c.withRho(decay);
        return c;
    }

    /** Options that only the l1 solver reads, rejected with l2 so that they are not silently ignored. */
    void checkL2() {
        if (alpha != null || decay != null) throw new SodInputException("--alpha and --decay apply to --loss l1 only");
    }
}
