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
 * The accelerated runner of GD / GD+SOD sweeps (the paper's experiment), with the same outcomes as
 * {@link IndependentTrials}, bit for bit, in a fraction of the work:
 * <ul>
 *   <li>GD+SOD follows GD's trajectory up to GD's first stall (one stall rule, same start), so the
 *       GD+SOD trials of a seed resume from the GD trial's {@link Solver.Checkpoint} instead of
 *       recomputing that prefix;</li>
 *   <li>the seeds of an instance run as one {@link BatchSolver} batch per variant (GD from the starts,
 *       then every GD+SOD variant from GD's checkpoints), so each GD step of the batch reads the
 *       operator's data once for all of them (a batch member's result is that of its own solve);</li>
 *   <li>the RIP constant is estimated once per instance (once per cell for a problem that does not
 *       depend on the seed) and given to the solvers with {@link BatchSolver#primeDelta}.</li>
 * </ul>
 * A unit is up to {@value #SEEDS_PER_UNIT} seeds of one instance (every variant of them, GD first);
 * units of larger n come first, so that the two workers end together. Each worker keeps one batch
 * solver per variant and its current instance.
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
     * Whether the outcomes are those of independent solves: every variant is GD or GD+SOD, and the
     * step is fixed (a checkpoint does not hold the backtracking rule's memory of its last step).
     */
    public static boolean applies(SweepSpec spec) {
        for (Variant v : spec.variants()) {
            if (v.method() != SolverConfig.Method.GD && v.method() != SolverConfig.Method.SOD) return false;
        }
        return spec.base().descent().stepRule() == SolverConfig.StepRule.FIXED;
    }

    @Override
    public List<List<Trial>> units(List<Trial> trials) {
        // instance -> seed -> its trials, GD first
        Map<Object, Map<Long, List<Trial>>> byInstance = new LinkedHashMap<>();
        for (Trial t : trials) {
            List<Trial> seed = byInstance.computeIfAbsent(spec.instanceKey(t), k -> new LinkedHashMap<>())
                    .computeIfAbsent(t.seed(), k -> new ArrayList<>());
            if (t.variant().method() == SolverConfig.Method.GD) seed.addFirst(t);
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
        private final Map<Variant, BatchSolver> solvers = new HashMap<>();
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
            // the unit's seeds in order, and its trials by variant
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
            Variant gdVariant = Variant.of(SolverConfig.Method.GD);
            if (byVariant.containsKey(gdVariant)) {
                List<Trial> trials = new ArrayList<>(byVariant.get(gdVariant).values());
                List<BatchSolver.Member> members = new ArrayList<>();
                for (Trial t : trials) members.add(BatchSolver.Member.from(problem, starts.get(t.seed())));
                BatchSolver solver = solver(gdVariant);
                List<Result> results = solver.solveAll(members);
                for (int k = 0; k < trials.size(); k++) {
                    Trial t = trials.get(k);
                    gd.put(t.seed(), results.get(k));
                    stalls.put(t.seed(), solver.firstStall(k));
                    done.accept(Outcome.of(t, results.get(k)));
                }
            }
            for (Map.Entry<Variant, Map<Long, Trial>> e : byVariant.entrySet()) {
                Variant v = e.getKey();
                if (v.method() != SolverConfig.Method.SOD) continue;
                BatchSolver solver = solver(v);
                if (Double.isNaN(base.sod().delta())) solver.primeDelta(problem, delta(key, problem));
                List<Trial> trials = new ArrayList<>(e.getValue().values());
                List<BatchSolver.Member> members = new ArrayList<>();
                List<Trial> batched = new ArrayList<>();
                for (Trial t : trials) {
                    Result prefix = gd.get(t.seed());
                    if (prefix != null && base.sod().maxEscapes() > 0) {
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
            }
        }

        private BatchSolver solver(Variant v) {
            BatchSolver s = solvers.get(v);
            if (s == null) {
                s = new BatchSolver(v.applyTo(base.toBuilder().initialX(null)).build());
                if (stop) s.requestStop();
                synchronized (solvers) {
                    solvers.put(v, s);
                }
            }
            return s;
        }

        @Override
        public void requestStop() {
            stop = true;
            synchronized (solvers) {
                for (BatchSolver s : solvers.values()) s.requestStop();
            }
        }

        @Override
        public void close() {
            if (problem != null) problem.close();
            for (BatchSolver s : solvers.values()) s.close();
        }
    }
}
