package sod.solver;

import java.util.SplittableRandom;
import sod.SodInputException;
import sod.kernels.Factors;
import sod.problems.Problem;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.Method;
import sod.solver.local.Iterate;
import sod.solver.local.StepRule;
import sod.solver.spectral.Lanczos;
import sod.solver.spectral.SmallestEigen;
import sod.solver.stall.StallRule;

/**
 * A local method (gradient descent, Levenberg-Marquardt, a Newton trust region, scaled GD) on
 * {@code h(X) = 1/2 ||A(X X^T) - b||^2} with SOD escapes from spurious local minima (spec sections 2-5),
 * plus the random-restart, PGD and SGD baselines: a short driver over parts.
 *
 * <h2>Loop</h2>
 * The {@link Iterate} holds X with its residual, gradient and h (one fused
 * {@code residualAndGradient} pass per evaluation). Each iteration runs the stop tests (target distance
 * when the truth is known, computed in O(n r^2); iteration and time budgets; divergence; a stop request),
 * then the method's {@link Boundary} (GD: the first-stall checkpoint; GD+SOD: an escape attempt
 * ({@link SodEscape}) when the {@link StallRule} fires or the gradient tolerance is met, its probes run
 * by the same step rule; restarts: a fresh random start there; PGD: a random perturbation), then one step
 * of the {@link StepRule} of the configured local method (one accepted move: a second-order rule retries
 * rejected trials inside its step). Under a second-order method a stall is in practice a convergence to a
 * point with h above the zero-residual tolerance: the tolerances call it stationary within a few dozen
 * steps, long before the plateau rule's window. Nothing is allocated per iteration.
 *
 * <h2>Budgets</h2>
 * {@code maxIterations} counts gradient evaluations along the trajectory and, when
 * {@code chargeProbeSteps}, every probe step of every candidate (otherwise only the winner's). When
 * charged probe steps carry the count past the budget, the run ends with ITERATION_BUDGET even if the
 * accepted point is at the target (the target must be reached within the budget). Early divergence:
 * with a fixed step below 2/L, h never rises; a rise to {@value ActiveRun#RISE_FACTOR} times the lowest h since
 * the start (or the last perturbation) means the step is too large for the local curvature, and the run
 * stops there rather than after the much later blow-up past {@code divergenceFactor}.
 *
 * <p>A solver owns all its workspace (resized only when a problem of other dimensions arrives) and runs
 * one solve at a time; use one per thread. Misuse throws an {@link IllegalStateException} ({@link UseGuard}).
 */
public final class Solver implements AutoCloseable {

    private final SolverConfig config;
    private final StepRule stepRule;
    private final StallRule stallRule;
    private final RunStatistics stats = new RunStatistics();
    private final SgdBaseline sgd = new SgdBaseline();
    private Iterate iterate;
    private SodEscape escape;
    /** Test hook: when >= 0, Lanczos is used exactly for n >= this instead of {@link SmallestEigen#usesLanczos}. */
    private int lanczosMinN = -1;

    // the problem of the current run
    private Problem problem;
    private final TruthDistance truth = new TruthDistance();
    private Problem deltaProblem;
    private double deltaValue;
    private final Convergence convergence;
    private Checkpoint firstStall;
    private volatile boolean stopRequested;
    private PointClassifier finalClassifier;
    // kept from run to run so that a warm solver allocates nothing per solve
    private ActiveRun active;
    private final Boundaries boundaries;
    private final RunSummary summary = new RunSummary();
    private final UseGuard guard = new UseGuard();

    public Solver(SolverConfig config) {
        if (config == null) throw new SodInputException("solver: config must be given");
        this.config = config;
        this.stepRule = config.descent().create();
        this.stallRule = config.stall().create();
        this.convergence = new Convergence(config);
        this.boundaries = new Boundaries(config, stallRule, stepRule, stats, this::delta, this::escape);
    }

    /** A solver whose workspace (escape workspace included) is allocated up front for {@code p}'s sizes. */
    public Solver(SolverConfig config, Problem p) {
        this(config);
        prepare(p);
        if (config.method() == Method.SOD) escape();
        problem = null;
    }

    public SolverConfig config() {
        return config;
    }

