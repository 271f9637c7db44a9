package sod.solver;

import java.util.Locale;
import sod.kernels.VectorShapes;
import sod.openblas.OpenBlas;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;

/**
 * Runs two small fixed-length solves and prints their results' doubles in hex, for comparing runs
 * across JVMs (vector widths) and thread counts: a dense Gaussian problem (n 24, m 240, r 2; the fused
 * vector kernels, 400 GD iterations) and PMC(16, 0.1) with GD+SOD (an eigensolve and escape candidates).
 * Usage: {@code DeterminismProbe THREADS}. Output lines: {@code bits B}, {@code gd <hex...>},
 * {@code sod <hex...>}.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        System.out.println(run(threads));
    }

    static String run(int threads) {
        OpenBlas.setThreads(1);
        StringBuilder out = new StringBuilder("bits " + VectorShapes.BITS + "\n");
        // targetDistance tiny: the run always spends the whole budget, so runs compare like with like.
        SolverConfig gd = SolverConfig.builder().method(SolverConfig.Method.GD).step(0.02).maxIterations(400)
                .targetDistance(1e-300).seed(5).build();
        try (Problem p = GaussianSensing.create(24, 240, 2, 7, threads, false); Solver s = new Solver(gd)) {
            out.append(line("gd", s.solve(p))).append('\n');
        }
        SolverConfig sod = SolverConfig.builder().method(SolverConfig.Method.SOD).maxIterations(1500)
                .targetDistance(1e-300).seed(3).delta(0.5).build();
        try (Problem p = Pmc.create(16, 0.1, threads); Solver s = new Solver(sod)) {
            out.append(line("sod", s.solve(p)));
        }
        return out.toString();
    }

    private static String line(String name, Result r) {
        StringBuilder s = new StringBuilder(name);
        s.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(r.h())));
        for (double v : r.x()) s.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        s.append(String.format(Locale.ROOT, " iterations=%d escapes=%d", r.iterations(), r.escapes().size()));
        return s.toString();
    }

    /** The doubles of a printed line (h first, then X). */
    static double[] values(String output, String name) {
        for (String line : output.split("\n")) {
            if (line.startsWith(name + " ")) {
                String[] f = line.split(" ");
                int count = 0;
                while (count + 1 < f.length && !f[count + 1].contains("=")) count++;
                double[] v = new double[count];
                for (int i = 0; i < count; i++) v[i] = Double.longBitsToDouble(Long.parseUnsignedLong(f[i + 1], 16));
                return v;
            }
        }
        throw new AssertionError("no line " + name + " in " + output);
    }
}
