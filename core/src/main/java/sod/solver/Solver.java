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
    private Convergence convergence;
    private Checkpoint firstStall;
    private volatile boolean stopRequested;
    private PointClassifier finalClassifier;
    private final UseGuard guard = new UseGuard();

    public Solver(SolverConfig config) {
        if (config == null) throw new SodInputException("solver: config must be given");
        this.config = config;
        this.stepRule = config.descent().create();
        this.stallRule = config.stall().create();
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

    /** The tests every iteration starts with: the listener's report, a stop request, budgets, the target, a zero residual. */
    final class StopTests {
        private final long deadline;
        /** The target as one distance: the larger of the absolute and the relative one (NaN: none). */
        private final double target;

        StopTests(long start) {
            deadline = Double.isInfinite(config.stopping().timeBudgetSeconds()) ? Long.MAX_VALUE
                    : start + (long) (config.stopping().timeBudgetSeconds() * 1e9);
            double absolute = config.stopping().targetDistance(), relative = config.stopping().targetRelative() * truth.truthNorm();
            target = Double.isNaN(absolute) ? relative : Double.isNaN(relative) ? absolute : Math.max(absolute, relative);
        }

        /** Reports the iteration to the listener; the status to stop with, or null to go on. */
        Status check(Run run) {
            Iterate it = run.iterate;
            boolean reported = run.listener.wantsDistance();
            double dist = reported ? distance(it.x()) : Double.NaN;
            run.listener.onIteration(run.iteration, it.h(), it.gradNorm(), dist);
            if (stopRequested || Thread.currentThread().isInterrupted()) return Status.STOPPED;
            if (run.iteration > config.stopping().maxIterations()) return Status.ITERATION_BUDGET; // charged probes overran it
            if (reported ? dist < target : truth.below(it.x(), it.xSquaredNorm(), target)) return Status.TARGET_REACHED;
            if (convergence.zeroResidual(it.h())) return Status.CONVERGED;
            if (run.iteration >= config.stopping().maxIterations()) return Status.ITERATION_BUDGET;
            if (run.lastStepEnd - deadline > 0) return Status.TIME_BUDGET;
            return null;
        }

        /** Whether the local method has converged to a stationary point. */
        boolean stationary(Run run) {
            return convergence.stationary(run.iterate, run.hBeforeLastStep);
        }
    }

    private Result run(Problem p, double[] x0, int startIteration, double initialH, boolean stallFirst,
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
            return end(a, status);
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
        Run run = new Run(it, listener, startIteration, stallFirst);
        StopTests stop = new StopTests(start);
        Boundary boundary = config.method() == Method.SGD ? null : boundary(start, h0);
        if (boundary != null) boundary.start(run);
        return new ActiveRun(run, stop, boundary, start, priorSeconds, stallRule, stats, truth);
    }

    /** The result of a run that ended with {@code status}. */
    Result end(ActiveRun a, Status status) {
        if (a.boundary != null) a.boundary.finish(a.run);
        if (a.boundary instanceof FirstStallRecorder recorder) firstStall = recorder.firstStall();
        return result(a.run, status, a.start, a.priorSeconds);
    }

    private Boundary boundary(long start, double h0) {
        return switch (config.method()) {
            case GD -> new FirstStallRecorder(stallRule, start, h0);
            case SOD -> new EscapeAtStalls(escape(), stallRule, stepRule, this::delta, config.sod().maxEscapes(), config.start().seed());
            case RESTARTS -> new RandomRestarts(stallRule, config.start().initScale(), config.start().seed());
            case PGD -> new PerturbedGd(config.baselines().pgdRadius(), config.baselines().pgdGradientThreshold(), config.baselines().pgdWindow(), config.start().seed(), stats);
            case SGD -> throw new IllegalStateException("SGD has its own loop");
        };
    }

    private Result result(Run run, Status status, long start, double priorSeconds) {
        Iterate it = run.iterate;
        StationaryPointAnalysis.Report point = null;
        if (status == Status.STATIONARY) {
            if (finalClassifier == null) finalClassifier = new PointClassifier(denseEigen());
            point = finalClassifier.of(problem.operator(), it.r())
                    .analyse(it.x(), it.b(), SodEscape.STALL_GRADIENT_TOLERANCE, SodEscape.STALL_CURVATURE_TOLERANCE);
            if (point.verdict() == StationaryPointAnalysis.Verdict.GLOBAL_OPTIMUM) status = Status.CONVERGED;
        }
        double distance = distance(it.x());
        double relativeResidual = convergence.relativeResidual(it.h());
        String message = Messages.of(status, point, run, config, relativeResidual, distance);
        double total = (System.nanoTime() - start) * 1e-9 + priorSeconds;
        int probeSteps = escape == null ? 0 : escape.probeStepsRun();
        return new Result(it.detachX(), it.n(), it.r(), it.h(), relativeResidual, distance,
                distance / truth.truthNorm(), it.gradNorm(), run.iteration, probeSteps, status,
                point == null ? null : point.verdict(), message, java.util.List.copyOf(run.escapes), total,
                total - stats.escapeSeconds(), stats.eigenSeconds(), stats.escapeSeconds(),
                stats.latencyPercentile(0.50), stats.latencyPercentile(0.99));
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
        convergence = new Convergence(config, p.b());
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

    /** ||X X^T - Z Z^T||_F in O(n r^2), NaN without truth. */
    private double distance(double[] x) {
        return truth.of(x);
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
