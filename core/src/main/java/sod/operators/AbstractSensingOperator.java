package sod.operators;

import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;
import sod.SodInputException;
import sod.kernels.Kernels;

/**
 * What every operator shares, so that one only writes its passes: the dimensions, the worker gang,
 * the argument checks, the sign workspace of the l1 pass by measure, the parked arguments of the
 * parallel passes and close.
 *
 * <p>The public methods of {@link SensingOperator} check their arguments here (arrays may be longer
 * than needed, never shorter; widths are at least 1) and hand over to the {@code ...Checked} hooks,
 * which may assume valid arguments. {@link #residualAndGradientChecked} and
 * {@link #residualAndSubgradientL1Checked} default to the passes through {@code measure} and
 * {@code adjointTimes}; operators with a fused pass override them.
 *
 * <p>A parallel pass parks its arguments in {@link #parked}, then calls {@link #runParts}, which runs a
 * preallocated task once per part {@code t < threads()} and clears the parked arrays. The partition into
 * parts is the operator's (e.g. {@link #measurementStart}); since it depends only on the thread count,
 * results do too, never on timing.
 */
abstract class AbstractSensingOperator implements SensingOperator {

    /** Matrix dimension. */
    protected final int n;
    /** Number of measurements. */
    protected final int m;
    protected final WorkerGang gang;
    /** Arguments of the parallel pass under way. */
    protected final ParkedCall parked = new ParkedCall();
    /** sign(residual) of the l1 pass by measure, allocated at its first use. */
    private double[] l1Signs;
    private boolean closed;

    /**
     * @param workerName prefix of the worker threads' names
     * @throws IllegalArgumentException if threads < 1 (operators check their inputs before this, with
     *                                  their own messages)
     */
    AbstractSensingOperator(int n, int m, int threads, String workerName) {
        this.n = n;
        this.m = m;
        this.gang = new WorkerGang(threads, workerName);
    }

    /** {@code value}, or a {@link SodInputException} "name = value must be >= 1". */
    static int atLeastOne(String name, int value) {
        if (value < 1) throw new SodInputException(name + " = " + value + " must be >= 1");
        return value;
    }

    @Override
    public final int n() {
        return n;
    }

    @Override
    public final int m() {
        return m;
    }

    @Override
    public final int threads() {
        return gang.size();
    }

    /** Ids of the worker threads started so far (for the allocation tests). */
    final long[] workerThreadIds() {
        return gang.workerThreadIds();
    }

    // ---- the public methods: checks, then the hooks ----

    @Override
    public final void measure(double[] u, double[] v, int k, double[] out) {
        checkFactor("u", u, k);
        checkFactor("v", v, k);
        checkLength("out", out, m);
        checkWidth(k);
        measureChecked(u, v, k, out);
    }

    @Override
    public final void adjointTimes(double[] y, double[] v, int k, double[] out) {
        checkLength("y", y, m);
        checkProduct(v, k, out);
        adjointTimesChecked(y, v, k, out);
    }

    @Override
    public final AdjointMap adjointMap(double[] y) {
        checkLength("y", y, m);
        return adjointMapChecked(y);
    }

    /** Not final: an operator that cannot form {@code A*(y)} densely overrides it to refuse first. */
    @Override
    public void adjoint(double[] y, double[] g) {
        checkLength("y", y, m);
        checkLength("g", g, (long) n * n);
        adjointChecked(y, g);
    }

