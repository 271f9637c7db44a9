import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * sod as a library: GD + SOD on the paper's perturbed matrix completion PMC(n = 80, eps = 0.10), where
 * plain gradient descent stalls at a spurious local minimum. Compile and run against the sod-core jar
 * and the OpenBLAS jar alone (see the README's "Using sod as a library"); CoreLibraryExampleIT does so.
 */
public final class QuickStart {
    public static void main(String[] args) {
        try (Problem problem = Pmc.create(80, 0.10, 1);
             Solver solver = new Solver(SolverConfig.defaults().withSeed(7), problem)) {
            Result result = solver.solve(problem); // reusable: call again, nothing is reallocated
            System.out.println(result.status() + " success=" + result.success() + " iterations=" + result.iterations()
                    + " escapes=" + result.escapes().size() + " relativeDistance=" + result.relativeDistance());
        }
    }
}
