import sod.operators.Objective;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.*;
import java.util.*;

/**
 * A/B driver (see PmcLoop): PMC(n, 0.10), rank 1, one thread: 40 calls of the objective's batch kernel on
 * 50 points, then a warm BatchSolver advancing 50 solves of 400 fixed-step GD iterations, alternated;
 * prints the medians per point and per trial-iteration. Run: java ... -cp JAR:DIR BatchLoop N ROUNDS
 */
public class BatchLoop {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]); int rounds = Integer.parseInt(a[1]);
        int its = 400, B = 50;
        Problem p = Pmc.create(n, 0.10, 1);
        Objective o = p.operator().objective(p.b());
        double[][] xs = new double[B][n], gs = new double[B][n]; double[] losses = new double[B];
        List<double[]> starts = new ArrayList<>();
        for (int k = 0; k < B; k++) { Solver.initialPoint(0.7, k, xs[k], n); starts.add(xs[k].clone()); }
        SolverConfig c = SolverConfig.paper().toBuilder().method(SolverConfig.Method.GD).targetDistance(Double.NaN)
                .gradientTolerance(0).decreaseTolerance(0).residualTolerance(0).maxIterations(its).build();
        BatchSolver bs = new BatchSolver(c);
        double[] to = new double[rounds], ts = new double[rounds];
        double sink = 0;
        for (int k = -rounds / 4; k < rounds; k++) {
            long t0 = System.nanoTime();
            if (a.length < 3) for (int i = 0; i < 40; i++) { o.lossAndGradients(xs, 1, B, gs, losses); sink += losses[0]; }
            long t1 = System.nanoTime();
            sink += bs.solveAll(p, starts).get(0).h();
            long t2 = System.nanoTime();
            if (k >= 0) { to[k] = (t1 - t0) / (40.0 * B); ts[k] = (t2 - t1) / (double) (its * B); }
        }
        Arrays.sort(to); Arrays.sort(ts);
        System.out.printf("n %d batch objective per point median %.0f ns min %.0f | BatchSolver per trial-iteration median %.0f ns min %.0f | %s%n", n, to[rounds/2], to[0], ts[rounds/2], ts[0], sink > 0);
    }
}
