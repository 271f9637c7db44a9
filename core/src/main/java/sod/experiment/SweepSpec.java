package sod.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sod.SodInputException;
import sod.problems.BuiltInProblem;
import sod.problems.Problem;
import sod.solver.Listener;
import sod.solver.RankSearch;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * What a success-rate sweep runs: a built-in problem over a grid of dimensions (and weights eps, for
 * a problem with eps), a list of variants, seeds {@code 0..seeds-1}, and the solver settings every
 * trial shares. A trial is exactly the solve {@code sod solve} runs with the same problem, seed and
 * flags: the problem's {@link sod.problems.SolverDefaults}, then {@code settings}.
 *
 * @param sizes        dimensions; null: the problem's sweep sizes
 * @param epsilons     weights eps; null: the problem's (none for a problem without eps)
 * @param m            measurements of the Gaussian ensembles (0: 5 n r)
 * @param observations observed pairs of completion (0: its default)
 * @param searchRank   r' of an over-parameterised search then truncation to the rank ({@link RankSearch}); 0: none
 */
public record SweepSpec(BuiltInProblem problem, List<Integer> sizes, List<Double> epsilons, List<Variant> variants, int seeds,
                        int m, int rank, int observations, SolverSettings settings, int searchRank) {

    /** A sweep at the problem's rank (no over-parameterised search). */
    public SweepSpec(BuiltInProblem problem, List<Integer> sizes, List<Double> epsilons, List<Variant> variants, int seeds,
                     int m, int rank, int observations, SolverSettings settings) {
        this(problem, sizes, epsilons, variants, seeds, m, rank, observations, settings, 0);
    }

    public SweepSpec {
        if (searchRank != 0 && searchRank < rank) {
            throw new SodInputException("--rank-search: r' = " + searchRank + " is below --rank " + rank + "; give r' >= " + rank);
        }
        if (seeds < 1) throw new SodInputException("--seeds must be >= 1, got " + seeds);
        if (rank < 1) throw new SodInputException("--rank must be >= 1, got " + rank);
        if (m < 0 || observations < 0) throw new SodInputException("--m and --observations must be >= 1 when given");
        sizes = List.copyOf(sizes == null ? problem.sweepSizes() : sizes);
        for (int n : sizes) if (n < 1) throw new SodInputException("--n values must be >= 1, got " + n);
        if (epsilons != null && !problem.takesEps()) {
            throw new SodInputException("--eps: " + problem.name() + " has no eps (only pmc does); drop --eps");
        }
        epsilons = List.copyOf(epsilons == null ? problem.sweepEpsilons() : epsilons);
        for (double e : epsilons) {
            if (!(e > 0) || !Double.isFinite(e)) throw new SodInputException("--eps values must be finite and > 0, got " + e);
        }
        if (variants == null || variants.isEmpty()) throw new SodInputException("--method: give at least one method");
        variants = List.copyOf(new LinkedHashSet<>(variants));
        if (settings == null) settings = SolverSettings.NONE;
    }

    /** Every trial, n-major, then eps, variant and seed; each once. */
    public List<Trial> grid() {
        List<Double> cellEps = problem.takesEps() ? epsilons : List.of(Double.NaN);
        List<Trial> grid = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int n : sizes)
            for (double eps : cellEps)
                for (Variant v : variants)
                    for (long seed = 0; seed < seeds; seed++) {
                        Trial t = new Trial(problem.name(), n, eps, v, seed);
                        if (seen.add(t.key())) grid.add(t);
                    }
        return grid;
    }

    /**
     * The settings every trial shares: the problem's defaults, then {@link #settings}; without a given
     * target, the paper's success criterion {@code ||X X^T - M*||_F < 0.05} is the stop, as the table
     * counts it (the final distance is recorded either way).
     */
    public SolverConfig base() {
        SolverConfig.Builder b = settings.builder(problem.solverDefaults());
        if (!settings.stopping().hasTarget()) b.targetDistance(SolverConfig.PAPER_TARGET_DISTANCE);
        return b.build();
    }

    /** The configuration of one trial. */
    public SolverConfig config(Trial t) {
        return t.variant().applyTo(base().toBuilder()).seed(t.seed()).build();
    }

    /** Whether trials search at a higher rank and truncate ({@code --rank-search}). */
    public boolean searchesRank() {
        return searchRank != 0 && searchRank != rank;
    }

    /** Solves a trial's instance with its config: a plain solve, or the rank search when the sweep has one. */
    Result solve(Solver solver, Trial t, Problem instance) {
        if (!searchesRank()) return solver.solve(instance);
        try (RankSearch search = new RankSearch(solver.config(), searchRank)) {
            return search.solve(instance, null, Listener.NONE);
        }
    }

    /** The instance of a trial, with a single-threaded operator (the sweep's parallelism is over trials). */
    public Problem instance(Trial t) {
        return problem.create(new BuiltInProblem.Parameters(t.n(), m, rank, t.eps(), t.seed(), observations, 1));
    }

    /**
     * Trials with equal keys solve the same instance: (n, eps) for a problem that does not depend on
     * the seed, else also the seed.
     */
    Object instanceKey(Trial t) {
        return problem.seeded() ? List.of(t.n(), t.eps(), t.seed()) : List.of(t.n(), t.eps());
    }

    /** The sweep's settings as JSON members of the open object {@code j}. */
    Json describe(Json j) {
        SolverConfig base = base();
        j.member("problem", problem.name()).name("n").beginArray();
        for (int n : sizes) j.value(n);
        j.endArray().name("eps").beginArray();
        for (double e : problem.takesEps() ? epsilons : List.<Double>of()) j.value(e);
        j.endArray().name("variants").beginArray();
        for (Variant v : variants) j.value(v.label());
        j.endArray().member("seeds", seeds).member("rank", rank).member("m", m).member("observations", observations)
                .member("searchRank", searchRank)
                .member("stepRule", Names.of(base.descent().stepRule())).member("step", base.descent().step())
                .member("damping", base.descent().damping()).member("cgIterations", base.descent().cgIterations())
                .member("initScale", base.start().initScale()).member("maxIterations", base.stopping().maxIterations())
                .member("timeLimitSeconds", base.stopping().timeBudgetSeconds()).member("targetDistance", base.stopping().targetDistance());
        return j;
    }
}
