package sod.experiment;

import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.RobustSubgradientSolver;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.SpectralInit;

/** Plain gradient descent on the l2 loss from the (untrimmed) spectral start, with a fixed step. */
record L2GradientDescent(double step, int iterations) implements RecoveryMethod {
    @Override
    public String loss() {
        return "l2";
    }

    @Override
    public String label() {
        return "l2 GD";
    }

    @Override
    public double relativeError(Problem p, long seed) {
        SolverConfig config = SolverConfig.builder().method(SolverConfig.Method.GD).step(step).maxIterations(iterations)
                .targetDistance(1e-12).gradientTolerance(1e-12).seed(seed).build();
        try (Solver solver = new Solver(config)) {
            Result r = solver.solve(p, SpectralInit.plain(p.operator(), p.b(), p.rank()));
            double truthNorm = RobustSubgradientSolver.distance(new double[p.n()], p.n(), 1, p.truth(), p.truthRank());
            return r.status() == Result.Status.DIVERGED ? Double.POSITIVE_INFINITY : r.distance() / truthNorm;
        }
    }
}
