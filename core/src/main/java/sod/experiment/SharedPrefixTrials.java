package sod.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import sod.problems.Problem;
import sod.solver.BatchSolver;
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
 *   <li>the seeds of an instance run as one {@link BatchSolver} batch per variant (plain GD from the
 *       starts, then every resuming GD+SOD variant from GD's checkpoints), so each GD step of the batch
 *       reads the operator's data once for all of them (a batch member's result is that of its own
 *       solve); the other variants (other local methods, restarts) solve trial by trial;</li>
 *   <li>the RIP constant is estimated once per instance (once per cell for a problem that does not
 *       depend on the seed) and given to the solvers with {@link Solver#primeDelta}.</li>
 * </ul>
 * A unit is up to {@value #SEEDS_PER_UNIT} seeds of one instance (every variant of them, plain GD
 * first); units of larger n come first, so that the two workers end together. Each worker keeps one
 * solver per variant and its current instance (a reused solver gives a fresh one's result).
 */
public final class SharedPrefixTrials implements SweepEngine.Runner<Trial, Outcome> {
    /** Seeds per unit: enough to fill the batch kernel, few enough that the workers' loads even out. */
    static final int SEEDS_PER_UNIT = 25;

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
        // instance -> seed -> its trials, plain GD first
        Map<Object, Map<Long, List<Trial>>> byInstance = new LinkedHashMap<>();
        for (Trial t : trials) {
            List<Trial> seed = byInstance.computeIfAbsent(spec.instanceKey(t), k -> new LinkedHashMap<>())
                    .computeIfAbsent(t.seed(), k -> new ArrayList<>());
            if (plainGd(t.variant())) seed.addFirst(t);
            else seed.add(t);
        }
        List<List<Trial>> units = new ArrayList<>();
        for (Map<Long, List<Trial>> seeds : byInstance.values()) {
            List<Trial> unit = new ArrayList<>();
            int count = 0;
            for (List<Trial> seed : seeds.values()) {
                if (count == SEEDS_PER_UNIT) {
                    units.add(unit);
                    unit = new ArrayList<>();
                    count = 0;
                }
                unit.addAll(seed);
                count++;
            }
            if (!unit.isEmpty()) units.add(unit);
        }
        units.sort(Comparator.comparingInt((List<Trial> u) -> u.getFirst().n()).reversed()); // stable: equal n keep their order
        return units;
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
        private final Map<Variant, BatchSolver> batches = new HashMap<>();
        private final Map<Object, Solver> solvers = new HashMap<>();
        private Problem problem;
        private Object problemKey;
        private volatile boolean stop;

        @Override
        public void run(List<Trial> unit, Consumer<Outcome> done) {
            Object key = spec.instanceKey(unit.getFirst());
            if (!key.equals(problemKey)) {
                if (problem != null) problem.close();
                problem = null;
                problem = spec.instance(unit.getFirst());
                problemKey = key;
            }
            // the unit's seeds in order, and its trials by variant (plain GD first)
            Set<Long> seeds = new LinkedHashSet<>();
            Map<Variant, Map<Long, Trial>> byVariant = new LinkedHashMap<>();
            for (Trial t : unit) {
                seeds.add(t.seed());
                byVariant.computeIfAbsent(t.variant(), v -> new LinkedHashMap<>()).put(t.seed(), t);
            }
            int nr = problem.n() * problem.rank();
            Map<Long, double[]> starts = new HashMap<>();
            for (long seed : seeds) {
                double[] x0 = new double[nr];
                Solver.initialPoint(base.start().initScale(), seed, x0, nr);
                starts.put(seed, x0);
            }
            Map<Long, Result> gd = new HashMap<>();
            Map<Long, Solver.Checkpoint> stalls = new HashMap<>();
            for (Map.Entry<Variant, Map<Long, Trial>> e : byVariant.entrySet()) {
                Variant v = e.getKey();
                List<Trial> trials = new ArrayList<>(e.getValue().values());
                if (plainGd(v)) {
                    List<BatchSolver.Member> members = new ArrayList<>();
                    for (Trial t : trials) members.add(BatchSolver.Member.from(problem, starts.get(t.seed())));
                    BatchSolver solver = batch(v);
                    List<Result> results = solver.solveAll(members);
                    for (int k = 0; k < trials.size(); k++) {
                        Trial t = trials.get(k);
                        gd.put(t.seed(), results.get(k));
                        stalls.put(t.seed(), solver.firstStall(k));
                        done.accept(Outcome.of(t, results.get(k)));
                    }
                } else if (resumes(v)) {
                    BatchSolver solver = batch(v);
                    if (Double.isNaN(base.sod().delta())) solver.primeDelta(problem, delta(key, problem));
                    List<BatchSolver.Member> members = new ArrayList<>();
                    List<Trial> batched = new ArrayList<>();
                    for (Trial t : trials) {
                        Result prefix = gd.get(t.seed());
                        if (prefix != null) {
                            Solver.Checkpoint stall = stalls.get(t.seed());
                            if (stall == null) { // GD never stalled: GD+SOD is the same run
                                done.accept(Outcome.of(t, prefix));
                                continue;
                            }
                            members.add(BatchSolver.Member.resume(problem, stall));
                        } else {
                            members.add(BatchSolver.Member.from(problem, starts.get(t.seed())));
                        }
                        batched.add(t);
                    }
                    List<Result> results = solver.solveAll(members);
                    for (int k = 0; k < batched.size(); k++) done.accept(Outcome.of(batched.get(k), results.get(k)));
                } else {
                    for (Trial t : trials) {
                        Solver solver = solver(t);
                        if (v.method() == SolverConfig.Method.SOD && Double.isNaN(base.sod().delta()))
                            solver.primeDelta(problem, delta(key, problem));
                        done.accept(Outcome.of(t, solver.solve(problem, starts.get(t.seed()))));
                    }
                }
            }
        }

        private BatchSolver batch(Variant v) {
            BatchSolver s = batches.get(v);
            if (s == null) {
                s = new BatchSolver(v.applyTo(base.toBuilder().initialX(null)).build());
                if (stop) s.requestStop();
                synchronized (batches) {
                    batches.put(v, s);
                }
            }
            return s;
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

        /** Closes the solvers of earlier seeds' restarts trials (they are not used again). */
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
            synchronized (batches) {
                for (BatchSolver s : batches.values()) s.requestStop();
            }
            synchronized (solvers) {
                for (Solver s : solvers.values()) s.requestStop();
            }
        }

        @Override
        public void close() {
            if (problem != null) problem.close();
            for (BatchSolver s : batches.values()) s.close();
            for (Solver s : solvers.values()) s.close();
        }
    }
}
