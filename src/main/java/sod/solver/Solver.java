package sod.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import sod.SodInputException;
import sod.openblas.SymmetricEigen;
import sod.operators.SensingOperator;
import sod.problems.Problem;
import sod.solver.Escape.Kind;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;
import sod.solver.SolverConfig.StepRule;

/**
 * Gradient descent on {@code h(X) = 1/2 ||A(X X^T) - b||^2} with SOD escapes from spurious local minima
 * (spec sections 2-5), plus the PGD and SGD baselines.
 *
 * <h2>Loop</h2>
 * Each iteration evaluates {@code h}, the residual and the gradient at X with one
 * {@link SensingOperator#residualAndGradient} call, tests the stop criteria (target distance when the
 * truth is known, computed in O(n r^2) as {@code ||X^T X||^2 - 2 ||Z^T X||^2 + ||Z^T Z||^2}; iteration and
 * time budgets; divergence), then steps {@code X -= step grad}. Nothing is allocated per iteration.
 *
 * <h2>Stall and the SOD check</h2>
 * Every {@code stallCheckInterval} iterations, once {@code max(stallMinIterations, stallWindow)} iterations
 * have passed since the start or the last escape attempt, the run counts as stalled when
 * {@code (h[k - window] - h[k]) / h[k - window] <= stallTolerance}; a gradient norm below
 * {@code gradientTolerance} is a stall too. At a stall: {@code G = A*(residual)} (dense), its smallest
 * eigenpair {@code (lambda_n, u)}; the weakest singular triplet {@code (sigma_r, v, q)} of X from the
 * r x r Gram {@code X^T X}; {@code A(P) = 2 A(u v^T)}, {@code A(u u^T)}, {@code d}, NCM, AIC, EFS (spec
 * section 3). {@code lambda_n >= 0}: nothing is attempted (NONE_NO_NEGATIVE_CURVATURE).
 *
 * <h2>Escapes (TPGD mode)</h2>
 * EFS &gt; 1: the certified step {@code Xhat + s U}, s the better (by exact h along U) of
 * {@code s* = -sigma_r d / (1 + delta)} and the minimiser of the RIP bound
 * {@code s^2 [lambda + sigma^2 (1+delta) + s sigma d + (1+delta) s^2 / 2]}; accepted only if h decreases.
 * Otherwise the multi-step closed form ({@link LiftedClosedForm}) on {@code tCount} log-spaced t in
 * [tMin, tMax] (rounded to integers); a t yields a candidate when its beta or gamma term dominates and
 * the candidate's norm over {@code ||Xhat||} is in the norm window; consecutive candidates of one kind
 * whose norms agree to 0.1% are merged; at most {@code maxCandidates} are kept, spread evenly over the
 * survivors; each is probed by {@code probeSteps} GD steps and the lowest final h wins if it is below
 * {@code h(Xhat)}. The iterate then continues from the end of the winning probe.
 *
 * <h2>Escapes (LINE_SEARCH mode, spec section 8)</h2>
 * Four rays, each minimised exactly (quartic in s, or quadratic in s^2 through the origin): {@code Xhat + s U},
 * {@code Xhat + s Ĉ} (Ĉ the unit c direction), and the weakest component replaced by {@code s u} or
 * {@code s ĉ}; the ray minimisers are probed like TPGD candidates.
 *
 * <h2>Rank r &gt; 1</h2>
 * Only the weakest singular component {@code sigma_r v q^T} of X is touched. U = {@code u q^T} and the
 * c direction is {@code C q} with {@code C = H(P) Xhat} (for r = 1 these are the spec's U and C). A
 * replacing candidate {@code y} (n-vector) gives {@code X' = X + (y - X q) q^T}: the other components
 * are unchanged. Norms of a (and the norm window) refer to that component: {@code sigma_r}, which is
 * {@code ||Xhat||_F} for r = 1. If X is numerically rank deficient (some singular value below
 * {@code 1e-10 sigma_1}, or X = 0) the weakest component is a null direction q0: the step is
 * {@code X + s u q0^T} with {@code s = sqrt(-lambda / (1 + delta))} (the minimiser of the RIP bound
 * {@code s^2 (lambda + (1+delta) s^2 / 2)}), reported as SINGLE with sigmaR = 0 and NCM = EFS = +Inf.
 *
 * <h2>Budgets</h2>
 * {@code maxIterations} counts gradient evaluations along the trajectory and, when
 * {@code chargeProbeSteps}, every probe step of every candidate (otherwise only the winner's).
 * A failed attempt at a gradient-tolerance stall ends the run with NO_ESCAPE; at a slow-progress stall
 * GD simply continues (it may still be converging). At most {@code maxEscapes} attempts are made. When
 * charged probe steps carry the count past the budget, the run ends with ITERATION_BUDGET even if the
 * accepted point is at the target (the target must be reached within the budget).
 *
 * <h2>Baselines</h2>
 * PGD (Jin et al. 2017): when {@code ||grad h|| <= pgdGradientThreshold} and no perturbation happened in
 * the last {@code pgdWindow} iterations, X += a point drawn uniformly from the ball of radius
 * {@code pgdRadius} in R^{n r} (seeded). SGD: each step uses {@code 2 (m/B) A_B*(r_B) X} for a random
 * batch B of B measurements (without replacement, seeded), built from the full residual restricted to B
 * through {@link SensingOperator#adjointTimes}; each step therefore costs a full pass, so the SGD
 * baseline compares convergence per step, not speed. The explicit lifted problem is in
 * {@link TensorLifting}.
 *
 * <p>A solver owns all its workspace (resized only when a problem of other dimensions arrives) and is not
 * thread-safe; use one per thread.
 */
public final class Solver implements AutoCloseable {
    private static final int LATENCY_SAMPLES = 4096;
    private static final double RANK_THRESHOLD = 1e-10;
    /** Stall classification tolerances (relative; see {@link StationaryPointAnalysis#analyse}). */
    public static final double STALL_GRADIENT_TOLERANCE = 1e-3, STALL_CURVATURE_TOLERANCE = 1e-6;

