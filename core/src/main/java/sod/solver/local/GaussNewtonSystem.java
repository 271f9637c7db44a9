package sod.solver.local;

import sod.SodInputException;
import sod.operators.SensingOperator;

/**
 * The Gauss-Newton system of the factor problem {@code h(X) = 1/2 sum_i w_i r_i(X)^2} with
 * {@code r(X) = A(X X^T) - b}, X n x r (row-major, like every factor in sod), weights {@code w_i >= 0}
 * (all 1 when none are given).
 *
 * <p>The Jacobian at X is {@code J D = A(X D^T + D X^T) = 2 A_sym(X D^T)}, i.e. {@code 2 measure(X, D)};
 * its adjoint is {@code J^T y = 2 A*(y) X}. As a {@link LinearMap} the system is
 * {@code D -> J^T W J D = 4 A*(w o measure(X, D)) X}: one measure and one adjointTimes pass per
 * product. The gradient of h is {@code J^T W r = 2 A*(w o r) X}.
 *
 * <p>For r > 1, {@code J (X Omega) = A(X (Omega + Omega^T) X^T) = 0} for every skew r x r Omega: the
 * r(r-1)/2 gauge directions X -> X Q are in the null space of {@code J^T W J}. The gradient is
 * orthogonal to them (X^T A*(w o r) X is symmetric), so a damped step
 * {@code (J^T W J + mu I)^{-1} g} with mu > 0, and every CG iterate from 0, has no gauge component:
 * the damping handles the null space, no projection is needed.
 *
 * <p>The diagonal and the dense matrix of {@code J^T W J} come from a {@link GaussNewtonKernel},
 * the place where operators plug in faster paths. The system owns all its workspace; after
 * construction nothing is allocated. Not thread-safe (nor is the operator).
 */
public final class GaussNewtonSystem implements LinearMap {
    private final SensingOperator op;
    private final int n, r, m, size;
    private final double[] b, weights;
    private final double weightedDataNorm;
    private final GaussNewtonKernel kernel;

    private double[] x, residual, trialX, trialResidual;
    private final double[] weightedResidual, jacobianScratch, gradient;
    private double h = Double.NaN, trialH = Double.NaN, gradientNorm = Double.NaN;
    private long version;

    /** With the operator's kernel ({@link GaussNewtonKernel#forOperator}). */
    public GaussNewtonSystem(SensingOperator op, double[] b, int r, double[] weights) {
        this(op, b, r, weights, op == null ? null : GaussNewtonKernel.forOperator(op));
    }

    /**
     * @param op      the sensing operator (not closed by this system)
     * @param b       data, length m, finite; copied
     * @param r       factor rank, 1..n
     * @param weights per-measurement weights, length m, finite and >= 0, or null for all ones; copied
     * @param kernel  how the diagonal and dense matrix are formed
     */
    public GaussNewtonSystem(SensingOperator op, double[] b, int r, double[] weights, GaussNewtonKernel.Factory kernel) {
        if (op == null) throw new SodInputException("gauss-newton: the operator must be given");
        n = op.n();
        m = op.m();
        if (r < 1 || r > n) throw new SodInputException("gauss-newton: rank r = " + r + " must be between 1 and n = " + n);
        if ((long) n * r > Integer.MAX_VALUE / 2) throw new SodInputException("gauss-newton: n * r = " + (long) n * r + " is too large");
        this.r = r;
        size = n * r;
        this.op = op;
        if (b == null || b.length != m)
            throw new SodInputException("gauss-newton: b has " + (b == null ? 0 : b.length) + " entries, the operator has m = " + m);
        for (int i = 0; i < m; i++)
            if (!Double.isFinite(b[i])) throw new SodInputException("gauss-newton: b[" + i + "] is " + b[i] + "; data must be finite");
        this.b = b.clone();
        if (weights != null) {
            if (weights.length != m)
                throw new SodInputException("gauss-newton: weights has " + weights.length + " entries, needs one per measurement (m = " + m + ")");
            for (int i = 0; i < m; i++)
                if (!(weights[i] >= 0) || !Double.isFinite(weights[i]))
                    throw new SodInputException("gauss-newton: weight " + i + " is " + weights[i] + "; weights must be finite and >= 0");
            this.weights = weights.clone();
        } else {
            this.weights = null;
        }
        double s = 0;
        for (int i = 0; i < m; i++) s += weight(i) * this.b[i] * this.b[i];
        weightedDataNorm = Math.sqrt(s);
        x = new double[size];
        trialX = new double[size];
        residual = new double[m];
        trialResidual = new double[m];
        weightedResidual = new double[m];
        jacobianScratch = new double[m];
        gradient = new double[size];
        if (kernel == null) throw new SodInputException("gauss-newton: the kernel factory must be given");
        this.kernel = kernel.create(this);
    }

    private double weight(int i) {
        return weights == null ? 1.0 : weights[i];
    }

    /** Moves to X (n x r, finite; copied): residual, h and gradient there. Returns h. */
    public double setPoint(double[] point) {
        if (point == null || point.length != size)
            throw new SodInputException("gauss-newton: X has " + (point == null ? 0 : point.length) + " entries, needs n * r = " + size);
        for (int e = 0; e < size; e++)
            if (!Double.isFinite(point[e])) throw new SodInputException("gauss-newton: X[" + e + "] is " + point[e] + "; X must be finite");
        System.arraycopy(point, 0, x, 0, size);
        h = evaluate(x, residual);
        refreshGradient();
        return h;
    }