    public Result solve(Problem p) {
        return solve(p, null, Listener.NONE);
    }

    public Result solve(Problem p, double[] x0) {
        return solve(p, x0, Listener.NONE);
    }

    /**
     * Runs the configured method on {@code p} from {@code x0} (n x r row-major; null: the config's
     * initialX, else {@code initScale * N(0,1)} from {@code seed}).
     * @throws IllegalStateException while this solver runs a solve (another thread, a listener), or after {@link #close}
     */
    public Result solve(Problem p, double[] x0, Listener listener) {
        return run(p, x0, 0, Double.NaN, false, 0, listener);
    }

    /**
     * {@link #solve(Problem, double[], Listener)} for a caller that solves again and again with this solver
     * and wants no garbage: the final X goes into {@code xOut} (n x r row-major; it may be {@code x0}), the
     * run's other figures stay in {@link #lastRun()} until the next solve, and no {@link Result} is made.
     * Once warm, a run that makes no escape attempt allocates nothing (an attempt records its
     * {@link Escape}). The iterates, and so X and every figure, are bitwise those of {@code solve}.
     */
    public Status solveInto(Problem p, double[] x0, Listener listener, double[] xOut) {
        if (xOut == null || p == null || xOut.length != p.n() * p.rank())
            throw new SodInputException("solver: xOut must have n*r = " + (p == null ? "?" : p.n() + "*" + p.rank()) + " entries, got "
                    + (xOut == null ? "none" : String.valueOf(xOut.length)));
        Status status = runToEnd(p, x0, 0, Double.NaN, false, 0, listener);
        iterate.copyX(xOut);
        return status;
    }

    /** The figures of the last run of this solver (any entry point), overwritten by the next one. */
    public RunSummary lastRun() {
        return summary;
    }

    /**
     * Where a plain-GD run first met the stall criterion of its config (a gradient norm below the
     * tolerance, or the stall rule): exactly the point at which GD+SOD with the same settings and start
     * makes its first escape attempt, because both trajectories coincide until then (see {@link StallRule}).
     *
     * @param x              the iterate (a copy)
     * @param iteration      its iteration number
     * @param initialH       h(X0) of the run (sets the divergence threshold)
     * @param elapsedSeconds time the run took to get there
     */
    public record Checkpoint(double[] x, int iteration, double initialH, double elapsedSeconds) {}

    /** The first-stall checkpoint of the last GD run, or null if it never stalled. */
    public Checkpoint firstStall() {
        return firstStall;
    }

    /**
     * Continues a run from a {@link Checkpoint} taken by a GD run with the same stall settings, starting
     * with an escape attempt: the result (iterate, h, iterations, escapes) is bitwise that of
     * {@link #solve} from the GD run's start; only the timings differ (the checkpoint's elapsed time is
     * added to the total).
     */
    public Result resume(Problem p, Checkpoint checkpoint, Listener listener) {
        if (config.method() != Method.SOD)
            throw new SodInputException("solver: resume from a stall checkpoint needs method SOD, got " + config.method());
        return run(p, checkpoint.x(), checkpoint.iteration(), checkpoint.initialH(), true, checkpoint.elapsedSeconds(), listener);
    }

    /**
     * Asks the running solve to stop at the next iteration boundary with status STOPPED; safe to call
     * from any thread (a signal handler, a watchdog). It applies to the running solve only: the next
     * solve starts afresh. Interrupting the solving thread stops it the same way.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Copies the current iterate (n x r) into {@code out}. Meaningful inside a {@link Listener} callback
     * of a running solve (e.g. for periodic checkpoints), or after a run (its final X).
     */
    public void currentX(double[] out) {
        guard.requireOpen("currentX");
        if (iterate == null) throw new IllegalStateException("solver: currentX before any solve; call it from a Listener or after solve");
        iterate.copyX(out);
    }