    private StationaryPointAnalysis stallAnalysis;
    private SensingOperator stallAnalysisOp;
    private int stallAnalysisRank;
    private StationaryPointAnalysis.Verdict stallVerdict;

    /**
     * Dimension from which the SOD check finds the smallest eigenpair of {@code G = A*(residual)} by
     * thick-restart Lanczos on products {@code G v = op.adjointTimes(residual, v, 1, .)} instead of
     * forming G (n x n) and calling LAPACK; nothing n x n is allocated then. Sparser operators
     * ({@code m <= n^2 / 4}) switch earlier, at {@link #SPARSE_LANCZOS_MIN_N}. Chosen by measurement
     * (sod.solver.LargeScaleBench crossover, one thread): completion with 100 observations per row,
     * dense vs Lanczos 33 vs 9 ms at n = 500, 100 vs 13 ms at 1000, 850 vs 29-71 ms at 2000, dense
     * faster only at n = 200; PMC (m = n^2, so a product costs as much as forming G) dense
     * 31 vs 80 ms at 500, 70-95 vs 170-200 ms at 1000, about equal (800-870 vs 530-810 ms) at 2000.
     * A product costs about 6-10 ns per measurement and Lanczos needed 31-91 of them, against
     * dsyevr's growth like n^3: Lanczos wins below roughly m = n^2 / 3 from n = 500.
     */
    public static final int LANCZOS_MIN_N = 2000;
    /** Crossover for operators with at most n^2 / 4 measurements (see {@link #LANCZOS_MIN_N}). */
    public static final int SPARSE_LANCZOS_MIN_N = 500;

    /** Whether the SOD check of an operator with these sizes uses Lanczos (no n x n work). */
    public static boolean usesLanczos(int n, long m) {
        return n >= LANCZOS_MIN_N || (n >= SPARSE_LANCZOS_MIN_N && 4 * m <= (long) n * n);
    }

    /** Lanczos stops when the Ritz residual ||G u - lambda u|| is below this times max |Ritz value|. */
    static final double LANCZOS_TOLERANCE = 1e-8;
    static final int LANCZOS_MAX_PRODUCTS = 3000;
    static final int LANCZOS_BASIS = 30;

    private final SolverConfig config;

    private int n = -1, r = -1, m = -1;
    private double[] x, xAlt, grad, gradAlt, residual, residualAlt;
    private double[] xHat, bestX, history;
    private final long[] latency = new long[LATENCY_SAMPLES];
    private final long[] latencySorted = new long[LATENCY_SAMPLES];
    private int latencyCount;

    // escape workspace, allocated at the first escape for these dimensions
    private boolean escapeReady;
    private double[] g, u, v, q, gram, gramValues, gramVectors, ap, auu, c, cq, cHat, r1, r2, r0b, quartic;
    private SymmetricEigen eigen;
    private int eigenCapacity;
    /** Lanczos for lambda_min(G) from G v = A*(residual) v products when n >= lanczosMinN. */
    private Lanczos lanczos;
    /** Test hook: when >= 0, Lanczos is used exactly for n >= this instead of {@link #usesLanczos}. */
    private int lanczosMinN = -1;
    private Lanczos.Outcome lastEigenOutcome;
    /** G = A*(residual) prepared once per SOD check (sparse operators rearrange the residual for it). */
    private SensingOperator.AdjointMap gMap;
    private final Lanczos.SymmetricMap gTimes = (vec, out) -> this.gMap.times(vec, 1, out);
    private double[] candLogNorm, candT, candCoefficient;
    private int[] candKind, candPick;

    // SGD workspace
    private int[] perm;

    // delta cache
    private Problem deltaProblem;
    private double deltaValue;

    // per-run state
    private double h, h0, gradNorm;
    private long runStart;
    private int iter;
    private int probeStepsRun;
    private long eigenNanos, escapeNanos;
    private double lastStep;
    private Problem problem;
    private SensingOperator op;
    private double[] b;
    private double ztzSq;
    private double[] truth;
    private int truthRank;
    private long deadline;
    private double hDiverge;
    private Listener listener = Listener.NONE;
    private volatile boolean stopRequested;

    public Solver(SolverConfig config) {
        if (config == null) throw new SodInputException("solver: config must be given");
        this.config = config;
    }