    /**
     * Moves to X whose residual {@code A(X X^T) - b}, h and gradient {@code 2 A*(residual) X} were computed
     * elsewhere (by a local method's {@link Iterate}): copies them, no operator pass. Only for a system
     * without weights, whose h and gradient are exactly those; not validated (a hot path).
     */
    public void setEvaluatedPoint(double[] point, double[] pointResidual, double pointH, double[] pointGradient) {
        if (weights != null) throw new IllegalStateException("an evaluated point is unweighted; this system has weights");
        System.arraycopy(point, 0, x, 0, size);
        System.arraycopy(pointResidual, 0, residual, 0, m);
        System.arraycopy(pointGradient, 0, gradient, 0, size);
        h = pointH;
        trialH = Double.NaN;
        gradientNorm = Vectors.norm(gradient, size);
        version++;
    }

    /** h at another point (n x r, not validated: a hot path) without moving there: one measure pass. Keep it with {@link #acceptTrial()}. */
    public double trial(double[] point) {
        System.arraycopy(point, 0, trialX, 0, size);
        trialH = evaluate(trialX, trialResidual);
        return trialH;
    }

    /** Moves to the last {@link #trial} point, reusing its residual: one adjoint pass for the gradient. */
    public void acceptTrial() {
        if (Double.isNaN(trialH)) throw new IllegalStateException("no trial point to accept");
        double[] t = x;
        x = trialX;
        trialX = t;
        t = residual;
        residual = trialResidual;
        trialResidual = t;
        h = trialH;
        trialH = Double.NaN;
        refreshGradient();
    }

    private double evaluate(double[] point, double[] res) {
        op.measure(point, point, r, res);
        double s = 0;
        for (int i = 0; i < m; i++) {
            double ri = res[i] - b[i];
            res[i] = ri;
            s += weight(i) * ri * ri;
        }
        return 0.5 * s;
    }

    private void refreshGradient() {
        for (int i = 0; i < m; i++) weightedResidual[i] = weight(i) * residual[i];
        jacobianTranspose(weightedResidual, gradient);
        gradientNorm = Vectors.norm(gradient, size);
        version++;
    }

    /** {@code out = J^T W J D}: one measure and one adjointTimes pass. */
    @Override
    public void apply(double[] d, double[] out) {
        op.measure(x, d, r, jacobianScratch);
        for (int i = 0; i < m; i++) jacobianScratch[i] *= 4 * weight(i);
        op.adjointTimes(jacobianScratch, x, r, out);
    }

    /** {@code out = J D = A(X D^T + D X^T)} (length m). */
    public void jacobian(double[] d, double[] out) {
        op.measure(x, d, r, out);
        for (int i = 0; i < m; i++) out[i] *= 2;
    }

    /** {@code out = J^T y = 2 A*(y) X} (n x r). */
    public void jacobianTranspose(double[] y, double[] out) {
        op.adjointTimes(y, x, r, out);
        for (int e = 0; e < size; e++) out[e] *= 2;
    }

    /** The diagonal of {@code J^T W J} (length n r), from the kernel. */
    public void diagonal(double[] out) {
        kernel.diagonal(out);
    }

    /** {@code J^T W J} as a dense symmetric nr x nr row-major matrix, from the kernel. */
    public void dense(double[] out) {
        kernel.dense(out);
    }

    /** The dense/CG crossover in n r with this system's kernel ({@link GaussNewtonKernel#denseCrossover}). */
    public int denseCrossover(int generic) {
        return kernel.denseCrossover(generic);
    }

    /** Operator passes one {@link #diagonal} costs with this system's kernel. */
    public double diagonalPasses() {
        return kernel.diagonalPasses();
    }

    @Override
    public int size() {
        return size;
    }

    public int n() {
        return n;
    }

    public int rank() {
        return r;
    }

    public int m() {
        return m;
    }

    public SensingOperator operator() {
        return op;
    }

    /** The current X (a view: do not modify; replaced by the next move). */
    public double[] point() {
        return x;
    }

    /** The weights (a view: do not modify), or null when all are 1. */
    public double[] weights() {
        return weights;
    }

    /** Unweighted residual {@code A(X X^T) - b} at X (a view). */
    public double[] residual() {
        return residual;
    }

    /** {@code J^T W r} at X, the gradient of h (a view). */
    public double[] gradient() {
        return gradient;
    }

    public double gradientNorm() {
        return gradientNorm;
    }

    /** h at X. */
    public double value() {
        return h;
    }

    /** {@code ||W^{1/2} r|| = sqrt(2 h)}. */
    public double residualNorm() {
        return Math.sqrt(2 * h);
    }

    /** {@code ||W^{1/2} r|| / ||W^{1/2} b||} (infinite for b = 0 unless r = 0). */
    public double relativeResidual() {
        double rn = residualNorm();
        return weightedDataNorm > 0 ? rn / weightedDataNorm : (rn == 0 ? 0 : Double.POSITIVE_INFINITY);
    }

    /** Counts moves, so that solvers can tell when cached per-point data (matrix, diagonal) is stale. */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "gauss-newton(n=" + n + ", r=" + r + ", m=" + m + (weights == null ? "" : ", weighted") + ")";
    }
}
