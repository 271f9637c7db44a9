package sod.problems;

import java.nio.file.Path;
import java.util.function.Consumer;
import sod.SodInputException;
import sod.operators.Precision;

/**
 * How problem files are turned into a {@link Problem}: what the user said beside the files.
 *
 * @param rank       search rank, or 0 to take the truth's (required without a truth)
 * @param threads    operator threads (>= 1)
 * @param symmetrise store (A_i + A_i^T)/2 instead of refusing asymmetric sensing matrices
 * @param weights    a .npy of m weights w_i >= 0 (h = 1/2 sum w_i r_i^2), or null
 * @param normalize  weight each measurement by 1/||A_i||_F^2 (it cannot be combined with weights)
 * @param precision  the dense operator's storage, or null for the file's (float32 stays float32)
 * @param notes      where sentences for the user go (widened dtypes, implied weights, how a truth was read)
 */
public record FileOptions(int rank, int threads, boolean symmetrise, Path weights, boolean normalize, Precision precision,
                          Consumer<String> notes) {

    public FileOptions {
        if (rank < 0) throw new SodInputException("--rank must be >= 1, got " + rank);
        if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
        if (weights != null && normalize) {
            throw new SodInputException("--weights and --normalize both given; --normalize is the weights 1/||A_i||_F^2: use one of them");
        }
        if (notes == null) notes = note -> { };
    }

    /** Rank and threads only: no symmetrising, weights or precision, notes dropped. */
    public static FileOptions of(int rank, int threads) {
        return new FileOptions(rank, threads, false, null, false, null, null);
    }

    public FileOptions withSymmetrise(boolean value) {
        return new FileOptions(rank, threads, value, weights, normalize, precision, notes);
    }

    public FileOptions withWeights(Path file) {
        return new FileOptions(rank, threads, symmetrise, file, normalize, precision, notes);
    }

    public FileOptions withNormalize(boolean value) {
        return new FileOptions(rank, threads, symmetrise, weights, value, precision, notes);
    }

    public FileOptions withPrecision(Precision value) {
        return new FileOptions(rank, threads, symmetrise, weights, normalize, value, notes);
    }

    public FileOptions withNotes(Consumer<String> value) {
        return new FileOptions(rank, threads, symmetrise, weights, normalize, precision, value);
    }

    /** Whether the measurements are weighted (by a file or by normalising). */
    boolean weighted() {
        return weights != null || normalize;
    }
}
