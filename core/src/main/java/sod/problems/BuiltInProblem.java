package sod.problems;

import java.util.List;
import sod.SodInputException;

/**
 * One built-in problem generator: its name, its default sizes, the solver settings it is solved
 * with by default, and how an instance is drawn. {@link BuiltInProblems} lists them; {@code sod
 * solve} and {@code sod sweep} both go through it, so a problem is run the same way by both.
 */
public interface BuiltInProblem {

    /** The name on the command line, e.g. {@code pmc}. */
    String name();

    /** n when none is given. */
    int defaultN();

    /** The dimensions a sweep runs when none are given. */
    List<Integer> sweepSizes();

    /**
     * The weights eps (off PMC's observed set) a sweep runs when none are given; empty for a problem
     * without eps, of which a sweep forms no eps cells.
     */
    List<Double> sweepEpsilons();

    /** Whether eps is a parameter of this problem. */
    default boolean takesEps() {
        return !sweepEpsilons().isEmpty();
    }

    /**
     * Whether the instance depends on the seed (random ensembles) or only on its sizes (PMC, the
     * counterexample), so that trials of different seeds may share one instance.
     */
    boolean seeded();

    /** The solver settings this problem is solved with when the user gives none. */
    SolverDefaults solverDefaults();

    /** Draws the instance; {@code p}'s unset sizes (0) take this problem's defaults. */
    Problem create(Parameters p);

    /**
     * What an instance is drawn with. Sizes 0 mean "the problem's default": n, m = 5 n r for the
     * Gaussian ensembles, observations = min(all pairs, 3 n r ln n) for completion.
     *
     * @param eps the PMC weight; NaN when not given (problems without eps ignore it)
     */
    record Parameters(int n, int m, int rank, double eps, long seed, int observations, int threads) {
        public Parameters {
            if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank + "; the rank of M* is usually 1 to 10");
            if (n < 0 || m < 0 || observations < 0) {
                throw new SodInputException("sizes must be positive: --n " + n + ", --m " + m + ", --observations " + observations);
            }
            if (threads < 1) throw new SodInputException("--threads must be >= 1, got " + threads);
            if (!Double.isNaN(eps) && !(eps > 0 && Double.isFinite(eps))) {
                throw new SodInputException("--eps must be a finite value > 0, got " + eps + "; the paper uses 0.10 and 0.15");
            }
        }

        /** n, or {@code fallback} when unset. */
        public int nOr(int fallback) {
            return n == 0 ? fallback : n;
        }
    }
}
