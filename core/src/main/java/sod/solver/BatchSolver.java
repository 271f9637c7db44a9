package sod.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import sod.SodInputException;
import sod.operators.Objective;
import sod.operators.SensingOperator;
import sod.problems.Problem;
import sod.solver.local.FixedStep;
import sod.solver.local.Iterate;

/**
 * Many independent solves that share an operator, advanced together: each member is a full
 * {@link Solver} run (its own stop tests, stall detection, escapes and result), and at every round the
 * trial points of all members that take a step are evaluated by one call of the operator's
 * {@link Objective#lossAndGradients}, whose multi-point kernel reads the operator's data once for the
 * whole batch. The pipeline that solves one problem per time step or per patch, or a sweep over starts,
 * is the user.
 *
 * <p><b>Same results.</b> A member's result equals {@link Solver#solve} (or {@link Solver#resume}) of
 * the same problem and start with the same config, bit for bit, iterations and escapes included; only
 * timings differ. That holds because the batch evaluation gives each member exactly the bits of a
 * single evaluation ({@link Objective}) and everything else is the member's own solver. Members that
 * share an operator and the same b array evaluate through one objective; another b of the same operator
 * gets its own (evaluated in the same rounds, one batch call per distinct b).
 *
 * <p><b>What is batched.</b> The fixed-step local method (GD, GD+SOD, perturbed GD with
 * {@code stepRule = FIXED}, the paper's setting). Escape attempts (their probes included) run on the
 * stalled member alone while the others wait for the round to end. Other local methods and step rules,
 * restarts and SGD solve the members one after another (same results, no speed-up).
 *
 * <p>At most {@code capacity} members are under way at once (each holds its iterate and, once it stalls,
 * its escape workspace); larger lists run in waves. Owns its solvers and reuses them across calls; not
 * thread-safe.
 */
public final class BatchSolver implements AutoCloseable {

    /** Members under way at once unless the constructor says otherwise. */
    public static final int DEFAULT_CAPACITY = 64;

    /**
     * One problem to solve: from {@code x0} (null: the config's start, as {@link Solver#solve}), or resumed
     * from a GD run's first-stall {@code checkpoint} (as {@link Solver#resume}; method SOD only).
     */
    public record Member(Problem problem, double[] x0, Solver.Checkpoint checkpoint, Listener listener) {
        public Member {
            if (problem == null) throw new SodInputException("batch member: problem must be given");
            if (x0 != null && checkpoint != null) throw new SodInputException("batch member: give a start or a checkpoint, not both");
        }

        public static Member from(Problem problem, double[] x0) {
            return new Member(problem, x0, null, null);
        }

        public static Member resume(Problem problem, Solver.Checkpoint checkpoint) {
            return new Member(problem, null, checkpoint, null);
        }
    }

    private final SolverConfig config;
    private final int capacity;
    private final List<Solver> slots = new ArrayList<>();
    /** Objectives by operator, reused across calls; one per distinct b under way. */
    private final Map<SensingOperator, List<Objective>> objectives = new IdentityHashMap<>();
    private volatile boolean stopRequested;

    // round state, sized by capacity
    private final ActiveRun[] active;
    private final int[] memberOf, groupOf;
    private final double[] before, losses;
    private final double[][] points, gradients;
    private final Iterate[] iterates;
    private final Objective[] groupObjective;
    private final int[] groupRank;

    public BatchSolver(SolverConfig config) {
        this(config, DEFAULT_CAPACITY);
    }

    public BatchSolver(SolverConfig config, int capacity) {
        if (config == null) throw new SodInputException("batch solver: config must be given");
        if (capacity < 1) throw new SodInputException("batch solver: capacity must be >= 1, got " + capacity);
        this.config = config;
        this.capacity = capacity;
        active = new ActiveRun[capacity];
        memberOf = new int[capacity];
        groupOf = new int[capacity];
        before = new double[capacity];
        losses = new double[capacity];
        points = new double[capacity][];
        gradients = new double[capacity][];
        iterates = new Iterate[capacity];
        groupObjective = new Objective[capacity];
        groupRank = new int[capacity];
    }

    public SolverConfig config() {
        return config;
    }

    /** Whether this config's runs are batched (else {@link #solveAll} solves the members one by one). */
    public boolean batches() {
        return config.method() != SolverConfig.Method.SGD && config.method() != SolverConfig.Method.RESTARTS
                && config.descent().local() == SolverConfig.LocalMethod.GD && config.descent().stepRule() == SolverConfig.StepRule.FIXED;
    }

    /** {@code problem} from each start (n x r row-major; a null entry: the config's start). */
    public List<Result> solveAll(Problem problem, List<double[]> starts) {
        List<Member> members = new ArrayList<>(starts.size());
        for (double[] x0 : starts) members.add(Member.from(problem, x0));
        return solveAll(members);
    }

    /** Every member's result, in the members' order. */
    public List<Result> solveAll(List<Member> members) {
        Result[] results = new Result[members.size()];
        stalls = new Solver.Checkpoint[members.size()];
        stopRequested = false;
        for (int w = 0; w < members.size(); w += capacity) {
            int end = Math.min(members.size(), w + capacity);
            if (batches()) {
                wave(members, w, end, results);
            } else {
                for (int i = w; i < end; i++) {
                    Solver solver = slot(0);
                    Member m = members.get(i);
                    results[i] = m.checkpoint() != null ? solver.resume(m.problem(), m.checkpoint(), m.listener())
                            : solver.solve(m.problem(), m.x0(), m.listener());
                    stalls[i] = solver.firstStall();
                }
            }
        }
        return Arrays.asList(results);
    }

