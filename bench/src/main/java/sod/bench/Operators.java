package sod.bench;

import sod.problems.Completion;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.problems.RankOneSensing;

/**
 * The problems of groups 2 and 6, one per operator kind, each large enough that its data streams
 * from DRAM (hundreds of MB, far above the 32 MB L3):
 * <ul>
 * <li>{@code dense64}, {@code dense32}: Gaussian sensing n = 128, m = 2560, r = 4, packed float64 /
 *     float32 (169 / 85 MB);
 * <li>{@code pmc}: perturbed matrix completion n = 2000, eps = 0.10, r = 1 ({@code EntryWeightedDense},
 *     weights, b and residual: 96 MB);
 * <li>{@code completion}: n = 200 000, r = 4, 8 million observed pairs ({@code EntryWeightedSparse},
 *     192 MB of coordinates, data and residual);
 * <li>{@code rankOne}: n = 1000, m = 20 000, r = 4 ({@code RankOneOperator}, 160 MB).
 * </ul>
 */
final class Operators {
    private Operators() {
    }

    static final String KINDS = "dense64, dense32, pmc, completion, rankOne";

    static Problem create(String kind, int threads) {
        return switch (kind) {
            case "dense64" -> GaussianSensing.create(128, 2560, 4, 7, threads, false);
            case "dense32" -> GaussianSensing.create(128, 2560, 4, 7, threads, true);
            case "pmc" -> Pmc.create(2000, 0.10, threads);
            case "completion" -> Completion.create(200_000, 4, 8_000_000, Completion.Sampling.uniform(), 0.0, 7, threads);
            case "rankOne" -> RankOneSensing.create(1000, 20_000, 4, 7, threads);
            default -> throw new IllegalArgumentException("kind must be one of " + KINDS + ", got " + kind);
        };
    }
}
