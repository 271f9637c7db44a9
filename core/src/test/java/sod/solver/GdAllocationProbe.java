package sod.solver;

import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.SolverConfig.Method;

/**
 * Prints how many more bytes a 2000-iteration GD run allocates than a 150-iteration one on PMC(40),
 * once warm: the per-iteration allocation of the solver loop times 1850 (SolverBehaviourTest).
 */
public final class GdAllocationProbe {
    public static void main(String[] args) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            SolverConfig c = SolverConfig.builder().method(Method.GD).gradientTolerance(0).decreaseTolerance(0)
                    .residualTolerance(0).maxIterations(2000).build();
            Solver s = new Solver(c, p);
            Solver t = new Solver(c.toBuilder().maxIterations(150).build(), p);
            double[] x0 = SolverBehaviourTest.initial(40, 0.7, 3);
            // until C2 has compiled the Vector API kernels they box their vectors: warm up until settled
            long difference = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 40 && Math.abs(difference) >= 4096; attempt++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                Result longRun = s.solve(p, x0);
                long a1 = mx.getCurrentThreadAllocatedBytes();
                t.solve(p, x0);
                long a2 = mx.getCurrentThreadAllocatedBytes();
                if (longRun.iterations() != 2000) throw new AssertionError("expected 2000 iterations, got " + longRun.iterations());
                difference = (a1 - a0) - (a2 - a1);
            }
            System.out.println(difference);
        }
    }
}