    /** A solver whose workspace (escape workspace included) is allocated up front for {@code p}'s sizes. */
    public Solver(SolverConfig config, Problem p) {
        this(config);
        prepare(p);
        if (config.method() == Method.SOD) prepareEscape();
        problem = null;
        op = null;
        b = null;
        truth = null;
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
     */
    public Result solve(Problem p, double[] x0, Listener listener) {
        return run(p, x0, 0, Double.NaN, false, 0, listener);
    }

    /**
     * Where a plain-GD run first met the stall criterion of its config (a gradient norm below the
     * tolerance, or the relative-decrease test): exactly the point at which GD+SOD with the same
     * settings and start makes its first escape attempt, because both trajectories coincide until then.
     *
     * @param x              the iterate (a copy)
     * @param iteration      its iteration number
     * @param initialH       h(X0) of the run (sets the divergence threshold)
     * @param elapsedSeconds time the run took to get there
     */
    public record Checkpoint(double[] x, int iteration, double initialH, double elapsedSeconds) {}

    private Checkpoint firstStall;

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
     * Asks the current (or next) run to stop at the next iteration boundary with status STOPPED; safe
     * to call from any thread (a signal handler, a watchdog). Sticky: later runs of this solver stop at
     * once too.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Copies the current iterate (n x r) into {@code out}. Meaningful inside a {@link Listener} callback
     * of a running solve (e.g. for periodic checkpoints), or after a run (its final X).
     */
    public void currentX(double[] out) {
        System.arraycopy(x, 0, out, 0, n * r);
    }

    private Result run(Problem p, double[] x0, int startIteration, double initialH, boolean escapeFirst,
                       double priorSeconds, Listener listener) {
        long start = System.nanoTime();
        if (listener == null) listener = Listener.NONE;
        this.listener = listener;
        prepare(p);
        if (x0 == null) x0 = config.initialX();
        if (x0 != null) {
            if (x0.length != n * r)
                throw new SodInputException("initial X has " + x0.length + " entries, expected n*r = " + n + "*" + r);
            for (double val : x0)
                if (!Double.isFinite(val)) throw new SodInputException("initial X contains NaN or Inf");
            System.arraycopy(x0, 0, x, 0, n * r);
        } else {
            initialPoint(config.initScale(), config.seed(), x, n * r);
        }
        iter = startIteration;
        firstStall = null;
        runStart = start;
        latencyCount = 0;
        probeStepsRun = 0;
        eigenNanos = 0;
        escapeNanos = 0;
        lastStep = config.step();
        deadline = Double.isInfinite(config.timeBudgetSeconds()) ? Long.MAX_VALUE
                : start + (long) (config.timeBudgetSeconds() * 1e9);
        List<Escape> escapes = new ArrayList<>();
        Status status;
        String message = "";
        h = evaluate(x, residual, grad);
        if (!Double.isFinite(h)) {
            throw new SodInputException("h(X0) = 1/2 ||A(X0 X0^T) - b||^2 overflows double precision (|b| up to "
                    + maxAbs(b, m) + "); rescale the data, e.g. b / max|b| (X scales by the square root), and X0 with it");
        }
        h0 = Double.isNaN(initialH) ? h : initialH;
        hDiverge = config.divergenceFactor() * Math.max(Double.isFinite(h0) ? h0 : 1, 1);
        if (config.method() == Method.SGD) {
            status = runSgd(listener);
        } else {
            status = runDescent(listener, escapes, escapeFirst);
        }
        if (status == Status.DIVERGED) {
            message = "gradient descent diverged at iteration " + iter + " with step " + config.step()
                    + "; try a smaller step, e.g. " + config.step() / 10;
        } else if (status == Status.NO_ESCAPE) {
            message = "stationary point with no escape (see the last escape attempt)";
        } else if (status == Status.STOPPED) {
            message = "stopped on request at iteration " + iter;
        }
        this.listener = Listener.NONE;
        double distance = distance(x);
        long end = System.nanoTime();
        int samples = Math.min(latencyCount, LATENCY_SAMPLES);
        long[] sorted = latencySorted;
        System.arraycopy(latency, 0, sorted, 0, samples);
        Arrays.sort(sorted, 0, samples);
        long p50 = samples == 0 ? 0 : sorted[(int) Math.min(samples - 1, Math.round(0.50 * (samples - 1)))];
        long p99 = samples == 0 ? 0 : sorted[(int) Math.min(samples - 1, Math.round(0.99 * (samples - 1)))];
        double total = (end - start) * 1e-9 + priorSeconds;
        return new Result(Arrays.copyOf(x, n * r), n, r, h, distance, gradNorm, iter, probeStepsRun, status, message,
                List.copyOf(escapes), total, total - escapeNanos * 1e-9, eigenNanos * 1e-9, escapeNanos * 1e-9, p50, p99);
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

    private void prepare(Problem p) {
        if (p == null) throw new SodInputException("solver: problem must be given");
        int pn = p.n(), pm = p.m(), pr = p.rank();
        if (pr < 1 || pr > pn) throw new SodInputException("problem " + p.name() + ": rank " + pr + " must be in [1, n]");
        if (p.b() == null || p.b().length != pm)
            throw new SodInputException("problem " + p.name() + ": b must have m = " + pm + " entries");
        if (pn != n || pr != r || pm != m) {
            n = pn;
            r = pr;
            m = pm;
            x = new double[n * r];
            xAlt = new double[n * r];
            grad = new double[n * r];
            gradAlt = new double[n * r];
            xHat = new double[n * r];
            bestX = new double[n * r];
            residual = new double[m];
            residualAlt = new double[m];
            escapeReady = false;
            perm = null;
        }
        if (history == null || history.length != config.stallWindow() + 1) history = new double[config.stallWindow() + 1];
        problem = p;
        op = p.operator();
        b = p.b();
        truth = p.truth();
        truthRank = p.truthRank();
        ztzSq = 0;
        if (truth != null) {
            if (truth.length != n * truthRank)
                throw new SodInputException("problem " + p.name() + ": truth must be n x truthRank");
            for (int a = 0; a < truthRank; a++)
                for (int c2 = 0; c2 < truthRank; c2++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += truth[i * truthRank + a] * truth[i * truthRank + c2];
                    ztzSq += s * s;
                }
        }
    }

    private void prepareEscape() {
        if (escapeReady) return;
        boolean dense = lanczosMinN >= 0 ? n < lanczosMinN : !usesLanczos(n, m);
        g = dense ? new double[n * n] : null;
        if (!dense && (lanczos == null || lanczos.n() != n)) {
            if (lanczos != null) lanczos.close();
            lanczos = new Lanczos(n, LANCZOS_BASIS);
        }
        u = new double[n];
        v = new double[n];
        q = new double[r];
        gram = new double[r * r];
        gramValues = new double[r];
        gramVectors = new double[r * r];
        ap = new double[m];
        auu = new double[m];
        c = new double[n * r];
        cq = new double[n];
        cHat = new double[n];
        r1 = new double[m];
        r2 = new double[m];
        r0b = new double[m];
        quartic = new double[5];
        int tc = config.tCount();
        candLogNorm = new double[tc + 4];
        candT = new double[tc + 4];
        candCoefficient = new double[tc + 4];
        candKind = new int[tc + 4];
        candPick = new int[tc + 4];
        int eigenSize = dense ? n : r; // the Lanczos path only needs LAPACK for the r x r Gram
        if (eigen == null || eigenCapacity < eigenSize) {
            if (eigen != null) eigen.close();
            eigen = new SymmetricEigen(eigenSize);
            eigenCapacity = eigenSize;
        }
        escapeReady = true;
    }

    /** h, residual and gradient at xs; counts nothing. */
    private double evaluate(double[] xs, double[] res, double[] gr) {
        return op.residualAndGradient(xs, r, b, res, gr);
    }

    private static double maxAbs(double[] a, int len) {
        double max = 0;
        for (int i = 0; i < len; i++) max = Math.max(max, Math.abs(a[i]));
        return max;
    }

    private static double norm(double[] a, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += a[i] * a[i];
        if (s < Double.POSITIVE_INFINITY && (s >= Double.MIN_NORMAL || s == 0)) return Math.sqrt(s);
        return scaledNorm(a, len); // the squares overflowed or underflowed: rare, so off the common path
    }

    /** ||a|| without overflow or underflow: sum of squares of a / max|a|. */
    private static double scaledNorm(double[] a, int len) {
        double max = maxAbs(a, len);
        if (max == 0 || !Double.isFinite(max)) return max;
        double s = 0;
        for (int i = 0; i < len; i++) {
            double v = a[i] / max;
            s += v * v;
        }
        return max * Math.sqrt(s);
    }

    /** ||X X^T - Z Z^T||_F in O(n r^2), NaN without truth. */
    double distance(double[] xs) {
        if (truth == null) return Double.NaN;
        double xtx = 0;
        for (int a = 0; a < r; a++)
            for (int c2 = a; c2 < r; c2++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += xs[i * r + a] * xs[i * r + c2];
                xtx += (a == c2 ? 1 : 2) * s * s;
            }
        double ztx = 0;
        for (int a = 0; a < truthRank; a++)
            for (int c2 = 0; c2 < r; c2++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += truth[i * truthRank + a] * xs[i * r + c2];
                ztx += s * s;
            }
        double sq = xtx - 2 * ztx + ztzSq;
        return Math.sqrt(Math.max(sq, 0));
    }

    private void swapIterate() {
        double[] t = x; x = xAlt; xAlt = t;
        t = grad; grad = gradAlt; gradAlt = t;
        t = residual; residual = residualAlt; residualAlt = t;
    }

    /**
     * One descent step from (x, h, grad) into the alternate buffers, swapped in on success. Returns
     * false when the step diverged (the current iterate is then unchanged).
     */
    private boolean step() {
        int len = n * r;
        if (config.stepRule() == StepRule.FIXED) {
            double s = config.step();
            for (int i = 0; i < len; i++) xAlt[i] = x[i] - s * grad[i];
            double hn = evaluate(xAlt, residualAlt, gradAlt);
            if (!(hn <= hDiverge)) return false; // NaN, Inf or huge
            swapIterate();
            h = hn;
            return true;
        }
        double s = Math.min(config.step(), 2 * lastStep);
        double gg = gradNorm * gradNorm;
        for (int tries = 0; tries < 60; tries++) {
            for (int i = 0; i < len; i++) xAlt[i] = x[i] - s * grad[i];
            double hn = evaluate(xAlt, residualAlt, gradAlt);
            if (hn <= h - 1e-4 * s * gg) {
                swapIterate();
                h = hn;
                lastStep = s;
                return true;
            }
            s *= 0.5;
        }
        // no decrease along -grad at any step: keep the point (treated as stationary by the caller)
        lastStep = s;
        return true;
    }

    private Status runDescent(Listener listener, List<Escape> escapes, boolean escapeFirst) {
        Method method = config.method();
        int window = config.stallWindow();
        int ring = window + 1;
        int wait = Math.max(config.stallMinIterations(), window);
        int lastReset = iter;
        int lastPerturb = -config.pgdWindow();
        int attempts = 0;
        SplittableRandom pgdRandom = method == Method.PGD ? new SplittableRandom(config.seed() ^ 0x5DEECE66DL) : null;
        long last = System.nanoTime();
        // Early divergence: with a fixed step below 2/L, h never rises. A rise to RISE_FACTOR times the
        // lowest h since the start (or the last perturbation) means the step is too large for the local
        // curvature; stop there rather than after the much later blow-up past divergenceFactor.
        double lowest = h;
        while (true) {
            if (!(h <= hDiverge)) {
                return Status.DIVERGED;
            }
            gradNorm = norm(grad, n * r);
            double dist = distance(x);
            history[iter % ring] = h;
            listener.onIteration(iter, h, gradNorm, dist);
            if (stopRequested) return Status.STOPPED;
            if (iter > config.maxIterations()) return Status.ITERATION_BUDGET; // charged probes overran it
            if (dist < config.targetDistance()) return Status.TARGET_REACHED;
            if (iter >= config.maxIterations()) return Status.ITERATION_BUDGET;
            if (last - deadline > 0) return Status.TIME_BUDGET; // 'last' is the end of the previous step
            boolean stationary = gradNorm <= config.gradientTolerance();
            if (method == Method.SOD || method == Method.GD) {
                boolean stalled = stationary || escapeFirst;
                escapeFirst = false;
                if (!stalled && iter % config.stallCheckInterval() == 0 && iter - lastReset >= wait) {
                    double old = history[(iter - window) % ring];
                    stalled = (old - h) <= config.stallTolerance() * old;
                }
                if (method == Method.GD) {
                    if (stalled && firstStall == null)
                        firstStall = new Checkpoint(Arrays.copyOf(x, n * r), iter, h0, (System.nanoTime() - runStart) * 1e-9);
                    if (stationary) return Status.GRADIENT_TOLERANCE;
                } else if (stalled && attempts < config.maxEscapes()) {
                    attempts++;
                    Escape e = escape();
                    escapes.add(e);
                    listener.onEscape(e);
                    lastReset = iter;
                    if (e.kind().accepted()) {
                        last = System.nanoTime();
                        continue;
                    }
                    if (stationary) return Status.NO_ESCAPE;
                } else if (stationary) {
                    return Status.NO_ESCAPE;
                }
            } else if (method == Method.PGD) {
                if (gradNorm <= config.pgdGradientThreshold() && iter - lastPerturb >= config.pgdWindow()) {
                    long t0 = System.nanoTime();
                    double before = h;
                    perturb(pgdRandom);
                    lastPerturb = iter;
                    h = evaluate(x, residual, grad);
                    long t1 = System.nanoTime();
                    escapeNanos += t1 - t0;
                    Escape e = new Escape(iter, Kind.PERTURBATION, before, h, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, Double.NaN, Double.NaN, Double.NaN, config.pgdRadius(), 0, (t1 - t0) * 1e-9, null);
                    escapes.add(e);
                    listener.onEscape(e);
                    lowest = h;
                    last = System.nanoTime();
                    continue;
                }
                if (stationary) return Status.GRADIENT_TOLERANCE;
            }
            double before = h;
            if (!step()) {
                return Status.DIVERGED;
            }
            iter++;
            if (h < lowest) lowest = h;
            else if (h > before && h > RISE_FACTOR * lowest && config.stepRule() == StepRule.FIXED) return Status.DIVERGED;
            long after = System.nanoTime();
            latency[latencyCount++ & (LATENCY_SAMPLES - 1)] = after - last;
            last = after;
        }
    }

    private static final double RISE_FACTOR = 10;

    /** PGD: X += xi, xi uniform in the ball of radius pgdRadius in R^{n r}. */
    private void perturb(SplittableRandom random) {
        int len = n * r;
        double s = 0;
        for (int i = 0; i < len; i++) {
            xAlt[i] = random.nextGaussian();
            s += xAlt[i] * xAlt[i];
        }
        double radius = config.pgdRadius() * Math.pow(random.nextDouble(), 1.0 / len) / Math.sqrt(s);
        for (int i = 0; i < len; i++) x[i] += radius * xAlt[i];
    }

    private Status runSgd(Listener listener) {
        int batch = config.sgdBatch() == 0 ? Math.max(1, m / 10) : Math.min(config.sgdBatch(), m);
        if (perm == null || perm.length != m) {
            perm = new int[m];
            for (int i = 0; i < m; i++) perm[i] = i;
        }
        SplittableRandom random = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        double scale = (double) m / batch;
        int len = n * r;
        long last = System.nanoTime();
        while (true) {
            if (!(h <= hDiverge)) return Status.DIVERGED;
            gradNorm = norm(grad, len); // full gradient of the current point, for reporting
            double dist = distance(x);
            listener.onIteration(iter, h, gradNorm, dist);
            if (stopRequested) return Status.STOPPED;
            if (dist < config.targetDistance()) return Status.TARGET_REACHED;
            if (iter >= config.maxIterations()) return Status.ITERATION_BUDGET;
            if (System.nanoTime() - deadline > 0) return Status.TIME_BUDGET;
            if (gradNorm <= config.gradientTolerance()) return Status.GRADIENT_TOLERANCE;
            // mini-batch gradient 2 (m/B) A_B*(r_B) X from the full residual restricted to a random batch
            Arrays.fill(residualAlt, 0);
            for (int k = 0; k < batch; k++) {
                int j = k + random.nextInt(m - k);
                int t = perm[k]; perm[k] = perm[j]; perm[j] = t;
                residualAlt[perm[k]] = residual[perm[k]] * scale;
            }
            op.adjointTimes(residualAlt, x, r, gradAlt);
            double s = 2 * config.step();
            for (int i = 0; i < len; i++) x[i] -= s * gradAlt[i];
            h = evaluate(x, residual, grad);
            iter++;
            long after = System.nanoTime();
            latency[latencyCount++ & (LATENCY_SAMPLES - 1)] = after - last;
            last = after;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // SOD

    private double delta() {
        if (!Double.isNaN(config.delta())) return config.delta();
        if (deltaProblem != problem) {
            deltaValue = RipEstimate.estimate(op, config.deltaSamples(), config.deltaSeed());
            deltaProblem = problem;
        }
        return deltaValue;
    }

    /** Stall-point quantities of spec section 2-3, filled by {@link #analyse()}. */
    private double lambda, sigmaR, dAlign, ncm, aic, efs, deltaUsed;
    private boolean rankDeficient;

    /**
     * Computes lambda_n, u, sigma_r, v, q, A(P), A(u u^T), d, NCM, AIC, EFS at x (with the current
     * residual). Returns false when lambda_n &gt;= 0.
     */
    private boolean analyse() {
        long t0 = System.nanoTime();
        if (g != null) {
            op.adjoint(residual, g);
            lambda = eigen.smallest(g, n, u);
            lastEigenOutcome = null;
        } else {
            // warm start from the previous escape's u (zero at the first: then a seeded random start)
            gMap = op.adjointMap(residual);
            lastEigenOutcome = lanczos.smallest(gTimes, u, true, LANCZOS_TOLERANCE, LANCZOS_MAX_PRODUCTS, config.seed());
            gMap = null;
            lambda = lastEigenOutcome.value();
        }
        // weakest singular triplet from the Gram X^T X
        for (int a = 0; a < r; a++)
            for (int c2 = a; c2 < r; c2++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i * r + a] * x[i * r + c2];
                gram[a * r + c2] = s;
                gram[c2 * r + a] = s;
            }
        if (r == 1) {
            gramValues[0] = gram[0];
            gramVectors[0] = 1;
        } else {
            eigen.decompose(gram, r, gramValues, gramVectors);
        }
        eigenNanos += System.nanoTime() - t0;
        double sigma1 = Math.sqrt(Math.max(gramValues[r - 1], 0));
        int weakest = -1;
        for (int k = 0; k < r; k++) {
            if (Math.sqrt(Math.max(gramValues[k], 0)) > RANK_THRESHOLD * sigma1) {
                weakest = k;
                break;
            }
        }
        rankDeficient = weakest != 0; // a null direction exists (or X = 0)
        int col = rankDeficient ? 0 : weakest;
        for (int a = 0; a < r; a++) q[a] = gramVectors[a * r + col];
        deltaUsed = delta();
        if (rankDeficient) {
            sigmaR = 0;
            Arrays.fill(v, 0);
            dAlign = 0;
            ncm = Double.POSITIVE_INFINITY;
            aic = 0;
            efs = Double.POSITIVE_INFINITY;
        } else {
            sigmaR = Math.sqrt(gramValues[weakest]);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int a = 0; a < r; a++) s += x[i * r + a] * q[a];
                v[i] = s / sigmaR;
            }
            op.measure(u, v, 1, ap);
            for (int i = 0; i < m; i++) ap[i] *= 2;
            op.measure(u, u, 1, auu);
            double d = 0;
            for (int i = 0; i < m; i++) d += ap[i] * auu[i];
            dAlign = d;
            ncm = -lambda / (sigmaR * sigmaR * (1 + deltaUsed));
            aic = d * d / (2 * (1 + deltaUsed) * (1 + deltaUsed));
            efs = ncm + aic;
        }
        return lambda < 0;
    }

    private Escape record(int at, Kind kind, double hBefore, double hAfter, double t, double scale, int cands, long t0) {
        long t1 = System.nanoTime();
        return new Escape(at, kind, hBefore, hAfter, lambda, sigmaR, ncm, aic, efs, deltaUsed, t, scale, cands,
                (t1 - t0) * 1e-9, stallVerdict);
    }

    /** One escape attempt at the current point; leaves (x, h, residual, grad) consistent. */
    private Escape escape() {
        long t0 = System.nanoTime();
        prepareEscape();
        int at = iter;
        double hBefore = h;
        Escape e;
        try {
            stallVerdict = config.classifyStalls() ? classifyStall() : null;
            if (!analyse()) {
                e = record(at, Kind.NONE_NO_NEGATIVE_CURVATURE, hBefore, hBefore, Double.NaN, Double.NaN, 0, t0);
            } else if (rankDeficient) {
                e = nullDirectionStep(at, hBefore, t0);
            } else if (config.escapeMode() == EscapeMode.LINE_SEARCH) {
                e = lineSearchEscape(at, hBefore, t0);
            } else {
                e = null;
                if (efs > 1) e = singleStep(at, hBefore, t0);
                if (e == null) e = multiStep(at, hBefore, t0);
            }
        } finally {
            escapeNanos += System.nanoTime() - t0;
        }
        return e;
    }

    /**
     * The verdict of {@link StationaryPointAnalysis} at the current X (own workspace: x, residual and grad
     * are untouched). A slow-progress stall is only approximately stationary, hence the loose gradient
     * tolerance relative to {@code ||G||_F ||X||_F}.
     */
    private StationaryPointAnalysis.Verdict classifyStall() {
        if (stallAnalysis == null || stallAnalysisOp != op || stallAnalysisRank != r) {
            if (stallAnalysis != null) stallAnalysis.close();
            // above the crossover nothing n x n: G and the Hessian by Lanczos as in the SOD check
            boolean matrixFree = lanczosMinN >= 0 ? n >= lanczosMinN : usesLanczos(n, m);
            int denseLimit = matrixFree ? Math.min(StationaryPointAnalysis.DEFAULT_DENSE_LIMIT, n - 1)
                    : StationaryPointAnalysis.DEFAULT_DENSE_LIMIT;
            stallAnalysis = new StationaryPointAnalysis(op, r, denseLimit);
            stallAnalysisOp = op;
            stallAnalysisRank = r;
        }
        return stallAnalysis.analyse(x, b, STALL_GRADIENT_TOLERANCE, STALL_CURVATURE_TOLERANCE, false).verdict();
    }

    /** X + s u q0^T for a rank-deficient X. */
    private Escape nullDirectionStep(int at, double hBefore, long t0) {
        double s = Math.sqrt(-lambda / (1 + deltaUsed));
        System.arraycopy(x, 0, xHat, 0, n * r);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < r; a++) x[i * r + a] += s * u[i] * q[a];
        double hn = evaluate(x, residual, grad);
        if (hn < hBefore) {
            h = hn;
            return record(at, Kind.SINGLE, hBefore, hn, Double.NaN, s, 1, t0);
        }
        restore(xHat);
        return record(at, Kind.REJECTED, hBefore, hBefore, Double.NaN, s, 1, t0);
    }

