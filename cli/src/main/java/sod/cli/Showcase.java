package sod.cli;

import java.io.PrintWriter;
import java.util.Locale;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * What {@code sod} with no arguments shows: on one PMC instance plain gradient descent stalls at a
 * spurious local minimum, while the same start with SOD escapes and recovers M*.
 */
final class Showcase {
    static final int N = 40;
    static final double EPS = 0.10;
    /** A start from which plain GD ends at a spurious point (checked by the tests). */
    static final long SEED = 1;

    private Showcase() {
    }

    static int run(PrintWriter out, PrintWriter err) {
        out.printf(Locale.ROOT, "sod showcase: perturbed matrix completion PMC(n=%d, eps=%.2f), rank 1, the same X0 (seed %d)%n",
                N, EPS, SEED);
        out.println("it has exponentially many spurious local minima; plain gradient descent gets stuck in one.");
        out.println();
        Result gd, sod;
        try (Problem problem = Pmc.create(N, EPS, 1)) {
            SolverConfig base = SolverConfig.builder().seed(SEED).build();
            try (Solver solver = new Solver(base.withMethod(SolverConfig.Method.GD))) {
                gd = solver.solve(problem);
            }
            try (Solver solver = new Solver(base.withMethod(SolverConfig.Method.SOD))) {
                sod = solver.solve(problem);
            }
        }
        out.printf(Locale.ROOT, "%-22s %26s %18s%n", "", "GD", "GD + SOD (tpgd)");
        row(out, "h(X)", "%.3e", gd.h(), sod.h());
        row(out, "||XX^T - M*||_F", "%.3e", gd.distance(), sod.distance());
        out.printf(Locale.ROOT, "%-22s %26d %18d%n", "iterations", gd.iterations(), sod.iterations());
        out.printf(Locale.ROOT, "%-22s %26d %18d%n", "escapes", gd.acceptedEscapes(), sod.acceptedEscapes());
        row(out, "time (ms)", "%.1f", gd.totalSeconds() * 1e3, sod.totalSeconds() * 1e3);
        out.printf(Locale.ROOT, "%-22s %26s %18s%n", "outcome", verdict(gd), verdict(sod));
        out.println();
        out.println("try: scripts/sod solve --problem pmc --n 40 --eps 0.10 --seed 1 --plot run.png");
        out.println("     scripts/sod --help");
        out.flush();
        return sod.success() ? Main.OK : Main.TARGET_MISSED;
    }

    private static void row(PrintWriter out, String label, String format, double a, double b) {
        out.printf(Locale.ROOT, "%-22s %26s %18s%n", label, String.format(Locale.ROOT, format, a), String.format(Locale.ROOT, format, b));
    }

    private static String verdict(Result r) {
        return r.success() ? "recovered" : "stuck (" + r.status().name().toLowerCase(Locale.ROOT) + ")";
    }
}
