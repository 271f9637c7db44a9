package sod.solver;

import java.util.Arrays;
import sod.SodInputException;
import sod.solver.local.LevenbergMarquardtRule;
import sod.solver.local.LevenbergMarquardtSettings;
import sod.solver.local.NewtonTrustRegion;
import sod.solver.local.ScaledGradientStep;

/**
 * Immutable settings of a {@link Solver} run, grouped by concern: how the run starts, when it stops, the
 * local method, the stall rule, the SOD escape and the baselines. Build one with the flat
 * {@link #builder()} (defaults: GD+SOD with the escape settings of spec section 7, stopping by the
 * tolerances; {@link #paper()} adds the paper's 0.05 target) or derive one with {@link #toBuilder()}.
 * Every value is validated on construction; a bad value raises {@link SodInputException} naming the
 * parameter (the builder's name for it).
 *
 * <p>One file over 400 lines on purpose: the groups and the flat builder that fills them are one API,
 * and a group read apart from its builder setter is harder to keep in step.
 *
 * @param method    what happens at a stall: nothing (GD), SOD escapes, random restarts, perturbed GD (Jin et
 *                  al. 2017), or mini-batch SGD instead of the local method
 * @param start     X0
 * @param stopping  budgets, tolerances and the optional target
 * @param descent   the local method between stalls
 * @param stall     when a run counts as stalled
 * @param sod       the escape at a stall
 * @param baselines settings of the PGD and SGD baselines
 */
