package sod.solver;

import java.util.Arrays;
import java.util.Locale;
import sod.openblas.OpenBlas;
import sod.problems.Problem;
import sod.solver.SolverConfig.LocalMethod;

/**
 * Quick timing (not a benchmark, not a test) of the local methods on a committed power-grid fixture from
 * the flat start, to relative residual 1e-10 (the stop of bench/peers/psse_peers.py's Gauss-Newton),
 * after warm-up runs: one JSON line per method with the median wall time. The operator is the library's
 * sparse sensing operator on one thread. Run by bench/peers/psse_local.py
 * beside SciPy's Gauss-Newton on the same files. Usage:
 * {@code PowerGridTiming GRID normalised|plain REPEAT [local...]}.
 */
public final class PowerGridTiming {
    public static void main(String[] args) {
        OpenBlas.setThreads(1);
        String grid = args.length > 0 ? args[0] : "case118";
        boolean normalised = args.length <= 1 || args[1].equals("normalised");
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String[] locals = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[] {"lm", "trust-region", "gd"};
        try (Problem p = PowerGrids.problem(grid, normalised)) {
            double[] flat = PowerGrids.flatStart(grid, p.n());
            for (String name : locals) {
                LocalMethod local = sod.experiment.Names.local(name);
                SolverConfig config = SolverConfig.builder().method(SolverConfig.Method.GD).local(local)
                        .stepRule(SolverConfig.StepRule.ARMIJO).step(1000).residualTolerance(1e-20)
                        .maxIterations(local == LocalMethod.GD ? 20_000 : 200).build();
                try (Solver solver = new Solver(config)) {
                    double[] seconds = new double[repeat];
                    Result r = null;
                    for (int k = 0; k < 2; k++) solver.solve(p, flat); // warm-up
                    for (int k = 0; k < repeat; k++) {
                        long t0 = System.nanoTime();
                        r = solver.solve(p, flat);
                        seconds[k] = (System.nanoTime() - t0) * 1e-9;
                    }
                    Arrays.sort(seconds);
                    System.out.printf(Locale.ROOT, "{\"grid\": \"%s\", \"method\": \"sod %s\", \"normalised\": %s, \"median_s\": %.6f, "
                                    + "\"repeat\": %d, \"iterations\": %d, \"status\": \"%s\", \"relative_residual\": %.3e, "
                                    + "\"rel_error_xxT\": %.3e}%n", grid, name, normalised, seconds[repeat / 2], repeat,
                            r.iterations(), r.status(), r.relativeResidual(), r.relativeDistance());
                }
            }
        }
    }
}
