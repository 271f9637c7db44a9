package sod.solver.local;

import sod.SodInputException;

/**
 * A Newton trust-region method on the factor as a {@link StepRule} (Nocedal and Wright, Algorithm 4.1,
 * with the Steihaug-Toint truncated CG of {@link SteihaugCg} on the Hessian of h, {@link FactorHessian}):
 * the step minimises {@code g^T D + 1/2 D^T H D} within {@code ||D||_F <= radius}, following directions
 * of negative curvature to the boundary, so the method converges to second-order points (where SOD then
 * acts) and is quadratic near a nondegenerate minimum, spurious or global. With
 * {@code rho = (h(X) - h(X + D)) / predicted}: {@code rho < 1/4} shrinks the radius to a quarter of the
 * step, {@code rho > 3/4} on the boundary doubles it; the step is taken when {@code rho > 0.1}. One
 * {@link #step} is one accepted move: rejected trials shrink the radius and retry at the same point,
 * until a trial is taken, the radius falls below {@value #MIN_RELATIVE_RADIUS} times ||X||_F, or the
 * predicted decrease is below the rounding of h (the iterate is then unchanged, which the driver's
 * tolerances call stationary).
 *
 * <p><b>Inexact Newton.</b> The interior CG solve stops at the Eisenstat-Walker forcing term of the
 * gradient norms ({@link EisenstatWalker}: 0.9 (||g_k|| / ||g_{k-1}||)^2 in [1e-10, 0.5]), which keeps
 * the local rate quadratic without solving far from a solution exactly; at most {@code cgIterations}
 * products per trial.
 *
 * <p><b>Radius and state.</b> At the start of a run, and whenever the iterate was moved by something
 * else ({@link WhereLeft}: an escape, a probe from a candidate), the radius restarts at
 * {@code max(||X||_F, Cauchy step length)} (one product) and the forcing sequence restarts: the scale of
 * X and the curvature along the gradient, both invariant to how A and b are scaled.
 *
 * <p><b>Gauge.</b> For r &gt; 1 the steps stay in the horizontal space {@code {D : X^T D symmetric}}
 * ({@link GaugeProjection}), orthogonal to the gauge directions {@code X Omega} along which h is constant:
 * at a minimum these are exact zero-curvature directions of H, which would otherwise send CG to the
 * boundary along a direction that changes nothing.
 *
 * <p>Cost of a trial: the CG products (three operator passes each) and one evaluation. Workspace is
 * created when the sizes change and reused otherwise; a step allocates nothing. Not thread-safe.
 */
public final class NewtonTrustRegion implements StepRule {
    static final double ACCEPT = 0.1, SHRINK_BELOW = 0.25, GROW_ABOVE = 0.75;
    static final double MIN_RELATIVE_RADIUS = 1e-14;

    private final int cgIterations;
    private final ForcingSequence forcing = EisenstatWalker.standard();
    private final WhereLeft left = new WhereLeft();
    private FactorHessian hessian;
    private SteihaugCg cg;
    private double[] d, product;
    private double radius = Double.NaN, trialRadius = Double.NaN;
    private SteihaugOutcome lastOutcome;
    private long trials, products;

    /** @param cgIterations Hessian products allowed per trial step, &gt;= 1 */
    public NewtonTrustRegion(int cgIterations) {
        if (cgIterations < 1)
            throw new SodInputException("trust region: the CG budget must be >= 1 iteration per step, got " + cgIterations);
        this.cgIterations = cgIterations;
    }

    @Override
    public void start() {
        left.forget();
    }

    @Override
    public boolean step(Iterate it) {
        bind(it);
        hessian.at(it);
        double[] g = it.gradient();
        int size = it.n() * it.r();
        double xNorm = Vectors.norm(it.x(), size);
        if (!left.stillAt(it)) {
            forcing.reset();
            radius = initialRadius(it, xNorm);
        }
        double tolerance = forcing.next(it.gradNorm());
        double h = it.h();
        while (radius > MIN_RELATIVE_RADIUS * Math.max(xNorm, Double.MIN_NORMAL)) {
            trialRadius = radius;
            SteihaugOutcome o = cg.solve(hessian, g, radius, tolerance, cgIterations, d);
            lastOutcome = o;
            products += o.iterations();
            double predicted = o.modelDecrease();
            if (!(predicted > LevenbergMarquardtRule.ROUNDING * h)) break; // a zero gradient, or rounding
            double[] x = it.x(), next = it.trialX();
            for (int i = 0; i < size; i++) next[i] = x[i] + d[i];
            double hn = it.evaluateTrial();
            trials++;
            double rho = hn <= it.divergenceLevel() ? (h - hn) / predicted : Double.NEGATIVE_INFINITY;
            if (!(rho >= SHRINK_BELOW)) radius = SHRINK_BELOW * o.stepNorm();
            else if (rho > GROW_ABOVE && o.hitBoundary()) radius *= 2;
            if (rho > ACCEPT) {
                it.acceptTrial();
                break;
            }
        }
        left.remember(it);
        return true;
    }

    /** {@code max(||X||_F, ||g||^3 / g^T H g)} (the Cauchy step's length when the curvature along g is positive), else 1. */
    private double initialRadius(Iterate it, double xNorm) {
        double start = xNorm;
        double gNorm = it.gradNorm();
        if (gNorm > 0) {
            hessian.apply(it.gradient(), product);
            products++;
            double curvature = Vectors.dot(it.gradient(), product, it.n() * it.r());
            if (curvature > 0) start = Math.max(start, gNorm * gNorm * gNorm / curvature);
        }
        return start > 0 && Double.isFinite(start) ? start : 1;
    }

    private void bind(Iterate it) {
        if (hessian != null && hessian.fits(it.n(), it.r(), it.m())) return;
        close();
        int size = it.n() * it.r();
        hessian = new FactorHessian(it.n(), it.r(), it.m());
        cg = new SteihaugCg(size);
        d = new double[size];
        product = new double[size];
        left.forget();
    }

    /** The current radius (NaN before the first step). */
    public double radius() {
        return radius;
    }

    /** The radius the last trial step was solved within. */
    double lastTrialRadius() {
        return trialRadius;
    }

    /** The last truncated-CG solve (overwritten by the next), or null before the first. */
    public SteihaugOutcome lastOutcome() {
        return lastOutcome;
    }

    /** The last trial step (a view, valid until the next step). */
    double[] lastStep() {
        return d;
    }

    /** Trial evaluations since construction. */
    public long trials() {
        return trials;
    }

    /** Hessian products since construction. */
    public long products() {
        return products;
    }

    @Override
    public void close() {
        if (hessian != null) hessian.close();
        hessian = null;
    }
}