    @Override
    public final double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        checkFused(x, r, b, residual, grad);
        return residualAndGradientChecked(x, r, b, residual, grad);
    }

    @Override
    public final double residualAndSubgradientL1(double[] x, int r, double[] b, double[] residual, double[] grad) {
        checkFused(x, r, b, residual, grad);
        return residualAndSubgradientL1Checked(x, r, b, residual, grad);
    }

    // ---- the hooks ----

    /** {@link #measure} with checked arguments. */
    protected abstract void measureChecked(double[] u, double[] v, int k, double[] out);

    /** {@link #adjointTimes} with checked arguments. */
    protected abstract void adjointTimesChecked(double[] y, double[] v, int k, double[] out);

    /** {@link #adjoint} with checked arguments. */
    protected abstract void adjointChecked(double[] y, double[] g);

    /**
     * {@link #adjointMap} with a checked y. The default calls {@link #adjointTimes} per product; an
     * operator that can rearrange y once overrides it, checking each product with {@link #checkProduct}.
     */
    protected AdjointMap adjointMapChecked(double[] y) {
        return (v, k, out) -> adjointTimes(y, v, k, out);
    }

    /** {@link #residualAndGradient} with checked arguments; defaults to measure then adjointTimes. */
    protected double residualAndGradientChecked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        return SensingOperator.super.residualAndGradient(x, r, b, residual, grad);
    }

    /**
     * {@link #residualAndSubgradientL1} with checked arguments; defaults to measure then adjointTimes
     * with a sign workspace this operator owns.
     */
    protected double residualAndSubgradientL1Checked(double[] x, int r, double[] b, double[] residual, double[] grad) {
        if (l1Signs == null || l1Signs.length != residual.length) l1Signs = new double[residual.length];
        return SensingOperator.subgradientL1ByMeasure(this, x, r, b, residual, l1Signs, grad);
    }

    /** Frees what the operator holds besides the gang (off-heap storage); called once by {@link #close}. */
    protected void release() {
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        gang.close();
        release();
    }

    // ---- checks ----

    /** The checks of an {@link AdjointMap} product {@code out = A*(y) V}. */
    protected final void checkProduct(double[] v, int k, double[] out) {
        checkFactor("v", v, k);
        checkFactor("out", out, k);
        checkWidth(k);
    }

    private void checkFused(double[] x, int r, double[] b, double[] residual, double[] grad) {
        checkFactor("x", x, r);
        checkLength("b", b, m);
        checkLength("residual", residual, m);
        checkFactor("grad", grad, r);
        checkWidth(r);
    }

    protected final void checkFactor(String name, double[] a, int k) {
        if (a == null || a.length < (long) n * k) {
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected n*k = "
                    + (long) n * k + " (n = " + n + ", k = " + k + ")");
        }
    }

    protected static void checkLength(String name, double[] a, long expected) {
        if (a == null || a.length < expected) {
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected " + expected);
        }
    }

    private static void checkWidth(int k) {
        if (k < 1) throw new SodInputException("factor width k = " + k + " must be >= 1");
    }

    // ---- parallel passes ----

    /** Runs {@code task(t)} for every part t on the gang, then clears the parked arguments. */
    protected final void runParts(IntConsumer task) {
        runParts(task, null, true);
    }

    /**
     * Runs {@code first(t)} for every part t, then {@code second(t)} (if not null), on the gang or, when
     * {@code onGang} is false (too little work to pay for a hand-over), one part after another on the
     * caller, which gives the same result; then clears the parked arguments.
     *
     * @throws IllegalStateException if the operator was closed
     */
    protected final void runParts(IntConsumer first, IntConsumer second, boolean onGang) {
        if (closed) throw new IllegalStateException("operator closed");
        try {
            runOnce(first, onGang);
            if (second != null) runOnce(second, onGang);
        } finally {
            parked.clear();
        }
    }

    private void runOnce(IntConsumer task, boolean onGang) {
        if (onGang) gang.run(task);
        else for (int t = 0; t < gang.size(); t++) task.accept(t);
    }

    /** First measurement of part t when the measurements are split into equal contiguous ranges. */
    protected final int measurementStart(int part) {
        return WorkerGang.rangeStart(m, gang.size(), part);
    }

    /**
     * Adds the per-worker partials 1, 2, ... (each {@code length} doubles, {@code partStride} apart)
     * onto partial 0 in worker order, so the sum depends on the thread count only.
     */
    protected final void sumPartialsIntoFirst(MemorySegment partials, long partStride, int length) {
        for (int w = 1; w < gang.size(); w++) Kernels.axpy(1.0, partials, w * partStride, partials, 0, length);
    }

    /** The loss of a fused pass from its residuals: {@code sum |r_i|} (l1) or {@code 1/2 sum r_i^2}. */
    protected final double lossOf(double[] residual, boolean l1) {
        double h = 0;
        if (l1) {
            for (int i = 0; i < m; i++) h += Math.abs(residual[i]);
        } else {
            for (int i = 0; i < m; i++) h += residual[i] * residual[i];
        }
        return l1 ? h : 0.5 * h;
    }

    /** Seed of the independent stream for item i of a generator seeded with {@code seed} (SplitMix64 finaliser). */
    static long streamSeed(long seed, long i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