    /** Certified single step (EFS &gt; 1); returns null when it does not decrease h. */
    private Escape singleStep(int at, double hBefore, long t0) {
        double k1 = 1 + deltaUsed;
        double sStar = -sigmaR * dAlign / k1;
        // minimiser of the bound s^2 (cc + sigma d s + k1 s^2 / 2): roots of 2 k1 s^2 + 3 sigma d s + 2 cc = 0
        double cc = lambda + sigmaR * sigmaR * k1;
        double disc = 9 * sigmaR * sigmaR * dAlign * dAlign - 16 * k1 * cc;
        double sBound = Double.NaN;
        if (disc >= 0) {
            double sq = Math.sqrt(disc);
            double sa = (-3 * sigmaR * dAlign + sq) / (4 * k1), sb = (-3 * sigmaR * dAlign - sq) / (4 * k1);
            double sd = sigmaR * dAlign;
            sBound = bound(sa, cc, sd, k1) <= bound(sb, cc, sd, k1) ? sa : sb;
        }
        // exact h along U from Xhat: r0 = residual, r1 = sigma A(P), r2 = A(u u^T)
        for (int i = 0; i < m; i++) r1[i] = sigmaR * ap[i];
        Quartic.coefficients(residual, r1, auu, m, quartic);
        double best = Double.NaN, bestH = Double.POSITIVE_INFINITY;
        for (double s : new double[] {sStar, sBound}) {
            if (!Double.isFinite(s) || s == 0) continue;
            double hv = Quartic.value(quartic, s);
            if (hv < bestH) {
                bestH = hv;
                best = s;
            }
        }
        if (Double.isNaN(best)) return null;
        System.arraycopy(x, 0, xHat, 0, n * r);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < r; a++) x[i * r + a] += best * u[i] * q[a];
        double hn = evaluate(x, residual, grad);
        if (hn < hBefore) {
            h = hn;
            return record(at, Kind.SINGLE, hBefore, hn, Double.NaN, best, 1, t0);
        }
        restore(xHat);
        return null;
    }

    /** The RIP upper bound on h(Xhat + s U) - h(Xhat). */
    private static double bound(double s, double cc, double sd, double k1) {
        return s * s * (cc + sd * s + k1 * s * s / 2);
    }

    private void restore(double[] from) {
        System.arraycopy(from, 0, x, 0, n * r);
        h = evaluate(x, residual, grad);
    }

    /** C = H(P) Xhat = A*(A(P)) Xhat, cq = C q, returns ||C q||. */
    private double computeC() {
        op.adjointTimes(ap, x, r, c);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < r; a++) s += c[i * r + a] * q[a];
            cq[i] = s;
        }
        return norm(cq, n);
    }

    private static final int BETA = 1, GAMMA = 2, RAY = 3;

    private Escape multiStep(int at, double hBefore, long t0) {
        double normC = computeC();
        LiftedClosedForm.Terms terms = new LiftedClosedForm.Terms();
        int l = config.liftOrder();
        double logLow = Math.log(config.normWindowLow()), logHigh = Math.log(config.normWindowHigh());
        double logBase = Math.log(sigmaR);
        int count = 0;
        double prevT = -1;
        int tc = config.tCount();
        double ratio = tc == 1 ? 1 : Math.pow(config.tMax() / config.tMin(), 1.0 / (tc - 1));
        for (int k = 0; k < tc; k++) {
            double t = Math.rint(config.tMin() * Math.pow(ratio, k));
            if (t == prevT) continue;
            prevT = t;
            LiftedClosedForm.evaluate(lambda, sigmaR, sigmaR, normC, l, config.rho(), config.eta(), t, terms);
            if (terms.dominant == LiftedClosedForm.Dominant.A) continue;
            double rel = terms.logNorm - logBase;
            if (rel < logLow || rel > logHigh) continue;
            int kind = terms.dominant == LiftedClosedForm.Dominant.BETA ? BETA : GAMMA;
            if (count > 0 && candKind[count - 1] == kind && Math.abs(candLogNorm[count - 1] - terms.logNorm) < 1e-3)
                continue;
            candKind[count] = kind;
            candT[count] = t;
            candLogNorm[count] = terms.logNorm;
            candCoefficient[count] = terms.coefficient();
            count++;
        }
        if (count == 0) return record(at, Kind.NONE_NO_CANDIDATE, hBefore, hBefore, Double.NaN, Double.NaN, 0, t0);
        int picks = pickSpread(count, config.maxCandidates());
        return probeCandidates(at, hBefore, t0, picks);
    }

    /** Fills candPick with up to max indices spread evenly over 0..count-1; returns how many. */
    private int pickSpread(int count, int max) {
        if (count <= max) {
            for (int i = 0; i < count; i++) candPick[i] = i;
            return count;
        }
        if (max == 1) {
            candPick[0] = count / 2;
            return 1;
        }
        for (int i = 0; i < max; i++) candPick[i] = (int) Math.round(i * (count - 1) / (double) (max - 1));
        return max;
    }

    /** Writes candidate {@code idx} into {@code dst} from xHat. */
    private void buildCandidate(int idx, double[] dst) {
        int kind = candKind[idx];
        double coef = candCoefficient[idx];
        if (kind == RAY) {
            // ray candidates are stored ready in candT as an encoded ray id; see lineSearchEscape
            buildRay((int) candT[idx], coef, dst);
            return;
        }
        double[] dir = kind == BETA ? u : cq;
        // X' = Xhat + (y - Xhat q) q^T with y = coef * dir; Xhat q = sigma v
        for (int i = 0; i < n; i++) {
            double shift = coef * dir[i] - sigmaR * v[i];
            for (int a = 0; a < r; a++) dst[i * r + a] = xHat[i * r + a] + shift * q[a];
        }
    }

    /** Probes the picked candidates from xHat; accepts the lowest final h if below hBefore. */
    private Escape probeCandidates(int at, double hBefore, long t0, int picks) {
        System.arraycopy(x, 0, xHat, 0, n * r);
        double bestH = Double.POSITIVE_INFINITY;
        int best = -1;
        int steps = config.probeSteps();
        for (int p = 0; p < picks; p++) {
            int idx = candPick[p];
            buildCandidate(idx, x);
            double hp = probe(steps);
            if (listener != Listener.NONE) listener.onCandidate(candidate(at, idx, hp));
            if (hp < bestH) {
                bestH = hp;
                best = idx;
                System.arraycopy(x, 0, bestX, 0, n * r);
            }
        }
        if (config.chargeProbeSteps()) iter += picks * steps;
        if (best >= 0 && bestH < hBefore) {
            if (!config.chargeProbeSteps()) iter += steps;
            System.arraycopy(bestX, 0, x, 0, n * r);
            h = evaluate(x, residual, grad);
            int kind = candKind[best];
            Kind k = kind == BETA ? Kind.BETA : kind == GAMMA ? Kind.GAMMA : Kind.LINE_SEARCH;
            double t = kind == RAY ? Double.NaN : candT[best];
            double scale = kind == RAY ? candCoefficient[best] : Math.exp(candLogNorm[best]);
            return record(at, k, hBefore, h, t, scale, picks, t0);
        }
        restore(xHat);
        return record(at, Kind.REJECTED, hBefore, hBefore, Double.NaN, Double.NaN, picks, t0);
    }

    private static final String[] RAY_NAMES = {"Xhat+sU", "Xhat+sC", "replace by sU", "replace by sC"};

    private Escape.Candidate candidate(int at, int idx, double hProbe) {
        int kind = candKind[idx];
        if (kind == RAY) {
            return new Escape.Candidate(at, Kind.LINE_SEARCH, RAY_NAMES[(int) candT[idx]], Double.NaN,
                    candCoefficient[idx], hProbe);
        }
        return new Escape.Candidate(at, kind == BETA ? Kind.BETA : Kind.GAMMA, kind == BETA ? "U" : "C", candT[idx],
                Math.exp(candLogNorm[idx]), hProbe);
    }

    /** Runs {@code steps} GD steps from x (in place); returns the final h, +Inf if it diverged. */
    private double probe(int steps) {
        h = evaluate(x, residual, grad);
        if (!(h <= hDiverge)) return Double.POSITIVE_INFINITY;
        for (int s = 0; s < steps; s++) {
            gradNorm = norm(grad, n * r);
            if (!step()) return Double.POSITIVE_INFINITY;
        }
        probeStepsRun += steps;
        return h;
    }

    // LINE_SEARCH mode ------------------------------------------------------------------------------

    private static final int RAY_ADD_U = 0, RAY_ADD_C = 1, RAY_REPLACE_U = 2, RAY_REPLACE_C = 3;

    private void buildRay(int ray, double s, double[] dst) {
        switch (ray) {
            case RAY_ADD_U, RAY_ADD_C -> {
                double[] dir = ray == RAY_ADD_U ? u : cHat;
                for (int i = 0; i < n; i++)
                    for (int a = 0; a < r; a++) dst[i * r + a] = xHat[i * r + a] + s * dir[i] * q[a];
            }
            default -> {
                double[] dir = ray == RAY_REPLACE_U ? u : cHat;
                for (int i = 0; i < n; i++) {
                    double shift = s * dir[i] - sigmaR * v[i];
                    for (int a = 0; a < r; a++) dst[i * r + a] = xHat[i * r + a] + shift * q[a];
                }
            }
        }
    }

    private Escape lineSearchEscape(int at, double hBefore, long t0) {
        double normC = computeC();
        int count = 0;
        // ray 1: Xhat + s u q^T
        for (int i = 0; i < m; i++) r1[i] = sigmaR * ap[i];
        Quartic.coefficients(residual, r1, auu, m, quartic);
        count = addRay(count, RAY_ADD_U, Quartic.argmin(quartic));
        // r0' = A(Y Y^T) - b with Y = Xhat - sigma v q^T (Y = 0 for r = 1)
        if (r == 1) {
            for (int i = 0; i < m; i++) r0b[i] = -b[i];
        } else {
            for (int i = 0; i < n; i++)
                for (int a = 0; a < r; a++) xAlt[i * r + a] = x[i * r + a] - sigmaR * v[i] * q[a];
            op.measure(xAlt, xAlt, r, r0b);
            for (int i = 0; i < m; i++) r0b[i] -= b[i];
        }
        // ray 3: weakest component replaced by s u
        count = addRay(count, RAY_REPLACE_U, originRay(auu));
        if (normC > 0) {
            for (int i = 0; i < n; i++) cHat[i] = cq[i] / normC;
            // ray 2: Xhat + s ĉ q^T; r1 = sigma A(v ĉ^T + ĉ v^T) = 2 sigma A(v ĉ^T), r2 = A(ĉ ĉ^T)
            op.measure(v, cHat, 1, r1);
            for (int i = 0; i < m; i++) r1[i] *= 2 * sigmaR;
            op.measure(cHat, cHat, 1, r2);
            Quartic.coefficients(residual, r1, r2, m, quartic);
            count = addRay(count, RAY_ADD_C, Quartic.argmin(quartic));
            // ray 4: weakest component replaced by s ĉ
            count = addRay(count, RAY_REPLACE_C, originRay(r2));
        }
        if (count == 0) return record(at, Kind.NONE_NO_CANDIDATE, hBefore, hBefore, Double.NaN, Double.NaN, 0, t0);
        for (int i = 0; i < count; i++) candPick[i] = i;
        return probeCandidates(at, hBefore, t0, count);
    }

    /** s minimising 1/2 ||r0b + s^2 rr||^2, or NaN when no s != 0 decreases it. */
    private double originRay(double[] rr) {
        double num = 0, den = 0;
        for (int i = 0; i < m; i++) {
            num += r0b[i] * rr[i];
            den += rr[i] * rr[i];
        }
        double s2 = -num / den;
        return s2 > 0 && Double.isFinite(s2) ? Math.sqrt(s2) : Double.NaN;
    }

    private int addRay(int count, int ray, double s) {
        if (!Double.isFinite(s) || Math.abs(s) < 1e-12 * Math.max(1, sigmaR)) return count;
        candKind[count] = RAY;
        candT[count] = ray;
        candCoefficient[count] = s;
        candLogNorm[count] = Double.NaN;
        return count + 1;
    }

    /**
     * The Lanczos outcome of the last SOD check (residual {@code ||G u - lambda u||}, products,
     * convergence), or null when it used the dense path or none was made.
     */
    public Lanczos.Outcome lastEigenOutcome() {
        return lastEigenOutcome;
    }

    /** Test and benchmark hook: the dimension from which the Lanczos path is used. */
    void lanczosMinN(int value) {
        if (value != lanczosMinN) {
            lanczosMinN = value;
            escapeReady = false;
            stallAnalysisOp = null; // rebuilt with the new crossover
        }
    }

    @Override
    public void close() {
        if (eigen != null) {
            eigen.close();
            eigen = null;
        }
        if (lanczos != null) {
            lanczos.close();
            lanczos = null;
        }
        if (stallAnalysis != null) {
            stallAnalysis.close();
            stallAnalysis = null;
            stallAnalysisOp = null;
        }
    }
}
