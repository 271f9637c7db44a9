package sod.solver;

import java.util.ArrayList;
import java.util.List;
import sod.SodInputException;
import sod.openblas.SymmetricEigen;
import sod.problems.Problem;

/**
 * Over-parameterised search for the l2 loss: the configured method (any local method, with or without
 * escapes) at rank {@code r' > r}, then the rank-r truncation of {@code X X^T} and a polish at rank r
 * with the same method, what a Manopt user does by hand (trust region at r' = r + 1 recovers PMC from
 * every start where r' = r does not).
 *
 * <p><b>Truncation.</b> With the small Gram eigendecomposition {@code X^T X = V diag(lambda) V^T}
 * (r' x r', descending), {@code X V} has orthogonal columns of norms {@code sqrt(lambda_i)} and
 * {@code X X^T = sum_i (X v_i)(X v_i)^T}, so the best rank-r approximation of {@code X X^T} is
 * {@code X_r X_r^T} with {@code X_r = X V_r}, the top r columns: O(n r'^2), no n x n matrix.
 *
 * <p><b>Search tolerance.</b> At r' above the rank of M* the extra columns sit in a flat valley (h is
 * quartic along them), where every local method converges only linearly; the search therefore stops
 * at a zero residual of {@code sqrt(htol)} (relative residual ~3e-7 with the default htol 1e-26) and the
 * polish at rank r, quadratic for LM and trust region, takes the truncated point to htol. The polish gets
 * what is left of the iteration and time budgets. Owns its two solvers; not thread-safe.
 */
public final class RankSearch implements AutoCloseable {
    private final SolverConfig config;
    private final int searchRank;
    private final Solver search;
    private volatile Solver running;
    private volatile boolean stopRequested;

    /** @param searchRank r', at least the problem's rank */
    public RankSearch(SolverConfig config, int searchRank) {
        if (searchRank < 1) throw new SodInputException("--rank-search must be >= 1, got " + searchRank);
        this.config = config;
        this.searchRank = searchRank;
        double htol = config.stopping().residualTolerance();
        search = new Solver(config.toBuilder().residualTolerance(Math.max(htol, Math.sqrt(htol))).build());
    }

    /**
     * Searches at rank r' from {@code x0} (n x r'; null: the config's draw), truncates to the problem's rank
     * and polishes. The result is at rank r, with the iterations, escapes and times of both phases (the
     * polish's iterations and escapes counted from the start of the search); a stopped search returns its
     * own result, at rank r'.
     */
    public Result solve(Problem p, double[] x0, Listener listener) {
        int r = p.rank();
        if (searchRank < r)
            throw new SodInputException("--rank-search " + searchRank + " is below the rank " + r + "; give r' >= " + r);
        Listener l = listener == null ? Listener.NONE : listener;
        stopRequested = false;
        Problem wide = new Problem(p.name() + ", r'=" + searchRank, p.operator(), p.b(), searchRank, p.truth(), p.truthRank());
        running = search;
        Result first = search.solve(wide, x0, l);
        if (first.status() == Result.Status.STOPPED || stopRequested) return first;
        double[] truncated = new double[p.n() * r];
        truncate(first.x(), p.n(), searchRank, r, truncated);
        int left = Math.max(0, config.stopping().maxIterations() - first.iterations());
        double timeLeft = config.stopping().timeBudgetSeconds() - first.totalSeconds();
        try (Solver polish = new Solver(config.toBuilder().maxIterations(left)
                .timeBudgetSeconds(timeLeft > 0 ? timeLeft : Double.MIN_NORMAL).build())) {
            running = polish;
            if (stopRequested) polish.requestStop();
            int offset = first.iterations();
            Result second = polish.solve(p, truncated, new Offset(l, offset));
            return combine(first, second, offset);
        } finally {
            running = null;
        }
    }

    /** Stops the running phase (and skips the polish); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        Solver s = running;
        if (s != null) s.requestStop();
    }

    /**
     * {@code out = X V_r} (n x r): the factor of the best rank-r approximation of {@code X X^T}, X n x rp.
     */
    public static void truncate(double[] x, int n, int rp, int r, double[] out) {
        if (r > rp) throw new IllegalArgumentException("cannot truncate rank " + rp + " to " + r);
        double[] gram = new double[rp * rp], values = new double[rp], vectors = new double[rp * rp];
        sod.kernels.Factors.gram(x, n, rp, gram);
        try (SymmetricEigen eigen = new SymmetricEigen(rp)) {
            eigen.decompose(gram, rp, values, vectors); // ascending: the top r are the last r columns
        }
        for (int i = 0; i < n; i++)
            for (int c = 0; c < r; c++) {
                int column = rp - 1 - c;
                double s = 0;
                for (int a = 0; a < rp; a++) s += x[i * rp + a] * vectors[a * rp + column];
                out[i * r + c] = s;
            }
    }

    private static Result combine(Result first, Result second, int offset) {
        List<Escape> escapes = new ArrayList<>(first.escapes());
        for (Escape e : second.escapes()) {
            escapes.add(new Escape(e.iteration() + offset, e.kind(), e.hBefore(), e.hAfter(), e.lambdaMin(), e.sigmaR(), e.ncm(),
                    e.aic(), e.efs(), e.delta(), e.t(), e.scale(), e.candidates(), e.seconds(), e.stalledPoint()));
        }
        String message = second.message() + " (after a search at rank " + first.r() + ": " + first.status().name().toLowerCase()
                + " in " + first.iterations() + " iterations, relative residual " + String.format(java.util.Locale.ROOT, "%.3e",
                first.relativeResidual()) + ")";
        return new Result(second.x(), second.n(), second.r(), second.h(), second.relativeResidual(), second.distance(),
                second.relativeDistance(), second.gradNorm(), offset + second.iterations(), first.probeSteps() + second.probeSteps(),
                second.status(), second.verdict(), message, List.copyOf(escapes), first.totalSeconds() + second.totalSeconds(),
                first.gdSeconds() + second.gdSeconds(), first.eigenSeconds() + second.eigenSeconds(),
                first.escapeSeconds() + second.escapeSeconds(), second.latencyP50Nanos(), second.latencyP99Nanos());
    }

    /** Reports the polish's iterations counted from the start of the search. */
    private record Offset(Listener inner, int offset) implements Listener {
        @Override
        public void onIteration(int iter, double h, double gradNorm, double distance) {
            inner.onIteration(iter + offset, h, gradNorm, distance);
        }

        @Override
        public boolean wantsDistance() {
            return inner.wantsDistance();
        }

        @Override
        public void onEscape(Escape escape) {
            inner.onEscape(escape);
        }

        @Override
        public void onCandidate(Escape.Candidate candidate) {
            inner.onCandidate(candidate);
        }
    }

    @Override
    public void close() {
        search.close();
    }
}