    /** X0 = scale * N(0,1) per entry from SplittableRandom(seed), the draw {@link #solve} makes. */
    public static void initialPoint(double scale, long seed, double[] out, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) out[i] = scale * random.nextGaussian();
    }

    /**
     * Supplies the RIP constant of {@code p} (e.g. estimated once and shared by several solvers), used
     * instead of a Monte-Carlo estimate when the config's delta is NaN.
     */
    public void primeDelta(Problem p, double delta) {
        deltaProblem = p;
        deltaValue = delta;
    }

    private Result run(Problem p, double[] x0, int startIteration, double initialH, boolean stallFirst,
                       double priorSeconds, Listener listener) {
        runToEnd(p, x0, startIteration, initialH, stallFirst, priorSeconds, listener);
        return summary.toResult(iterate.detachX());
    }

    /** Runs a solve to its end and records it in {@link #summary}; the final X is the iterate's. */
    private Status runToEnd(Problem p, double[] x0, int startIteration, double initialH, boolean stallFirst,
                            double priorSeconds, Listener listener) {
        guard.enter();
        try { // one run at a time: the guard is released however the run ends
            ActiveRun a = begin(p, x0, startIteration, initialH, stallFirst, priorSeconds, listener, null);
            Status status;
            if (config.method() == Method.SGD) {
                status = sgd.run(a.run, config, a.stop, stats);
            } else {
                Iterate it = a.run.iterate;
                while ((status = a.untilStep()) == null) {
                    double before = it.h();
                    status = stepRule.step(it) ? a.stepped(before, System.nanoTime()) : Status.DIVERGED;
                    if (status != null) break;
                }
            }
            return finish(a, status);
        } finally {
            guard.exit();
        }
    }

    /** The local step rule every step of a run takes (its state belongs to the current run). */
    StepRule stepRule() {
        return stepRule;
    }

    /**
     * Starts a run as {@link #solve} or {@link #resume} do; with {@code shared} non-null, the iterate
     * evaluates through that objective (of the problem's operator, bound to its b) instead of one of its own.
     */
    ActiveRun begin(Problem p, double[] x0, int startIteration, double initialH, boolean stallFirst, double priorSeconds,
                 Listener listener, sod.operators.Objective shared) {
        long start = System.nanoTime();
        if (listener == null) listener = Listener.NONE;
        prepare(p, shared);
        Iterate it = iterate;
        int nr = it.n() * it.r();
        if (x0 == null) x0 = config.start().initialX();
        if (x0 != null) {
            if (x0.length != nr)
                throw new SodInputException("initial X has " + x0.length + " entries, expected n*r = " + it.n() + "*" + it.r());
            for (double val : x0)
                if (!Double.isFinite(val)) throw new SodInputException("initial X contains NaN or Inf");
            System.arraycopy(x0, 0, it.x(), 0, nr);
        } else {
            initialPoint(config.start().initScale(), config.start().seed(), it.x(), nr);
        }
        double h = it.evaluate();
        if (!Double.isFinite(h)) {
            throw new SodInputException("h(X0) = 1/2 ||A(X0 X0^T) - b||^2 overflows double precision (|b| up to "
                    + Factors.maxAbs(p.b(), p.m()) + ", |X0| up to " + Factors.maxAbs(it.x(), nr)
                    + "); rescale the data, e.g. b / max|b| (X scales by the square root), and X0 with it");
        }
        double h0 = Double.isNaN(initialH) ? h : initialH;
        it.divergenceLevel(config.stopping().divergenceFactor() * Math.max(Double.isFinite(h0) ? h0 : 1, 1));
        firstStall = null;
        stopRequested = false;
        stats.reset();
        if (escape != null) escape.startRun();
        stepRule.start();
        stallRule.restart(startIteration);
        if (active == null || active.run.iterate != it) active = new ActiveRun(new Run(it), new StopTests(config, truth, convergence, () -> stopRequested), stallRule, stats, truth);
        Run run = active.run;
        run.restart(listener, startIteration, stallFirst);
        active.stop.restart(start);
        Boundary boundary = boundaries.forRun(start, h0);
        if (boundary != null) boundary.start(run);
        active.restart(boundary, start, priorSeconds);
        return active;
    }

    /** The result of a run that ended with {@code status}. */
    Result end(ActiveRun a, Status status) {
        finish(a, status);
        return summary.toResult(iterate.detachX());
    }

    /** Ends a run with {@code status}: the boundary's last word, the first stall, the figures into {@link #summary}. */
    private Status finish(ActiveRun a, Status status) {
        if (a.boundary != null) a.boundary.finish(a.run);
        if (a.boundary instanceof FirstStallRecorder recorder) firstStall = recorder.firstStall();
        return record(a.run, status, a.start, a.priorSeconds);
    }

    /** Classifies a stationary end point, records the run's figures in {@link #summary}; returns the final status. */
    private Status record(Run run, Status status, long start, double priorSeconds) {
        Iterate it = run.iterate;
        StationaryPointAnalysis.Report point = null;
        if (status == Status.STATIONARY) {
            if (finalClassifier == null) finalClassifier = new PointClassifier(denseEigen());
            point = finalClassifier.of(problem.operator(), it.r())
                    .analyse(it.x(), it.b(), SodEscape.STALL_GRADIENT_TOLERANCE, SodEscape.STALL_CURVATURE_TOLERANCE);
            if (point.verdict() == StationaryPointAnalysis.Verdict.GLOBAL_OPTIMUM) status = Status.CONVERGED;
        }
        double distance = truth.of(it.x()); // ||X X^T - Z Z^T||_F in O(n r^2), NaN without truth
        double relativeResidual = convergence.relativeResidual(it.h());
        double total = (System.nanoTime() - start) * 1e-9 + priorSeconds;
        int probeSteps = escape == null ? 0 : escape.probeStepsRun();
        summary.record(run, config, status, point, relativeResidual, distance, truth.truthNorm(), probeSteps, total, stats);
        return status;
    }

    private void prepare(Problem p) {
        prepare(p, null);
    }

    private void prepare(Problem p, sod.operators.Objective shared) {
        if (p == null) throw new SodInputException("solver: problem must be given");
        int n = p.n(), m = p.m(), r = p.rank();
        if (r < 1 || r > n) throw new SodInputException("problem " + p.name() + ": rank " + r + " must be in [1, n]");
        if (p.b() == null || p.b().length != m)
            throw new SodInputException("problem " + p.name() + ": b must have m = " + m + " entries");
        if (p.truth() != null && p.truth().length != n * p.truthRank())
            throw new SodInputException("problem " + p.name() + ": truth must be n x truthRank");
        if (iterate == null || !iterate.fits(n, r, m)) {
            iterate = new Iterate(n, r, m);
            if (escape != null) {
                escape.close();
                escape = null;
            }
        }
        if (shared != null) iterate.bind(shared);
        else iterate.bind(p.operator(), p.b());
        problem = p;
        truth.bind(p, r);
        convergence.bind(p.b());
    }

    /** The escape workspace for the current sizes, created on first use. */
    private SodEscape escape() {
        if (escape == null) {
            escape = new SodEscape(config, iterate.n(), iterate.r(), iterate.m(), denseEigen(), stats);
        }
        return escape;
    }

    /** Whether G's smallest eigenpair is found densely at the current sizes (test hook: {@link #lanczosMinN}). */
    private boolean denseEigen() {
        int n = iterate.n();
        return lanczosMinN >= 0 ? n < lanczosMinN : !SmallestEigen.usesLanczos(n, iterate.m());
    }

    /** The RIP constant: the config's, else the primed one, else the operator's cached Monte-Carlo estimate. */
    private double delta() {
        if (!Double.isNaN(config.sod().delta())) return config.sod().delta();
        if (deltaProblem == problem) return deltaValue;
        return RipEstimate.cached(problem.operator(), config);
    }

    /**
     * The Lanczos outcome of the last SOD check (residual {@code ||G u - lambda u||}, products,
     * convergence), or null when it used the dense path or none was made.
     */
    public Lanczos.Outcome lastEigenOutcome() {
        return escape == null ? null : escape.lastEigenOutcome();
    }

    /** Test and benchmark hook: the dimension from which the Lanczos path is used. */
    void lanczosMinN(int value) {
        if (value != lanczosMinN) {
            lanczosMinN = value;
            if (escape != null) {
                escape.close();
                escape = null;
            }
        }
    }

    /** Frees the native workspace; idempotent. Throws an {@link IllegalStateException} while a solve runs (requestStop first). */
    @Override
    public void close() {
        if (!guard.close()) return;
        stepRule.close();
        if (escape != null) {
            escape.close();
            escape = null;
        }
        if (finalClassifier != null) {
            finalClassifier.close();
            finalClassifier = null;
        }
    }
}
