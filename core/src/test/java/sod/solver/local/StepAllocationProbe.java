package sod.solver.local;

/**
 * Prints the bytes 1500 steps of one local rule allocate once warm (LocalRulesTest): a scalar
 * ExplicitOperator, so no operator kernel boxes; {@code args[0]} is lm-dense, lm-cg, trust-region or scaled-gd.
 */
public final class StepAllocationProbe {
    public static void main(String[] args) {
        String rule = args[0];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 6, m = 30, r = 2;
        try (sod.operators.ExplicitOperator op = LevenbergMarquardtTest.explicitGaussian(n, m, 1);
             StepRule step = switch (rule) {
                 case "lm-dense" -> new LevenbergMarquardtRule(LocalRulesTest.lm(Integer.MAX_VALUE, 1e-10));
                 case "lm-cg" -> new LevenbergMarquardtRule(LocalRulesTest.lm(0, 1e-10));
                 case "trust-region" -> new NewtonTrustRegion(50);
                 default -> new ScaledGradientStep();
             }) {
            double[] z = LocalRulesTest.gaussian(n * r, 1, 2), b = new double[m];
            op.measure(z, z, r, b);
            Iterate it = new Iterate(n, r, m);
            it.bind(op, b);
            double[] x0 = LocalRulesTest.gaussian(n * r, 0.3, 3);
            Runnable run = () -> {
                it.set(x0);
                step.start();
                for (int k = 0; k < 5; k++) step.step(it);
            };
            for (int warm = 0; warm < 3000; warm++) run.run();
            long bytes = Long.MAX_VALUE;
            for (int window = 0; window < 5 && bytes >= 2048; window++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int rep = 0; rep < 300; rep++) run.run();
                bytes = threads.getCurrentThreadAllocatedBytes() - before;
            }
            System.out.println(bytes);
        }
    }
}
