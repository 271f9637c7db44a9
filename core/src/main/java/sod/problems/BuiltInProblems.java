package sod.problems;

import java.util.List;
import java.util.Locale;
import sod.SodInputException;

/** The registry of the built-in problems, in the order the help lists them. */
public final class BuiltInProblems {
    /** The paper's table (spec section 7): n = 40, 50, ..., 80. */
    private static final List<Integer> PAPER_SIZES = List.of(40, 50, 60, 70, 80);
    /** ... and eps = 0.15, 0.10. */
    private static final List<Double> PAPER_EPSILONS = List.of(0.15, 0.10);

    private static final List<BuiltInProblem> ALL = List.of(
            new Entry("pmc", 40, PAPER_SIZES, PAPER_EPSILONS, false, SolverDefaults.PAPER, p -> {
                requireRankOne("pmc", p.rank());
                if (Double.isNaN(p.eps())) throw new SodInputException("pmc needs --eps, the weight off the observed set; e.g. 0.10");
                int n = p.nOr(40);
                // W, its copy in the operator, b: three n x n double arrays, and the solver's n^2 measurements
                MemoryCheck.require("--n " + n + ": pmc", 24.0 * n * n + MemoryCheck.solverHeap(n, 1, (double) n * n), 0,
                        "a smaller --n");
                return Pmc.create(n, p.eps(), p.threads());
            }),
            new Entry("gaussian", 20, PAPER_SIZES, List.of(), true, SolverDefaults.ADAPTIVE, p -> {
                int n = p.nOr(20);
                int m = measurements(p, n);
                double packed = Math.ceil(n * (n + 1.0) / 2 / 16) * 16;
                MemoryCheck.require("--n " + n + ", --m " + m + ": gaussian", 8.0 * m + MemoryCheck.solverHeap(n, p.rank(), m),
                        8 * packed * m, "a smaller --n or --m");
                return GaussianSensing.create(n, m, p.rank(), p.seed(), p.threads(), false);
            }),
            new Entry("rank-one", 20, PAPER_SIZES, List.of(), true, SolverDefaults.ADAPTIVE, p -> {
                int n = p.nOr(20);
                int m = measurements(p, n);
                MemoryCheck.require("--n " + n + ", --m " + m + ": rank-one", 8.0 * m + MemoryCheck.solverHeap(n, p.rank(), m),
                        8 * Math.ceil(n / 8.0) * 8 * m, "a smaller --n or --m");
                return RankOneSensing.create(n, m, p.rank(), p.seed(), p.threads());
            }),
            new Entry("completion", 20, PAPER_SIZES, List.of(), true, SolverDefaults.ADAPTIVE, BuiltInProblems::completion),
            new Entry("counterexample", 2, List.of(2), List.of(), false, SolverDefaults.PAPER, p -> {
                requireRankOne("counterexample", p.rank());
                if (p.n() != 0 && p.n() != 2) throw new SodInputException("the counterexample has n = 2; drop --n " + p.n());
                return Counterexample.create();
            }),
            new Entry("pmc-blocks", 40, List.of(40, 60), List.of(0.10), false, SolverDefaults.PAPER, p -> {
                if (Double.isNaN(p.eps())) throw new SodInputException("pmc-blocks needs --eps, the weight off each block's observed set; e.g. 0.10");
                return PmcBlocks.create(p.nOr(40), p.rank(), p.eps(), p.threads());
            }));

    private BuiltInProblems() {
    }

    public static List<BuiltInProblem> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(BuiltInProblem::name).toList();
    }

    /** The problem of that name (case-insensitive). */
    public static BuiltInProblem named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (BuiltInProblem p : ALL) if (p.name().equals(wanted)) return p;
        throw new SodInputException("unknown problem '" + name + "'; choose one of " + String.join(", ", names())
                + " (or give files with --operator/--measurements or --observed)");
    }

    /** A registry entry: the facts as data, the draw as a function. */
    private record Entry(String name, int defaultN, List<Integer> sweepSizes, List<Double> sweepEpsilons, boolean seeded,
                         SolverDefaults solverDefaults, Factory factory) implements BuiltInProblem {
        @Override
        public Problem create(Parameters p) {
            return factory.create(p);
        }
    }

    private interface Factory {
        Problem create(BuiltInProblem.Parameters p);
    }

    private static void requireRankOne(String problem, int rank) {
        if (rank != 1) throw new SodInputException(problem + " has a rank-1 ground truth; use --rank 1");
    }

    /** m, by default 5 n r. */
    private static int measurements(BuiltInProblem.Parameters p, int n) {
        if (p.rank() > n) throw new SodInputException("--rank " + p.rank() + " exceeds --n " + n + "; use a rank <= n");
        long m = p.m() == 0 ? 5L * n * p.rank() : p.m();
        if (m > Integer.MAX_VALUE) {
            throw new SodInputException("--n " + n + ": the default m = 5 n r = " + m + " measurements are more than one array"
                    + " holds (" + Integer.MAX_VALUE + "); choose a smaller --n, or give --m");
        }
        return (int) m;
    }

    /**
     * The heap of a completion problem and its solve: per observation the sampled key (8 bytes), its
     * column, the pattern's lower column and entry (4 each), b (8), and the solver's workspace; per
     * row the row starts of the upper and lower lists; per factor entry the truth and the solver's.
     */
    static double completionHeap(double n, double r, double observations) {
        return (8 + 4 + 4 + 4 + 8) * observations + 16 * n + 8 * n * r + MemoryCheck.solverHeap(n, r, observations);
    }

    /** Uniformly sampled pairs, by default min(all pairs, 3 n r ln n) of them. */
    private static Problem completion(BuiltInProblem.Parameters p) {
        int n = p.nOr(20);
        long pairs = (long) n * (n + 1L) / 2;
        long count = p.observations() == 0
                ? Math.min(pairs, (long) Math.ceil(3.0 * n * p.rank() * Math.log(Math.max(n, 2)))) // 3 n r overflows int
                : p.observations();
        if (count > pairs) {
            throw new SodInputException("--observations " + count + " exceeds the " + pairs
                    + " distinct pairs i <= j of n = " + n + "; use at most " + pairs);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new SodInputException("--n " + n + ": completion would observe " + count + " pairs, more than one array"
                    + " holds; give --observations below " + (Integer.MAX_VALUE - 8) + " or a smaller --n");
        }
        MemoryCheck.require("--n " + n + ", --observations " + count + ": completion", completionHeap(n, p.rank(), count), 0,
                "a smaller --n, --rank or --observations");
        return Completion.create(n, p.rank(), (int) count, Completion.Sampling.uniform(), 0.0, p.seed(), p.threads());
    }
}
