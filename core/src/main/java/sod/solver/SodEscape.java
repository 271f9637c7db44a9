package sod.solver;

import java.util.function.DoubleSupplier;
import sod.kernels.Factors;
import sod.operators.SensingOperator;
import sod.problems.Problem;
import sod.solver.local.Iterate;
import sod.solver.local.StepRule;

/**
 * One SOD escape attempt at a stalled point (spec sections 2-5): the quantities of the point
 * ({@link StallGeometry}); with {@code lambda_n >= 0} nothing is attempted; a rank-deficient point takes
 * the step along its null direction; otherwise the escape mode's {@link CandidateSource} proposes
 * candidates (after a certified single step when the mode tries one and EFS exceeds 1), each is probed
 * by {@code probeSteps} steps of the local method, and the lowest final h wins if it is below h(Xhat).
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
 * <p>Owns its workspace for one (n, r, m) and reuses it across attempts; not thread-safe.
 */
public final class SodEscape implements AutoCloseable {
    /** Stall classification tolerances (relative; see {@link StationaryPointAnalysis#analyse}). */
    public static final double STALL_GRADIENT_TOLERANCE = 1e-3, STALL_CURVATURE_TOLERANCE = 1e-6;

    /**
     * An attempt's outcome.
     *
     * @param escape             the public record of the attempt
     * @param point              the quantities of the stalled point
     * @param iterationsCharged  iterations the attempt's probe steps add to the run's count
     */
    public record Attempt(Escape escape, StallPoint point, int iterationsCharged) {}

    private final SolverConfig config;
    private final int n, r, m;
    private final StallGeometry geometry;
    private final EscapeDirections directions;
    private final EscapeScratch scratch;
    private final CandidateSet candidates;
    private final double[] xHat, bestX, localX;
    private final RunStatistics stats;
    private final boolean denseEigen;
    private final PointClassifier classifiers;
    private StationaryPointAnalysis classifier;
    private int probeStepsRun;

    /**
     * @param denseEigen smallest eigenpair of G by dense LAPACK (else Lanczos); see
     *                   {@link sod.solver.spectral.SmallestEigen#usesLanczos}
     */
    SodEscape(SolverConfig config, int n, int r, int m, boolean denseEigen, RunStatistics stats) {
        this.config = config;
        this.n = n;
        this.r = r;
        this.m = m;
        this.stats = stats;
        this.denseEigen = denseEigen;
        this.classifiers = new PointClassifier(denseEigen);
        geometry = new StallGeometry(n, r, m, denseEigen, stats);
        directions = new EscapeDirections(n, r);
        scratch = new EscapeScratch(n, r, m);
        candidates = new CandidateSet(r * (config.sod().tCount() + 4)); // per singular component
        xHat = new double[n * r];
        bestX = new double[n * r];
        localX = new double[n * r];
    }

    /**
     * One attempt at {@code point} (n x r) of {@code problem} with {@code config}'s escape settings, its
     * local method for the probes and its RIP constant (estimated once when NaN), without running the
     * solver: what {@code sod escape} shows. See {@link Standalone} to repeat attempts without reallocating.
     */
    public static Attempt at(Problem problem, double[] point, SolverConfig config, Listener listener) {
        try (Standalone escape = new Standalone(problem, config)) {
            return escape.attempt(point, listener);
        }
    }

    /** A reusable escape outside a solver run: its own iterate, probe rule and RIP constant for one problem. */
    public static final class Standalone implements AutoCloseable {
        private final SodEscape escape;
        private final Iterate it;
        private final StepRule rule;
        private final SolverConfig config;
        private final DoubleSupplier delta;

        public Standalone(Problem problem, SolverConfig config) {
            int n = problem.n(), r = problem.rank(), m = problem.m();
            this.config = config;
            it = new Iterate(n, r, m);
            it.bind(problem.operator(), problem.b());
            rule = config.descent().create();
            delta = () -> Double.isNaN(config.sod().delta()) ? RipEstimate.cached(problem.operator(), config) : config.sod().delta();
            escape = new SodEscape(config, n, r, m, !sod.solver.spectral.SmallestEigen.usesLanczos(n, m), new RunStatistics());
        }

