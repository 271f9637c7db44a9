package sod.experiment;

import sod.problems.Problem;
import sod.solver.RobustConfig;
import sod.solver.RobustSubgradientSolver;

/** The l1 subgradient method ({@link RobustSubgradientSolver}, default config, trimmed spectral start). */
record L1Subgradient(int iterations) implements RecoveryMethod {
    @Override
    public String loss() {
        return "l1";
    }

    @Override
    public String label() {
        return "l1 subgradient";
    }

    @Override
    public double relativeError(Problem p, long seed) {
        RobustConfig config = RobustConfig.defaults().withSearchRank(p.rank()).withIterations(iterations).withSeed(seed);
        return new RobustSubgradientSolver(config).solve(p).relativeError();
    }
}
