import sod.operators.Objective;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.*;
import java.util.Arrays;

/**
 * A/B driver for two jars (run outside JMH, against the public API only, so the same source runs on an
 * older sod): PMC(n, 0.10), rank 1, one thread: 400 objective evaluations at a fixed point, then a warm
 * Solver's 400 fixed-step GD iterations (every tolerance and the target off), alternated for ROUNDS rounds;
 * prints the medians per evaluation and per iteration. A third argument skips the objective (for a profiler).
 * Build and run: javac -cp JAR -d DIR bench/ab/*.java; java --add-modules jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED -cp JAR:DIR PmcLoop N ROUNDS
 */
public class PmcLoop {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]); int rounds = Integer.parseInt(a[1]);
        int its = 400;
        Problem p = Pmc.create(n, 0.10, 1);
        Objective o = p.operator().objective(p.b());
        double[] x = new double[n], g = new double[n];
        Solver.initialPoint(0.7, 1, x, n);
        SolverConfig c = SolverConfig.paper().toBuilder().method(SolverConfig.Method.GD).targetDistance(Double.NaN)
                .gradientTolerance(0).decreaseTolerance(0).residualTolerance(0).maxIterations(its).build();
        Solver s = new Solver(c, p);
        double[] to = new double[rounds], ts = new double[rounds];
        double sink = 0;
        for (int k = -rounds / 4; k < rounds; k++) {
            long t0 = System.nanoTime();
            if (a.length < 3) for (int i = 0; i < its; i++) sink += o.lossAndGradient(x, 1, g);
            long t1 = System.nanoTime();
            sink += s.solve(p, x).h();
            long t2 = System.nanoTime();
            if (k >= 0) { to[k] = (t1 - t0) / (double) its; ts[k] = (t2 - t1) / (double) its; }
        }
        Arrays.sort(to); Arrays.sort(ts);
        System.out.printf("n %d objective median %.0f ns min %.0f | solver iteration median %.0f ns min %.0f | sink %s%n", n, to[rounds/2], to[0], ts[rounds/2], ts[0], sink > 0);
    }
}