        /** One attempt at {@code point} (n x r); the point is not modified. */
        public Attempt attempt(double[] point, Listener listener) {
            if (point.length != it.n() * it.r())
                throw new sod.SodInputException("escape point has " + point.length + " entries, expected n*r = "
                        + it.n() + "*" + it.r());
            double h = it.set(point);
            it.divergenceLevel(config.stopping().divergenceFactor() * Math.max(Double.isFinite(h) ? h : 1, 1));
            rule.start();
            return escape.attempt(it, rule, 0, delta, listener == null ? Listener.NONE : listener);
        }

        @Override
        public void close() {
            escape.close();
            rule.close(); // a Levenberg-Marquardt probe rule holds native workspace on its dense path
        }
    }

    /** The Lanczos outcome of the last check, or null when it used the dense path. */
    sod.solver.spectral.Lanczos.Outcome lastEigenOutcome() {
        return geometry.smallestEigen().lastOutcome();
    }

    /** GD steps run inside probes since the last {@link #resetProbeSteps}, counting completed probes only. */
    int probeStepsRun() {
        return probeStepsRun;
    }

    /**
     * A new run starts: the probe-step count restarts and the eigenvector warm start is forgotten, so a
     * reused solver gives exactly the result of a fresh one.
     */
    void startRun() {
        probeStepsRun = 0;
        geometry.forgetWarmStart();
    }

    /**
     * One attempt at the iterate's current point (h, residual and gradient current), which is left at the
     * accepted point or restored, consistent either way.
     *
     * @param probeRule the local method the probes run
     * @param iteration the run's iteration number (for the records)
     * @param delta     the RIP constant, asked for once per attempt
     * @param listener  told of every probed candidate
     */
    Attempt attempt(Iterate it, StepRule probeRule, int iteration, DoubleSupplier delta, Listener listener) {
        long t0 = System.nanoTime();
        try {
            StationaryPointAnalysis.Report verdict = config.sod().classifyStalls() ? classify(it) : null;
            double hBefore = it.h();
            it.copyX(xHat);
            directions.forget();
            Attempt a;
            if (!geometry.analyse(it, delta, config.start().seed())) {
                a = record(iteration, Escape.Kind.NONE_NO_NEGATIVE_CURVATURE, hBefore, hBefore, Double.NaN, Double.NaN, 0, 0, t0, verdict);
            } else if (geometry.rankDeficient) {
                a = nullDirectionStep(it, probeRule, iteration, hBefore, t0, verdict);
            } else {
                CandidateSource source = config.sod().escapeMode().source();
                a = source.triesCertifiedStep() && geometry.point().certified()
                        ? certifiedStep(it, probeRule, iteration, hBefore, t0, verdict) : null;
                if (a == null) {
                    source.collect(it, xHat, geometry, directions, config.sod(), scratch, candidates);
                    if (verdict != null && verdict.verdict() == StationaryPointAnalysis.Verdict.STRICT_SADDLE) {
                        addHessianDirection(it);
                    }
                    a = candidates.count() == 0
                            ? record(iteration, Escape.Kind.NONE_NO_CANDIDATE, hBefore, hBefore, Double.NaN, Double.NaN, 0, 0, t0, verdict)
                            : probe(it, probeRule, iteration, hBefore, t0, verdict, listener);
                }
            }
            return a;
        } finally {
            stats.addEscapeNanos(System.nanoTime() - t0);
        }
    }

    /**
     * The verdict of {@link StationaryPointAnalysis} at the current X (own workspace: the iterate is
     * untouched). A slow-progress stall is only approximately stationary, hence the loose gradient
     * tolerance relative to {@code ||G||_F ||X||_F}.
     */
    private StationaryPointAnalysis.Report classify(Iterate it) {
        classifier = classifiers.of(it.operator(), r);
        return classifier.analyse(it.x(), it.b(), STALL_GRADIENT_TOLERANCE, STALL_CURVATURE_TOLERANCE, false);
    }

    /** X + s u q0^T for a rank-deficient X, accepted when it beats one local step from Xhat. */
    private Attempt nullDirectionStep(Iterate it, StepRule rule, int at, double hBefore, long t0,
                                      StationaryPointAnalysis.Report verdict) {
        double s = Math.sqrt(-geometry.lambda / (1 + geometry.delta));
        Attempt a = rankOneStep(it, rule, s, at, hBefore, t0, verdict);
        return a != null ? a : record(at, Escape.Kind.REJECTED, hBefore, hBefore, Double.NaN, s, 1, 0, t0, verdict);
    }

