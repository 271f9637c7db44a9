package sod.solver;

import java.util.Arrays;
import java.util.SplittableRandom;
import sod.solver.Result.Status;
import sod.solver.local.Iterate;

/**
 * The mini-batch SGD baseline: each step uses {@code 2 (m/B) A_B*(r_B) X} for a random batch B of B
 * measurements (without replacement, seeded), built from the full residual restricted to B through
 * {@code adjointTimes}. Each step therefore costs a full pass: this baseline compares convergence per
 * step, not speed.
 */
final class SgdBaseline {
    private int[] perm;

    /** Runs SGD from the run's (evaluated) iterate until a stop criterion; returns the status. */
    Status run(Run run, SolverConfig config, StopTests stop, RunStatistics stats) {
        Iterate it = run.iterate;
        int m = it.m(), n = it.n(), r = it.r();
        int batch = config.baselines().sgdBatch() == 0 ? Math.max(1, m / 10) : Math.min(config.baselines().sgdBatch(), m);
        if (perm == null || perm.length != m) perm = new int[m];
        // every run starts from the identity: a permutation left by the last run made a reused solver differ
        for (int i = 0; i < m; i++) perm[i] = i;
        SplittableRandom random = new SplittableRandom(config.start().seed() ^ 0x9E3779B97F4A7C15L);
        double scale = (double) m / batch;
        int len = n * r;
        double[] batchResidual = it.trialResidual(), batchGrad = it.trialGradient();
        while (true) {
            if (!(it.h() <= it.divergenceLevel())) return Status.DIVERGED;
            Status s = stop.check(run);
            if (s != null) return s;
            if (stop.stationary(run)) return Status.STATIONARY;
            Arrays.fill(batchResidual, 0);
            double[] residual = it.residual();
            for (int k = 0; k < batch; k++) {
                int j = k + random.nextInt(m - k);
                int t = perm[k]; perm[k] = perm[j]; perm[j] = t;
                batchResidual[perm[k]] = residual[perm[k]] * scale;
            }
            it.operator().adjointTimes(batchResidual, it.x(), r, batchGrad);
            double step = 2 * config.descent().step();
            double[] x = it.x();
            for (int i = 0; i < len; i++) x[i] -= step * batchGrad[i];
            run.hBeforeLastStep = it.h();
            it.evaluate();
            run.iteration++;
            long after = System.nanoTime();
            stats.addLatency(after - run.lastStepEnd);
            run.lastStepEnd = after;
        }
    }
}