public record SolverConfig(Method method, Start start, Stopping stopping, Descent descent, Stall stall, Sod sod,
                           Baselines baselines) {

    /**
     * How a run starts.
     *
     * @param initScale X0 = initScale * N(0,1) per entry (when no X0 is given)
     * @param seed      seed of the X0 draw (and of PGD/SGD randomness and the Lanczos start)
     * @param initialX  a given X0 (n x r row-major), or null to draw one
     */
    public record Start(double initScale, long seed, double[] initialX) {
        public Start {
            require(Double.isFinite(initScale) && initScale >= 0, "initScale", "must be a finite value >= 0, got " + initScale);
            if (initialX != null) {
                for (double v : initialX) require(Double.isFinite(v), "initialX", "contains NaN or Inf");
                initialX = initialX.clone();
            }
        }

        /** The given X0 (a copy), or null. */
        @Override
        public double[] initialX() {
            return initialX == null ? null : initialX.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Start s && Double.compare(initScale, s.initScale) == 0 && seed == s.seed
                    && Arrays.equals(initialX, s.initialX);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(initScale) * 31 * 31 + Long.hashCode(seed) * 31 + Arrays.hashCode(initialX);
        }

        @Override
        public String toString() {
            return "Start[initScale=" + initScale + ", seed=" + seed + ", initialX="
                    + (initialX == null ? "null" : Arrays.toString(initialX)) + "]";
        }
    }

    /**
     * When a run stops.
     *
     * @param maxIterations     iteration budget: gradient evaluations along the trajectory (plus the probe
     *                          steps charged by the escape, see {@link Sod#chargeProbeSteps})
     * @param timeBudgetSeconds wall-time budget (positive infinity for none)
     * @param gradientTolerance gtol: stationary when {@code ||grad h(X)||_F ||X||_F / (2 h(X))} is at most this
     *                          (dimensionless, invariant to scaling A or b; see Convergence)
     * @param decreaseTolerance ftol: stationary when a step changed h by at most this fraction of h (the
     *                          local method can no longer make progress); 0 turns the test off
     * @param residualTolerance htol: converged to a zero-residual (global) point when {@code h(X) / h(0)},
     *                          the squared relative residual, is at most this
     * @param targetDistance    stop (TARGET_REACHED) when ||X X^T - M*||_F &lt; this (needs the truth); NaN:
     *                          no such target, the truth only adds reported figures
     * @param targetRelative    stop (TARGET_REACHED) when ||X X^T - M*||_F / ||M*||_F &lt; this; NaN: none
     * @param divergenceFactor  h above divergenceFactor * max(h0, 1) (or non-finite) counts as divergence
     */
    public record Stopping(int maxIterations, double timeBudgetSeconds, double gradientTolerance, double decreaseTolerance,
                           double residualTolerance, double targetDistance, double targetRelative, double divergenceFactor) {
        public Stopping {
            require(maxIterations >= 0, "maxIterations", "must be >= 0, got " + maxIterations);
            require(timeBudgetSeconds > 0, "timeBudgetSeconds", "must be > 0 (use Infinity for none), got " + timeBudgetSeconds);
            require(gradientTolerance >= 0, "gradientTolerance", "must be >= 0, got " + gradientTolerance);
            require(decreaseTolerance >= 0 && decreaseTolerance < 1, "decreaseTolerance", "must be in [0, 1), got " + decreaseTolerance);
            require(residualTolerance >= 0 && residualTolerance < 1, "residualTolerance", "must be in [0, 1), got " + residualTolerance);
            require(Double.isNaN(targetDistance) || (targetDistance > 0 && Double.isFinite(targetDistance)), "targetDistance",
                    "must be a finite value > 0 (or NaN for none), got " + targetDistance);
            require(Double.isNaN(targetRelative) || (targetRelative > 0 && Double.isFinite(targetRelative)), "targetRelative",
                    "must be a finite value > 0 (or NaN for none), got " + targetRelative);
            require(divergenceFactor > 1, "divergenceFactor", "must be > 1, got " + divergenceFactor);
        }

        /** Whether a target (absolute or relative distance) asks the run to stop near the truth. */
        public boolean hasTarget() {
            return !Double.isNaN(targetDistance) || !Double.isNaN(targetRelative);
        }
    }

    /**
     * The local method between stalls.
     *
     * @param local        gradient descent, Levenberg-Marquardt, a Newton trust region or scaled GD
     * @param stepRule     plain GD's step rule: fixed step or backtracking Armijo
     * @param step         plain GD's step (&gt; 0); for Armijo the largest tried
     * @param damping      Levenberg-Marquardt's initial damping tau: the first mu is tau times a curvature of
     *                     {@code J^T J} (finite, &gt; 0; see {@link sod.solver.local.NielsenDamping})
     * @param cgIterations CG iterations allowed per linear solve of LM's matrix-free path and per trust-region
     *                     step (&gt;= 1)
     */
    public record Descent(LocalMethod local, StepRule stepRule, double step, double damping, int cgIterations) {
        public Descent {
            require(local != null, "local", "must be given");
            require(stepRule != null, "stepRule", "must be given");
            positive(step, "step");
            require(damping > 0 && Double.isFinite(damping), "damping (mu)", "must be a finite value > 0, got " + damping);
            require(cgIterations >= 1, "cgIterations", "the CG budget must be >= 1 iteration, got " + cgIterations);
        }

        /** A new step-rule object for a run (close it after use: LM's dense path holds native workspace). */
        public sod.solver.local.StepRule create() {
            return local.rules.create(this);
        }

        /** Levenberg-Marquardt's settings: the defaults with this damping and CG budget. */
        public LevenbergMarquardtSettings levenbergMarquardt() {
            return LevenbergMarquardtSettings.defaults().withInitialDamping(damping).withCgMaxIterations(cgIterations);
        }
    }

    /**
     * When a run counts as stalled (see {@link sod.solver.stall.StallRule}).
     *
     * @param rule                 which rule: the plateau of the relative decrease, or near-stationarity
     * @param window               plateau: iterations over which the relative loss decrease is measured
     * @param tolerance            plateau: stall when (h[k - window] - h[k]) / h[k - window] &lt;= this
     * @param checkInterval        test for a stall every this many iterations
     * @param minIterations        cooldown: iterations after the start or the last escape attempt before the
     *                             first stall test (the plateau rule always waits at least its window)
     * @param stationaryTolerance  near-stationarity: stall when {@code ||grad h|| ||X||_F / (2 h)} &lt;= this
     */
    public record Stall(StallKind rule, int window, double tolerance, int checkInterval, int minIterations,
                        double stationaryTolerance) {
        public Stall {
            require(rule != null, "stallRule", "must be given");
            require(window >= 1, "stallWindow", "must be >= 1, got " + window);
            require(tolerance >= 0 && Double.isFinite(tolerance), "stallTolerance", "must be a finite value >= 0, got " + tolerance);
            require(checkInterval >= 1, "stallCheckInterval", "must be >= 1, got " + checkInterval);
            require(minIterations >= 0, "stallMinIterations", "must be >= 0, got " + minIterations);
            positive(stationaryTolerance, "stallStationaryTolerance");
        }

        /** A new stall-rule object for a run. */
        public sod.solver.stall.StallRule create() {
            return rule.create(this);
        }
    }

    /** Which stall rule a run uses; each constant builds its rule. */
    public enum StallKind {
        /** The relative decrease of h over a window is at most the tolerance (the paper's setting). */
        PLATEAU {
            @Override
            sod.solver.stall.StallRule create(Stall s) {
                return new sod.solver.stall.RelativeDecrease(s.window(), s.tolerance(), s.checkInterval(), s.minIterations());
            }
        },
        /** The relative gradient is at most the stationary tolerance. */
        STATIONARY {
            @Override
            sod.solver.stall.StallRule create(Stall s) {
                return new sod.solver.stall.NearStationary(s.stationaryTolerance(), s.checkInterval(), s.minIterations());
            }
        };

        abstract sod.solver.stall.StallRule create(Stall settings);
    }

    /**
     * The SOD escape.
     *
     * @param escapeMode       TPGD (the paper's multi-step closed form with a t-scan) or LINE_SEARCH (spec 8)
     * @param liftOrder        lifting order l (odd, &gt;= 1)
     * @param rho              weight of the escape direction in the lifted start a + rho b (&gt; 0)
     * @param eta              lifted GD step (&gt; 0)
     * @param tCount           number of log-spaced t values scanned
     * @param tMin             smallest t (&gt;= 1)
     * @param tMax             largest t (&gt;= tMin)
     * @param normWindowLow    candidates kept when their norm / sigma_r is in [low, high]
     * @param normWindowHigh   see normWindowLow
     * @param maxCandidates    at most this many t-scan candidates are probed (spread evenly over the survivors)
     * @param probeSteps       local steps run from each candidate (and from Xhat, for comparison)
     * @param chargeProbeSteps when true every probe step counts against maxIterations, else only one probe's
     * @param maxEscapes       escape attempts allowed per run
     * @param delta            RIP constant; NaN means estimate it by Monte-Carlo (spec section 1), once per operator
     * @param deltaSamples     Monte-Carlo samples for the delta estimate
     * @param deltaSeed        seed of the delta estimate
     * @param classifyStalls   classify every stalled point with {@link StationaryPointAnalysis} before the
     *                         attempt (its verdict goes into the {@link Escape} record)
     */
    public record Sod(EscapeMode escapeMode, int liftOrder, double rho, double eta, int tCount, double tMin, double tMax,
                      double normWindowLow, double normWindowHigh, int maxCandidates, int probeSteps,
                      boolean chargeProbeSteps, int maxEscapes, double delta, int deltaSamples, long deltaSeed,
                      boolean classifyStalls) {
        public Sod {
            require(escapeMode != null, "escapeMode", "must be given");
            require(liftOrder >= 1 && liftOrder % 2 == 1, "liftOrder", "must be an odd integer >= 1 (3, 5, 11...), got " + liftOrder);
            positive(rho, "rho");
            positive(eta, "eta");
            require(tCount >= 1, "tCount", "must be >= 1, got " + tCount);
            require(tMin >= 1 && Double.isFinite(tMin), "tMin", "must be a finite value >= 1, got " + tMin);
            require(tMax >= tMin && Double.isFinite(tMax), "tMax", "must be finite and >= tMin, got " + tMax);
            positive(normWindowLow, "normWindowLow");
            require(normWindowHigh >= normWindowLow && Double.isFinite(normWindowHigh), "normWindowHigh",
                    "must be finite and >= normWindowLow, got " + normWindowHigh);
            require(maxCandidates >= 1, "maxCandidates", "must be >= 1, got " + maxCandidates);
            require(probeSteps >= 0, "probeSteps", "must be >= 0, got " + probeSteps);
            require(maxEscapes >= 0, "maxEscapes", "must be >= 0, got " + maxEscapes);
            require(Double.isNaN(delta) || (delta >= 0 && Double.isFinite(delta)), "delta",
                    "must be a finite value >= 0 (or NaN to estimate it), got " + delta);
            require(deltaSamples >= 1, "deltaSamples", "must be >= 1, got " + deltaSamples);
        }
    }

    /**
     * The baselines' settings.
     *
     * @param pgdRadius            PGD: radius of the uniform ball perturbation
     * @param pgdGradientThreshold PGD: perturb when ||grad h||_F is below this
     * @param pgdWindow            PGD: at most one perturbation per this many iterations
     * @param sgdBatch             SGD: measurements per mini-batch (0: m / 10)
     */
    public record Baselines(double pgdRadius, double pgdGradientThreshold, int pgdWindow, int sgdBatch) {
        public Baselines {
            positive(pgdRadius, "pgdRadius");
            require(pgdGradientThreshold >= 0, "pgdGradientThreshold", "must be >= 0, got " + pgdGradientThreshold);
            require(pgdWindow >= 1, "pgdWindow", "must be >= 1, got " + pgdWindow);
            require(sgdBatch >= 0, "sgdBatch", "must be >= 0, got " + sgdBatch);
        }
    }

    /** What happens at a stall of the local method (its name is historical: GD means "no escape"). */
    public enum Method {
        /** The local method alone until a stop criterion. */
        GD,
        /** The local method with SOD escapes at stalls. */
        SOD,
        /**
         * Random restarts, the practitioners' default: at every stall a fresh start
         * {@code initScale * N(0,1)} (seeded), within the same iteration budget; the best stalled point is
         * returned when the budget runs out first.
         */
        RESTARTS,
        /** Perturbed gradient descent (Jin et al. 2017): a random ball perturbation when the gradient is small. */
        PGD,
        /** Stochastic gradient descent over mini-batches of measurements. */
        SGD
    }

    /**
     * The local method, a {@link sod.solver.local.StepRule} made by its {@link StepRules}: the enum only
     * names them (the command-line name is the constant's in lower case with '-' for '_'); a new method
     * is a new constant with a new rule. Each has the probe length of its SOD escapes (see {@link #probeSteps}).
     */
    public enum LocalMethod {
        /** Gradient descent with {@link Descent#stepRule()} and {@link Descent#step()}. */
        GD(d -> d.stepRule().create(d.step()), 100),
        /** Levenberg-Marquardt, dense or matrix-free ({@link sod.solver.local.LevenbergMarquardtRule}). */
        LM(d -> new LevenbergMarquardtRule(d.levenbergMarquardt()), 5),
        /** Newton trust region with Steihaug-Toint CG ({@link sod.solver.local.NewtonTrustRegion}). */
        TRUST_REGION(d -> new NewtonTrustRegion(d.cgIterations()), 5),
        /** Scaled GD, the preconditioner (X^T X)^{-1} ({@link sod.solver.local.ScaledGradientStep}). */
        SCALED_GD(d -> new ScaledGradientStep(), 20);

        private final StepRules rules;
        private final int probeSteps;

        LocalMethod(StepRules rules, int probeSteps) {
            this.rules = rules;
            this.probeSteps = probeSteps;
        }

        /**
         * The default probe length of an escape under this method: local steps from each candidate and from
         * the stalled point, compared by {@link EscapeAcceptance}. GD's 100 steps are the paper's. A
         * second-order method (LM, trust region) converges quadratically inside a basin, so 5 of its steps
         * take a candidate in a new basin most of the way down while 5 steps from the stalled point, a
         * converged point, gain nothing: the comparison is as clear as 100 GD steps make it, at a twentieth
         * of the steps. Scaled GD converges linearly at a rate independent of the conditioning: 20 steps.
         */
        public int probeSteps() {
            return probeSteps;
        }
    }

    /** Makes the step rule of a local method from the descent settings: the variation point behind {@link LocalMethod}. */
    @FunctionalInterface
    interface StepRules {
        sod.solver.local.StepRule create(Descent descent);
    }

    /** Step rule of plain gradient descent. */
    public enum StepRule {
        FIXED,
        /** Backtracking Armijo (sufficient decrease 1e-4, halving) starting from twice the last accepted step, capped at {@code step}. */
        ARMIJO;

        /** A new rule object with this step (the largest tried, for Armijo). */
        public sod.solver.local.StepRule create(double step) {
            return this == FIXED ? new sod.solver.local.FixedStep(step) : new sod.solver.local.ArmijoStep(step);
        }
    }

    /**
     * How the escape picks its point; each mode owns its candidate source, so a new mode is a new
     * constant here and a new {@link CandidateSource} (its command-line name is the constant's name in
     * lower case with '-' for '_').
     */
    public enum EscapeMode {
        /** The paper's truncated projected lifted GD in closed form, scanned over t. */
        TPGD(new TpgdCandidates()),
        /** Exact line search along the oracle rays (spec section 8). */
        LINE_SEARCH(new LineSearchRays());

        private final CandidateSource source;

        EscapeMode(CandidateSource source) {
            this.source = source;
        }

        CandidateSource source() {
            return source;
        }
    }

    public SolverConfig {
        require(method != null, "method", "must be given");
        require(start != null && stopping != null && descent != null && stall != null && sod != null && baselines != null,
                "settings", "every group must be given");
    }

    private static void positive(double v, String name) {
        require(v > 0 && Double.isFinite(v), name, "must be a finite value > 0, got " + v);
    }

    private static void require(boolean ok, String name, String what) {
        if (!ok) throw new SodInputException("solver parameter " + name + ": " + what);
    }

    /**
     * GD+SOD (TPGD) with the escape settings of spec section 7, stopping by the tolerances (no target
     * distance: a known truth only adds reported figures).
     */
    public static SolverConfig defaults() {
        return builder().build();
    }

    /**
     * The paper's protocol (spec section 7): the defaults plus the success criterion
     * {@code ||X X^T - M*||_F < 0.05} as the stop, as the success-rate table counts it.
     */
    public static SolverConfig paper() {
        return builder().targetDistance(PAPER_TARGET_DISTANCE).build();
    }

    /** The success criterion of the paper's table. */
    public static final double PAPER_TARGET_DISTANCE = 0.05;

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public SolverConfig withMethod(Method m) {
        return toBuilder().method(m).build();
    }

    public SolverConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public SolverConfig withDelta(double d) {
        return toBuilder().delta(d).build();
    }

    /** Mutable builder; starts from the reference defaults. */
    public static final class Builder {
        private Method method = Method.SOD;
        private LocalMethod local = LocalMethod.GD;
        private double damping = 1e-3;
        private int cgIterations = 500;
        private StepRule stepRule = StepRule.FIXED;
        private double step = 0.005;
        private double initScale = 0.7;
        private long seed = 0;
        private double[] initialX = null;
        private int maxIterations = 3000;
        private double timeBudgetSeconds = Double.POSITIVE_INFINITY;
        private double gradientTolerance = 1e-10;
        private double decreaseTolerance = 1e-15;
        private double residualTolerance = 1e-26;
        private double targetDistance = Double.NaN;
        private double targetRelative = Double.NaN;
        private StallKind stallRule = StallKind.PLATEAU;
        private double stallStationaryTolerance = 1e-3;
        private int stallWindow = 200;
        private double stallTolerance = 1e-3;
        private int stallCheckInterval = 25;
        private int stallMinIterations = 200;
        private EscapeMode escapeMode = EscapeMode.TPGD;
        private int liftOrder = 11;
        private double rho = 0.3;
        private double eta = 0.01;
        private int tCount = 121;
        private double tMin = 1;
        private double tMax = 1e12;
        private double normWindowLow = 1;
        private double normWindowHigh = 3;
        private int maxCandidates = 5;
        /** Null: the local method's {@link LocalMethod#probeSteps()}. */
        private Integer probeSteps = null;
        private boolean chargeProbeSteps = true;
        private int maxEscapes = 20;
        private double delta = Double.NaN;
        private int deltaSamples = 5000;
        private long deltaSeed = 0;
        private double pgdRadius = 0.1;
        private double pgdGradientThreshold = 1e-3;
        private int pgdWindow = 200;
        private int sgdBatch = 0;
        private double divergenceFactor = 1e8;
        private boolean classifyStalls = true;

        private Builder() {}

        private Builder(SolverConfig c) {
            method = c.method;
            Start st = c.start;
            initScale = st.initScale; seed = st.seed; initialX = st.initialX;
            Stopping sp = c.stopping;
            maxIterations = sp.maxIterations; timeBudgetSeconds = sp.timeBudgetSeconds;
            gradientTolerance = sp.gradientTolerance; decreaseTolerance = sp.decreaseTolerance;
            residualTolerance = sp.residualTolerance; targetDistance = sp.targetDistance;
            targetRelative = sp.targetRelative; divergenceFactor = sp.divergenceFactor;
            local = c.descent.local; stepRule = c.descent.stepRule; step = c.descent.step;
            damping = c.descent.damping; cgIterations = c.descent.cgIterations;
            Stall sl = c.stall;
            stallRule = sl.rule; stallWindow = sl.window; stallTolerance = sl.tolerance; stallCheckInterval = sl.checkInterval;
            stallMinIterations = sl.minIterations; stallStationaryTolerance = sl.stationaryTolerance;
            Sod sd = c.sod;
            escapeMode = sd.escapeMode; liftOrder = sd.liftOrder; rho = sd.rho; eta = sd.eta; tCount = sd.tCount;
            tMin = sd.tMin; tMax = sd.tMax; normWindowLow = sd.normWindowLow; normWindowHigh = sd.normWindowHigh;
            // a probe length equal to the local method's default reads back as "the default", so that a
            // derived builder that changes the local method moves the probe length along with it
            maxCandidates = sd.maxCandidates; probeSteps = sd.probeSteps == local.probeSteps() ? null : sd.probeSteps;
            chargeProbeSteps = sd.chargeProbeSteps;
            maxEscapes = sd.maxEscapes; delta = sd.delta; deltaSamples = sd.deltaSamples; deltaSeed = sd.deltaSeed;
            classifyStalls = sd.classifyStalls;
            Baselines bl = c.baselines;
            pgdRadius = bl.pgdRadius; pgdGradientThreshold = bl.pgdGradientThreshold; pgdWindow = bl.pgdWindow;
            sgdBatch = bl.sgdBatch;
        }

        public Builder method(Method v) { method = v; return this; }
        public Builder local(LocalMethod v) { local = v; return this; }
        public Builder damping(double v) { damping = v; return this; }
        public Builder cgIterations(int v) { cgIterations = v; return this; }
        public Builder stepRule(StepRule v) { stepRule = v; return this; }
        public Builder step(double v) { step = v; return this; }
        public Builder initScale(double v) { initScale = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder initialX(double[] v) { initialX = v; return this; }
        public Builder maxIterations(int v) { maxIterations = v; return this; }
        public Builder timeBudgetSeconds(double v) { timeBudgetSeconds = v; return this; }
        public Builder gradientTolerance(double v) { gradientTolerance = v; return this; }
        public Builder decreaseTolerance(double v) { decreaseTolerance = v; return this; }
        public Builder residualTolerance(double v) { residualTolerance = v; return this; }
        public Builder targetDistance(double v) { targetDistance = v; return this; }
        public Builder targetRelative(double v) { targetRelative = v; return this; }
        public Builder stallRule(StallKind v) { stallRule = v; return this; }
        public Builder stallStationaryTolerance(double v) { stallStationaryTolerance = v; return this; }
        public Builder stallWindow(int v) { stallWindow = v; return this; }
        public Builder stallTolerance(double v) { stallTolerance = v; return this; }
        public Builder stallCheckInterval(int v) { stallCheckInterval = v; return this; }
        public Builder stallMinIterations(int v) { stallMinIterations = v; return this; }
        public Builder escapeMode(EscapeMode v) { escapeMode = v; return this; }
        public Builder liftOrder(int v) { liftOrder = v; return this; }
        public Builder rho(double v) { rho = v; return this; }
        public Builder eta(double v) { eta = v; return this; }
        public Builder tGrid(int count, double min, double max) { tCount = count; tMin = min; tMax = max; return this; }
        public Builder normWindow(double low, double high) { normWindowLow = low; normWindowHigh = high; return this; }
        public Builder maxCandidates(int v) { maxCandidates = v; return this; }
        /** Local steps per probe; by default the local method's {@link LocalMethod#probeSteps()}. */
        public Builder probeSteps(int v) { probeSteps = v; return this; }
        public Builder chargeProbeSteps(boolean v) { chargeProbeSteps = v; return this; }
        public Builder maxEscapes(int v) { maxEscapes = v; return this; }
        public Builder delta(double v) { delta = v; return this; }
        public Builder deltaEstimate(int samples, long seed) { deltaSamples = samples; deltaSeed = seed; return this; }
        public Builder pgd(double radius, double gradientThreshold, int window) {
            pgdRadius = radius; pgdGradientThreshold = gradientThreshold; pgdWindow = window; return this;
        }
        public Builder sgdBatch(int v) { sgdBatch = v; return this; }
        public Builder divergenceFactor(double v) { divergenceFactor = v; return this; }
        public Builder classifyStalls(boolean v) { classifyStalls = v; return this; }

        public SolverConfig build() {
            return new SolverConfig(method,
                    new Start(initScale, seed, initialX),
                    new Stopping(maxIterations, timeBudgetSeconds, gradientTolerance, decreaseTolerance, residualTolerance,
                            targetDistance, targetRelative, divergenceFactor),
                    new Descent(local, stepRule, step, damping, cgIterations),
                    new Stall(stallRule, stallWindow, stallTolerance, stallCheckInterval, stallMinIterations,
                            stallStationaryTolerance),
                    new Sod(escapeMode, liftOrder, rho, eta, tCount, tMin, tMax, normWindowLow, normWindowHigh, maxCandidates,
                            probeSteps == null ? local.probeSteps() : probeSteps, chargeProbeSteps, maxEscapes, delta, deltaSamples, deltaSeed, classifyStalls),
                    new Baselines(pgdRadius, pgdGradientThreshold, pgdWindow, sgdBatch));
        }
    }
}
