package sod.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.RipEstimate;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * The accelerated runner of sweeps of the local methods with and without escapes (the paper's
 * experiment), with the same outcomes as {@link IndependentTrials}, bit for bit, in less work:
 * <ul>
 *   <li>GD+SOD with a fixed step follows GD's trajectory up to GD's first stall (one stall rule, same
 *       start), so the GD+SOD trials of a seed resume from the GD trial's {@link Solver.Checkpoint}
 *       instead of recomputing that prefix (not under another local method or a backtracking step, whose
 *       adaptive state a checkpoint does not hold: those trials solve from the start);</li>
 *   <li>the instance is built once per unit and the RIP constant estimated once per instance (once per
 *       cell for a problem that does not depend on the seed) and given to the solvers with
 *       {@link Solver#primeDelta}.</li>
 * </ul>
 * A unit is the trials of one instance and seed, plain GD first. Each worker keeps one solver per
 * variant and its current instance (a reused solver gives a fresh one's result).
 */
public final class SharedPrefixTrials implements SweepEngine.Runner<Trial, Outcome> {
    private final SweepSpec spec;
    private final SolverConfig base;
    private final Map<Object, FutureTask<Double>> deltas = new ConcurrentHashMap<>();

    public SharedPrefixTrials(SweepSpec spec) {
        this.spec = spec;
        this.base = spec.base();
    }

    /**
     * Whether this runner takes the sweep: every variant is a local method alone, with SOD, or with restarts,
     * at the problem's rank (a rank search is run by {@link IndependentTrials}).
     */
    public static boolean applies(SweepSpec spec) {
        if (spec.searchesRank()) return false;
        for (Variant v : spec.variants()) {
            if (v.method() != SolverConfig.Method.GD && v.method() != SolverConfig.Method.SOD
                    && v.method() != SolverConfig.Method.RESTARTS) return false;
        }
        return true;
    }

    /** Plain gradient descent: the trial whose first stall the GD+SOD trials resume from. */
    private static boolean plainGd(Variant v) {
        return v.method() == SolverConfig.Method.GD && v.local() == SolverConfig.LocalMethod.GD;
    }

    /**
     * Whether a GD+SOD trial can resume from the plain GD trial's checkpoint: gradient descent with a fixed
     * step (a checkpoint does not hold the backtracking rule's last step, a damping or a radius).
     */
    private boolean resumes(Variant v) {
        return v.method() == SolverConfig.Method.SOD && v.local() == SolverConfig.LocalMethod.GD
                && base.descent().stepRule() == SolverConfig.StepRule.FIXED && base.sod().maxEscapes() > 0;
    }

    @Override
    public List<List<Trial>> units(List<Trial> trials) {
        Map<List<Object>, List<Trial>> units = new LinkedHashMap<>();
        for (Trial t : trials) {
            List<Trial> unit = units.computeIfAbsent(List.of(spec.instanceKey(t), t.seed()), k -> new ArrayList<>());
            if (plainGd(t.variant())) unit.addFirst(t);
            else unit.add(t);
        }
        return new ArrayList<>(units.values());
    }

    @Override
    public SweepEngine.Worker<Trial, Outcome> worker() {
        OpenBlasThreads.one();
        return new PrefixWorker();
    }

    /** The instance's RIP estimate, computed once by whichever worker asks first. */
    private double delta(Object key, Problem problem) {
        FutureTask<Double> task = new FutureTask<>(() -> RipEstimate.estimate(problem.operator(), base.sod().deltaSamples(),
                base.sod().deltaSeed()));
        FutureTask<Double> existing = deltas.putIfAbsent(key, task);
        if (existing == null) {
            task.run();
            existing = task;
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("RIP estimate failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the RIP estimate", e);
        }
    }

    private final class PrefixWorker implements SweepEngine.Worker<Trial, Outcome> {
        private final Map<Object, Solver> solvers = new HashMap<>();
        private Problem problem;
        private Object problemKey;
        private double[] x0;
        private volatile boolean stop;

        @Override
        public void run(List<Trial> unit, Consumer<Outcome> done) {
            Trial first = unit.getFirst();
            Object key = spec.instanceKey(first);
            if (!key.equals(problemKey)) {
                if (problem != null) problem.close();
                problem = null;
                problem = spec.instance(first);
                problemKey = key;
                x0 = new double[problem.n() * problem.rank()];
            }
            Solver.initialPoint(base.start().initScale(), first.seed(), x0, x0.length);
            Result gd = null;
            Solver.Checkpoint stall = null;
            for (Trial t : unit) {
                Solver solver = solver(t);
                Result res;
                if (plainGd(t.variant())) {
                    res = solver.solve(problem, x0);
                    gd = res;
                    stall = solver.firstStall();
                } else {
                    if (t.variant().method() == SolverConfig.Method.SOD && Double.isNaN(base.sod().delta()))
                        solver.primeDelta(problem, delta(key, problem));
                    if (gd != null && resumes(t.variant())) {
                        res = stall == null ? gd : solver.resume(problem, stall, null);
                    } else {
                        res = solver.solve(problem, x0);
                    }
                }
                done.accept(Outcome.of(t, res));
            }
        }

        /**
         * The worker's solver of the trial's variant. Solvers are kept per variant with the base seed,
         * because the start comes in as X0; restarts draw their later starts from the seed itself, so
         * they get a solver per seed (their workspace is small).
         */
        private Solver solver(Trial t) {
            Variant v = t.variant();
            Object key = v.method() == SolverConfig.Method.RESTARTS ? List.of(v, t.seed()) : v;
            Solver s = solvers.get(key);
            if (s == null) {
                if (v.method() == SolverConfig.Method.RESTARTS) closeRestartSolvers();
                SolverConfig.Builder b = v.applyTo(base.toBuilder().initialX(null));
                if (v.method() == SolverConfig.Method.RESTARTS) b.seed(t.seed());
                s = new Solver(b.build());
                if (stop) s.requestStop();
                synchronized (solvers) {
                    solvers.put(key, s);
                }
            }
            return s;
        }

        /** Closes the solvers of earlier seeds' restarts trials (a unit is one seed: they are not used again). */
        private void closeRestartSolvers() {
            synchronized (solvers) {
                solvers.entrySet().removeIf(e -> {
                    if (!(e.getKey() instanceof List<?>)) return false;
                    e.getValue().close();
                    return true;
                });
            }
        }

        @Override
        public void requestStop() {
            stop = true;
            synchronized (solvers) {
                for (Solver s : solvers.values()) s.requestStop();
            }
        }

        @Override
        public void close() {
            if (problem != null) problem.close();
            for (Solver s : solvers.values()) s.close();
        }
    }
}
