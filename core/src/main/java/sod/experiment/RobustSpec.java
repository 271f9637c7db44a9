package sod.experiment;

import java.util.ArrayList;
import java.util.List;
import sod.SodInputException;
import sod.problems.GaussianSensing;
import sod.problems.Outliers;
import sod.problems.Problem;

/**
 * The robust sensing experiment: dense Gaussian sensing (n, rank, m) with a fraction of outlying
 * measurements, recovered by each {@link RecoveryMethod} for several search ranks, seeds
 * {@code 0..seeds-1}. The trials of one seed share the sensing matrices and the outliers (both seeded).
 */
public record RobustSpec(int n, int rank, int m, List<Double> fractions, List<Integer> searchRanks, int seeds,
                         Outliers.Distribution distribution, double scale, List<RecoveryMethod> methods) {

    public RobustSpec {
        if (n < 1 || rank < 1 || rank > n) throw new SodInputException("need 1 <= --rank <= --n, got n " + n + ", rank " + rank);
        if (seeds < 1) throw new SodInputException("--seeds must be >= 1, got " + seeds);
        for (int rp : searchRanks) {
            if (rp < 1 || rp > n) throw new SodInputException("--rank-search values must be in [1, n], got " + rp);
        }
        if (m == 0) m = 5 * n * rank;
        fractions = List.copyOf(fractions);
        searchRanks = List.copyOf(searchRanks);
        methods = List.copyOf(methods);
    }

    /** The l1 subgradient method and l2 GD (step {@code l2Step}), both for {@code iterations}. */
    public static List<RecoveryMethod> l1AndL2(int iterations, double l2Step) {
        return List.of(new L1Subgradient(iterations), new L2GradientDescent(l2Step, iterations));
    }

    /** Every trial: search rank, then fraction, method and seed. */
    public List<RobustTrial> grid() {
        List<RobustTrial> grid = new ArrayList<>();
        for (int rp : searchRanks)
            for (double p : fractions)
                for (RecoveryMethod method : methods)
                    for (long seed = 0; seed < seeds; seed++) grid.add(new RobustTrial(p, rp, method.loss(), seed));
        return grid;
    }

    RecoveryMethod method(String loss) {
        for (RecoveryMethod method : methods) if (method.loss().equals(loss)) return method;
        throw new IllegalArgumentException("no method with loss " + loss);
    }

    /** Runs one trial: every trial its own instance, single-threaded. */
    RobustOutcome run(RobustTrial t) {
        long start = System.nanoTime();
        try (Problem clean = GaussianSensing.create(n, m, rank, t.seed(), 1, false)) {
            Problem contaminated = Outliers.contaminate(clean, t.fraction(), distribution, scale, t.seed());
            Problem p = new Problem(contaminated.name(), clean.operator(), contaminated.b(), t.searchRank(), clean.truth(),
                    clean.truthRank());
            double error = method(t.loss()).relativeError(p, t.seed());
            return new RobustOutcome(t, error, (System.nanoTime() - start) * 1e-9);
        }
    }

    /** The runner of {@link SweepEngine}: one trial at a time per worker. */
    public SweepEngine.Runner<RobustTrial, RobustOutcome> runner() {
        return () -> new SweepEngine.Worker<>() {
            @Override
            public void run(List<RobustTrial> unit, java.util.function.Consumer<RobustOutcome> done) {
                for (RobustTrial t : unit) done.accept(RobustSpec.this.run(t));
            }

            @Override
            public void close() {
            }
        };
    }
}