    /**
     * Where the GD run of member {@code index} of the last {@link #solveAll} first stalled (as
     * {@link Solver#firstStall}), or null; valid until the next call.
     */
    public Solver.Checkpoint firstStall(int index) {
        return stalls != null && index < stalls.length ? stalls[index] : null;
    }

    private Solver.Checkpoint[] stalls;

    /** Stops every member under way at its next iteration boundary (status STOPPED); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        synchronized (slots) {
            for (Solver s : slots) s.requestStop();
        }
    }

    /** {@link Solver#primeDelta} for every member of {@code p} (the RIP constant estimated once elsewhere). */
    public void primeDelta(Problem p, double delta) {
        deltaProblem = p;
        deltaValue = delta;
        synchronized (slots) {
            for (Solver s : slots) s.primeDelta(p, delta);
        }
    }

    private Problem deltaProblem;
    private double deltaValue;

    private Solver slot(int i) {
        synchronized (slots) {
            while (slots.size() <= i) {
                Solver s = new Solver(config);
                if (deltaProblem != null) s.primeDelta(deltaProblem, deltaValue);
                slots.add(s);
            }
            Solver s = slots.get(i);
            if (stopRequested) s.requestStop();
            return s;
        }
    }

    /** Members [from, to): begin each on its slot, then rounds until every one has ended. */
    private void wave(List<Member> members, int from, int to, Result[] results) {
        memberOfBase = from;
        int groups = 0;
        Map<SensingOperator, Integer> used = new IdentityHashMap<>();
        int count = 0;
        for (int i = from; i < to; i++) {
            Member m = members.get(i);
            int g = group(m.problem(), groups, used);
            if (g == groups) groups++;
            Solver solver = slot(i - from);
            ActiveRun a;
            if (m.checkpoint() != null) {
                if (config.method() != SolverConfig.Method.SOD)
                    throw new SodInputException("solver: resume from a stall checkpoint needs method SOD, got " + config.method());
                Solver.Checkpoint c = m.checkpoint();
                a = solver.begin(m.problem(), c.x(), c.iteration(), c.initialH(), true, c.elapsedSeconds(), m.listener(), groupObjective[g]);
            } else {
                a = solver.begin(m.problem(), m.x0(), 0, Double.NaN, false, 0, m.listener(), groupObjective[g]);
            }
            if (stopRequested) solver.requestStop(); // begin() starts a run afresh
            active[count] = a;
            memberOf[count] = i;
            groupOf[count] = g;
            iterates[count] = a.run.iterate;
            count++;
        }
        while (count > 0) {
            // the boundary of every member: stop tests, stalls and escapes; the ended ones leave
            int kept = 0;
            for (int k = 0; k < count; k++) {
                Result.Status s = active[k].untilStep();
                if (s != null) finish(k, s, from, results);
                else keep(k, kept++);
            }
            count = kept;
            if (count == 0) break;
            // one step each: trial points written, evaluated per objective in one batch call
            for (int k = 0; k < count; k++) {
                before[k] = iterates[k].h();
                fixedStep(k).writeTrial(iterates[k]);
            }
            for (int g = 0; g < groups; g++) evaluateGroup(g, count);
            long now = System.nanoTime();
            kept = 0;
            for (int k = 0; k < count; k++) {
                Iterate it = iterates[k];
                Result.Status s = fixedStep(k).finish(it) ? active[k].stepped(before[k], now) : Result.Status.DIVERGED;
                if (s != null) finish(k, s, from, results);
                else keep(k, kept++);
            }
            count = kept;
        }
        for (int k = 0; k < capacity; k++) {
            active[k] = null;
            iterates[k] = null;
            points[k] = gradients[k] = null;
        }
        for (int g = 0; g < groups; g++) groupObjective[g] = null;
    }

    /** The objective group of a member: one per (operator, b array, rank), reusing this solver's objectives. */
    private int group(Problem p, int groups, Map<SensingOperator, Integer> used) {
        for (int g = 0; g < groups; g++) {
            if (groupObjective[g].operator() == p.operator() && groupObjective[g].b() == p.b() && groupRank[g] == p.rank()) return g;
        }
        groupRank[groups] = p.rank();
        List<Objective> pool = objectives.computeIfAbsent(p.operator(), op -> new ArrayList<>());
        int taken = used.merge(p.operator(), 1, Integer::sum) - 1;
        if (pool.size() <= taken) pool.add(p.operator().objective(p.b()));
        else pool.get(taken).bind(p.b());
        groupObjective[groups] = pool.get(taken);
        return groups;
    }

    private FixedStep fixedStep(int k) {
        return (FixedStep) memberSolver(k).stepRule();
    }

    private Solver memberSolver(int k) {
        return slots.get(memberOf[k] - memberOfBase);
    }

    private int memberOfBase;

    private void evaluateGroup(int g, int count) {
        int c = 0;
        for (int k = 0; k < count; k++) {
            if (groupOf[k] != g) continue;
            points[c] = iterates[k].trialX();
            gradients[c] = iterates[k].trialGradient();
            c++;
        }
        if (c == 0) return;
        groupObjective[g].lossAndGradients(points, groupRank[g], c, gradients, losses);
        c = 0;
        for (int k = 0; k < count; k++) if (groupOf[k] == g) iterates[k].trialEvaluated(losses[c++]);
    }

    private void keep(int k, int to) {
        if (k == to) return;
        active[to] = active[k];
        memberOf[to] = memberOf[k];
        groupOf[to] = groupOf[k];
        iterates[to] = iterates[k];
    }

    private void finish(int k, Result.Status s, int from, Result[] results) {
        Solver solver = memberSolver(k);
        results[memberOf[k]] = solver.end(active[k], s);
        stalls[memberOf[k]] = solver.firstStall();
    }

    @Override
    public void close() {
        synchronized (slots) {
            for (Solver s : slots) s.close();
            slots.clear();
        }
    }
}
