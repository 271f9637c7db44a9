package sod.solver;

import sod.problems.GaussianSensing;
import sod.problems.Problem;

/**
 * Prints the bytes one {@link Solver#solveInto} allocates once warm: a reused GD+SOD solver (backtracking
 * step) solving Gaussian sensing n = 12, m = 60, r = 1 to a zero residual (no escape attempt), from the
 * same start every time (SolveIntoTest). Measures every 20th solve until three in a row allocate nothing
 * or 400 tries have passed: until C2 has compiled the Vector API kernels (here after some 3,000 solves)
 * they box their vectors, 1-4 KB per solve.
 */
public final class SolveIntoAllocationProbe {
    public static void main(String[] args) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Problem p = GaussianSensing.create(12, 60, 1, 3, 1, false)) {
            SolverConfig c = SolverConfig.defaults().toBuilder().stepRule(SolverConfig.StepRule.ARMIJO).step(1000).initScale(0.01).build();
            double[] x0 = new double[p.n()], out = new double[p.n()];
            Solver.initialPoint(0.01, 5, x0, x0.length);
            try (Solver s = new Solver(c, p)) {
                long bytes = Long.MAX_VALUE;
                for (int attempt = 0, zeros = 0; attempt < 400 && zeros < 3; attempt++) {
                    for (int k = 0; k < 20; k++) s.solveInto(p, x0, Listener.NONE, out);
                    long a0 = mx.getCurrentThreadAllocatedBytes();
                    Result.Status status = s.solveInto(p, x0, Listener.NONE, out);
                    bytes = mx.getCurrentThreadAllocatedBytes() - a0;
                    zeros = bytes == 0 ? zeros + 1 : 0;
                    if (status != Result.Status.CONVERGED || !s.lastRun().escapes().isEmpty())
                        throw new AssertionError("expected a converged run without escapes, got " + status);
                }
                System.out.println(bytes);
            }
        }
    }
}