    /**
     * The single step {@code Xhat + s u q^T}, accepted (SINGLE) when it beats one local step from Xhat;
     * null, with the iterate back at Xhat, otherwise.
     */
    private Attempt rankOneStep(Iterate it, StepRule rule, double s, int at, double hBefore, long t0,
                                StationaryPointAnalysis.Report verdict) {
        double hLocal = oneLocalStep(it, rule);
        Factors.addRankOne(xHat, n, r, s, geometry.u, geometry.q, it.x());
        double hn = it.evaluate();
        if (EscapeAcceptance.accepts(hBefore, hLocal, hn))
            return record(at, Escape.Kind.SINGLE, hBefore, hn, Double.NaN, s, 1, 0, t0, verdict);
        it.set(xHat);
        return null;
    }

    /** h after one local step from xHat (the iterate is left at an arbitrary point: callers overwrite it). */
    private double oneLocalStep(Iterate it, StepRule rule) {
        it.set(xHat);
        return rule.step(it) ? it.h() : Double.POSITIVE_INFINITY;
    }

    /** Certified single step (EFS &gt; 1); null when it does not decrease h (the caller goes on to candidates). */
    private Attempt certifiedStep(Iterate it, StepRule rule, int at, double hBefore, long t0,
                                  StationaryPointAnalysis.Report verdict) {
        StallGeometry g = geometry;
        double k1 = 1 + g.delta;
        double sStar = -g.sigmaR * g.alignment / k1;
        // minimiser of the bound s^2 (cc + sigma d s + k1 s^2 / 2): roots of 2 k1 s^2 + 3 sigma d s + 2 cc = 0
        double cc = g.lambda + g.sigmaR * g.sigmaR * k1;
        double disc = 9 * g.sigmaR * g.sigmaR * g.alignment * g.alignment - 16 * k1 * cc;
        double sBound = Double.NaN;
        if (disc >= 0) {
            double sq = Math.sqrt(disc);
            double sa = (-3 * g.sigmaR * g.alignment + sq) / (4 * k1), sb = (-3 * g.sigmaR * g.alignment - sq) / (4 * k1);
            double sd = g.sigmaR * g.alignment;
            sBound = ripBound(sa, cc, sd, k1) <= ripBound(sb, cc, sd, k1) ? sa : sb;
        }
        // exact h along U from Xhat: r0 = residual, r1 = sigma A(P), r2 = A(u u^T)
        for (int i = 0; i < m; i++) scratch.r1[i] = g.sigmaR * g.ap[i];
        Quartic.coefficients(it.residual(), scratch.r1, g.auu, m, scratch.quartic);
        double best = Double.NaN, bestH = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 2; k++) {
            double s = k == 0 ? sStar : sBound;
            if (!Double.isFinite(s) || s == 0) continue;
            double hv = Quartic.value(scratch.quartic, s);
            if (hv < bestH) {
                bestH = hv;
                best = s;
            }
        }
        if (Double.isNaN(best)) return null;
        return rankOneStep(it, rule, best, at, hBefore, t0, verdict);
    }

    /** The RIP upper bound on h(Xhat + s U) - h(Xhat). */
    private static double ripBound(double s, double cc, double sd, double k1) {
        return s * s * (cc + sd * s + k1 * s * s / 2);
    }

    /**
     * Probes the picked candidates from xHat, and the same number of plain local steps from xHat itself;
     * the lowest candidate is accepted when {@link EscapeAcceptance} says it clearly beats those steps.
     * Rejected, the run goes on from where the local steps ended: they are the trajectory's next steps.
     */
    private Attempt probe(Iterate it, StepRule rule, int at, double hBefore, long t0, StationaryPointAnalysis.Report verdict,
                          Listener listener) {
        int steps = config.sod().probeSteps();
        if (geometry.components > 1) keepBestComponent(it);
        int picks = candidates.pickCount();
        it.set(xHat);
        double hLocal = probeFromCurrent(it, rule, steps); // the iterate is at xHat
        it.copyX(localX);
        double bestH = Double.POSITIVE_INFINITY;
        int best = -1;
        for (int p = 0; p < picks; p++) {
            int idx = candidates.pick(p);
            candidates.build(idx, xHat, geometry, directions, it.x());
            double hp = probeFromCurrent(it, rule, steps);
            if (listener != Listener.NONE) listener.onCandidate(candidates.describe(at, idx, hp));
            if (hp < bestH) {
                bestH = hp;
                best = idx;
                it.copyX(bestX);
            }
        }
        // the local steps are trajectory progress either way; candidates' steps count when charged
        int charged = steps + (config.sod().chargeProbeSteps() ? picks * steps : 0);
        if (best >= 0 && EscapeAcceptance.accepts(hBefore, hLocal, bestH)) {
            double h = it.set(bestX);
            return record(at, candidates.kind(best), hBefore, h, candidates.t(best), candidates.scale(best), picks, charged, t0, verdict);
        }
        double h = it.set(Double.isFinite(hLocal) ? localX : xHat);
        return record(at, Escape.Kind.REJECTED, hBefore, h, Double.NaN, Double.NaN, picks, charged, t0, verdict);
    }

    /**
     * At a strict saddle (the verdict found negative curvature of the factor-space Hessian), one more
     * candidate: the exact minimiser of h along the most negative direction D, {@code Xhat + s D} (a
     * quartic in s: {@code r1 = A(Xhat D^T + D Xhat^T)}, {@code r2 = A(D D^T)}). Curvature alone escapes a
     * strict saddle, and with r &gt; 1 such stalls are frequent (Gaussian sensing near its sample limit).
     */
    private void addHessianDirection(Iterate it) {
        classifier.hessianDirection(directions.hessian);
        var op = it.operator();
        op.measure(xHat, directions.hessian, r, scratch.r1);
        for (int i = 0; i < m; i++) scratch.r1[i] *= 2;
        op.measure(directions.hessian, directions.hessian, r, scratch.r2);
        Quartic.coefficients(it.residual(), scratch.r1, scratch.r2, m, scratch.quartic);
        double s = Quartic.argmin(scratch.quartic);
        if (!Double.isFinite(s) || s == 0) return;
        candidates.add(CandidateSet.WHOLE_FACTOR, Escape.Kind.HESSIAN_DIRECTION, CandidateSet.Placement.ADD_FACTOR,
                CandidateSet.Direction.HESSIAN, "Xhat+sD", s, Double.NaN, Double.NaN);
        candidates.pickLast();
    }

    /**
     * For r &gt; 1, keeps only the picks of the singular component whose best pick has the lowest h before
     * any probe. At a spurious point the component u_n should replace is not known in advance (u_n is
     * orthogonal to every v_j there, and the singular values of the stuck components can be equal), but
     * the candidates tell: in every escape measured on block PMC (r = 2, 3) the component whose candidates
     * started lowest was the one whose probe won, at a fraction of the probes of all components.
     */
    private void keepBestComponent(Iterate it) {
        double bestH = Double.POSITIVE_INFINITY;
        int bestComponent = -1;
        for (int p = 0; p < candidates.pickCount(); p++) {
            int idx = candidates.pick(p);
            if (candidates.component(idx) == CandidateSet.WHOLE_FACTOR) continue;
            candidates.build(idx, xHat, geometry, directions, it.x());
            double h = it.evaluate();
            if (h < bestH) {
                bestH = h;
                bestComponent = candidates.component(idx);
            }
        }
        if (bestComponent >= 0) candidates.keepPicksOf(bestComponent);
    }

    /** Runs {@code steps} local steps from the iterate's X (in place); the final h, +Inf if it diverged. */
    private double probeFromCurrent(Iterate it, StepRule rule, int steps) {
        double h = it.evaluate();
        if (!(h <= it.divergenceLevel())) return Double.POSITIVE_INFINITY;
        for (int s = 0; s < steps; s++) {
            if (!rule.step(it)) return Double.POSITIVE_INFINITY;
        }
        probeStepsRun += steps;
        return it.h();
    }

    private Attempt record(int at, Escape.Kind kind, double hBefore, double hAfter, double t, double scale, int cands,
                           int charged, long t0, StationaryPointAnalysis.Report verdict) {
        StallGeometry g = geometry;
        Escape e = new Escape(at, kind, hBefore, hAfter, g.lambda, g.sigmaR, g.ncm, g.aic, g.efs, g.delta, t, scale, cands,
                (System.nanoTime() - t0) * 1e-9, verdict);
        return new Attempt(e, g.point(), charged);
    }

    @Override
    public void close() {
        geometry.close();
        classifiers.close();
    }
}
