package sod.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import sod.SodInputException;
import sod.operators.EntryWeightedSparse;
import sod.operators.SensingOperator;

/**
 * Symmetric matrix completion on Apache Spark: the operator of {@link EntryWeightedSparse} (one
 * measurement per observed pair i &lt;= j, unit weights, {@code <A_k, M> = M_ij}) with its observations
 * in row blocks on the executors ({@link CompletionBlock}), so that sod's own {@link sod.solver.Solver}
 * runs unchanged on the driver. Every result is bitwise the single-machine operator's on the same data,
 * for every partition count: each task runs sod's kernels on whole rows in the single machine's order,
 * gradient rows are collected by partition index (never added across partitions), and h is the sum of
 * the single machine's per-chunk partial sums in chunk order ({@link RowPlan}).
 *
 * <h2>Traffic</h2>
 * {@link #residualAndGradient}, the hot path: X broadcast (n r 8 bytes to each executor), one task per
 * block, the gradient rows and the per-chunk sums collected (n r 8 bytes plus 8 per chunk). The residuals
 * stay on the executors as a cached RDD ({@link BlockEvaluation}). The solver's API still hands over a
 * length-m residual array; with {@link Residuals#ON_DEMAND} the operator owes it the values and copies
 * them (m 8 bytes) only when that same array object is next passed to the operator (as y of
 * {@link #adjointMap}, {@link #adjointTimes} or {@link #adjoint}): that is at an escape attempt, when the
 * solver is about to read it, never in a plain descent step. Products with such a y use the cached
 * residuals, not the array. Each Lanczos product of the SOD check is a broadcast of v (n 8 bytes) and a
 * collect of n values. {@link #measure} has to return m values to the driver, and {@code adjointTimes}
 * with a y the operator did not produce has to broadcast it: m 8 bytes each, forced by the API; the
 * solver calls them a few times per escape attempt.
 *
 * <p>The premise of ON_DEMAND is that the solver changes a residual array only through the operator,
 * which holds for GD and GD+SOD in sod.solver; a caller that reads the residual array right after
 * {@code residualAndGradient} (e.g. Levenberg-Marquardt) must use {@link Residuals#EAGER}.
 *
 * <p>Not thread-safe (as every {@link SensingOperator}); {@link #close} unpersists everything, and stops
 * the SparkSession when the operator was given it to own.
 */
public final class SparkCompletionOperator implements SensingOperator {

    /** When the driver's residual arrays get their values. */
    public enum Residuals {
        /** When the array is next passed to the operator (the hot path moves no length-m vector). */
        ON_DEMAND,
        /** Right away, in every {@code residualAndGradient} (m 8 bytes per evaluation). */
        EAGER
    }

    /** One fused pass cached on the executors, with the broadcasts its lineage needs. */
    private record Evaluation(JavaRDD<BlockEvaluation> rdd, Broadcast<double[]> x, Broadcast<double[]> b) {}

    private final BlockSet set;
    private final JavaSparkContext jsc;
    private final JavaRDD<CompletionBlock> blocks;
    private final int n, m;
    private final Residuals residuals;
    private final TaskHook hook;
    private final AutoCloseable owned;
    private final TrackedResiduals<Evaluation> tracked;
    /** y on every block's local entries for the last {@link #adjointMap} call, released by the next one. */
    private JavaRDD<double[]> mapRdd;
    private Broadcast<double[]> mapY;
    /** The own-entry pattern on the driver, fetched once for {@link #adjoint}. */
    private List<int[][]> pattern;
    private boolean closed;

    /**
     * @param set       the distributed observations (the operator takes ownership)
     * @param residuals when the driver's residual arrays are filled
     * @param hook      called at the start of every task (tests), or {@link TaskHook#NONE}
     * @param owned     closed with the operator (e.g. the SparkSession it created), or null
     */
    public SparkCompletionOperator(BlockSet set, Residuals residuals, TaskHook hook, AutoCloseable owned) {
        this.set = set;
        this.blocks = set.blocks;
        this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
        this.n = set.n;
        this.m = set.m;
        this.residuals = residuals;
        this.hook = hook == null ? TaskHook.NONE : hook;
        this.owned = owned;
        this.tracked = new TrackedResiduals<>(this::fill, this::release);
    }

    public SparkCompletionOperator(BlockSet set) {
        this(set, Residuals.ON_DEMAND, TaskHook.NONE, null);
    }

    /** The observations' values in global order: the b this operator keeps on the executors. */
    public double[] b() {
        return set.b;
    }

    public int partitions() {
        return set.partitions();
    }

    /** The rows of every partition (for tests and reports). */
    RowPlan plan() {
        return set.plan;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return m;
    }

    /** The number of row blocks (Spark tasks per pass). */
    @Override
    public int threads() {
        return set.partitions();
    }

    // ---- the hot path ----

    @Override
    public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
        checkOpen();
        checkFactor("x", x, r);
        checkLength("b", b, m);
        checkLength("residual", residual, m);
        checkFactor("grad", grad, r);
        Broadcast<double[]> xb = jsc.broadcast(Arrays.copyOf(x, n * r));
        // b is the operator's own in sod's solver (identity); any other b travels once per call
        Broadcast<double[]> bb = b == set.b ? null : jsc.broadcast(Arrays.copyOf(b, m));
        TaskHook h = hook;
        JavaRDD<BlockEvaluation> rdd = blocks.map(block -> {
            h.before("evaluate");
            return block.evaluate(xb.value(), r, bb == null ? block.b : block.localEntries(bb.value()));
        }).persist(StorageLevel.MEMORY_AND_DISK());
        Evaluation evaluation = new Evaluation(rdd, xb, bb);
        List<BlockEvaluation.GradientPart> parts;
        try {
            parts = rdd.map(BlockEvaluation::part).collect();
        } catch (Exception e) {
            release(evaluation);
            throw SparkErrors.unwrap(e);
        }
        double sum = 0;
        for (int p = 0; p < parts.size(); p++) {
            BlockEvaluation.GradientPart part = parts.get(p);
            System.arraycopy(part.gradient(), 0, grad, set.plan.firstRow(p) * r, part.gradient().length);
            for (double c : part.chunkH()) sum += c; // chunk order: partitions in order, chunks in order
        }
        tracked.record(residual, evaluation);
        if (residuals == Residuals.EAGER) tracked.filled(residual);
        return 0.5 * sum;
    }

    /** Copies a tracked evaluation's own residuals into its driver array. */
    private void fill(TrackedResiduals.Entry<Evaluation> entry) {
        TaskHook h = hook;
        List<double[]> parts = collect(blocks.zipPartitions(entry.evaluation.rdd(), (bs, es) -> {
            h.before("fill");
            CompletionBlock block = bs.next();
            return List.of(Arrays.copyOf(es.next().residual(), block.ownEntries)).iterator();
        }));
        for (int p = 0; p < parts.size(); p++) System.arraycopy(parts.get(p), 0, entry.array, set.firstEntry[p], parts.get(p).length);
    }

    private void release(Evaluation e) {
        e.rdd().unpersist(false);
        e.x().destroy();
        if (e.b() != null) e.b().destroy();
    }

    // ---- products ----

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        checkOpen();
        checkFactor("u", u, k);
        checkFactor("v", v, k);
        checkLength("out", out, m);
        checkWidth(k);
        tracked.forget(out);
        Broadcast<double[]> ub = jsc.broadcast(Arrays.copyOf(u, n * k));
        Broadcast<double[]> vb = u == v ? ub : jsc.broadcast(Arrays.copyOf(v, n * k));
        TaskHook h = hook;
        try {
            List<double[]> parts = collect(blocks.map(block -> {
                h.before("measure");
                return block.measure(ub.value(), vb.value(), k);
            }));
            for (int p = 0; p < parts.size(); p++) System.arraycopy(parts.get(p), 0, out, set.firstEntry[p], parts.get(p).length);
        } finally {
            ub.destroy();
            if (vb != ub) vb.destroy();
        }
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        checkOpen();
        checkLength("y", y, m);
        checkFactor("v", v, k);
        checkFactor("out", out, k);
        checkWidth(k);
        tracked.forget(out);
        TrackedResiduals.Entry<Evaluation> entry = tracked.filled(y);
        Broadcast<double[]> vb = jsc.broadcast(Arrays.copyOf(v, n * k));
        Broadcast<double[]> yb = entry != null ? null : jsc.broadcast(Arrays.copyOf(y, m));
        TaskHook h = hook;
        try {
            JavaRDD<double[]> rows = entry != null
                    ? blocks.zipPartitions(entry.evaluation.rdd(), (bs, es) -> {
                        h.before("adjoint");
                        return List.of(bs.next().adjointTimes(es.next().residual(), vb.value(), k)).iterator();
                    })
                    : blocks.map(block -> {
                        h.before("adjoint");
                        return block.adjointTimes(block.localEntries(yb.value()), vb.value(), k);
                    });
            placeRows(collect(rows), k, out);
        } finally {
            vb.destroy();
            if (yb != null) yb.destroy();
        }
    }

    /**
     * The map of {@code A*(y)} for the Lanczos products of the SOD check: y is laid out once on the
     * executors (from the cached residuals when y is a residual array this operator wrote, else one
     * broadcast), then each product is one broadcast of v and one collect of n k values, bitwise equal
     * to {@link #adjointTimes} (as on one machine, whose map is its adjointTimes: the pair pass needs no
     * rearranged y). Valid until the next call.
     */
    @Override
    public AdjointMap adjointMap(double[] y) {
        checkOpen();
        checkLength("y", y, m);
        releaseMap();
        TrackedResiduals.Entry<Evaluation> entry = tracked.filled(y);
        TaskHook h = hook;
        if (entry != null) {
            mapRdd = entry.evaluation.rdd().map(e -> {
                h.before("map-prepare");
                return e.residual();
            });
        } else {
            Broadcast<double[]> yb = jsc.broadcast(Arrays.copyOf(y, m));
            mapY = yb;
            mapRdd = blocks.map(block -> {
                h.before("map-prepare");
                return block.localEntries(yb.value());
            });
        }
        mapRdd.persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<double[]> map = mapRdd;
        return (v, k, out) -> {
            checkFactor("v", v, k);
            checkFactor("out", out, k);
            checkWidth(k);
            Broadcast<double[]> vb = jsc.broadcast(Arrays.copyOf(v, n * k));
            try {
                placeRows(collect(blocks.zipPartitions(map, (bs, ys) -> {
                    h.before("map");
                    return List.of(bs.next().adjointTimes(ys.next(), vb.value(), k)).iterator();
                })), k, out);
            } finally {
                vb.destroy();
            }
        };
    }

    private void releaseMap() {
        if (mapRdd != null) mapRdd.unpersist(false);
        if (mapY != null) mapY.destroy();
        mapRdd = null;
        mapY = null;
    }

    /**
     * {@code A*(y)} as a dense n x n matrix on the driver (n up to {@link EntryWeightedSparse#MAX_DENSE_ADJOINT_N},
     * as on one machine): the pattern is fetched once (8 bytes per observation), then it is a driver loop.
     */
    @Override
    public void adjoint(double[] y, double[] g) {
        checkOpen();
        if (n > EntryWeightedSparse.MAX_DENSE_ADJOINT_N)
            throw new UnsupportedOperationException("sparse completion operator: n = " + n + " is too large to form A*(y) as a dense n x n matrix (limit "
                    + EntryWeightedSparse.MAX_DENSE_ADJOINT_N + "); use adjointTimes");
        checkLength("y", y, m);
        checkLength("g", g, (long) n * n);
        tracked.forget(g);
        tracked.filled(y);
        if (pattern == null) pattern = collect(blocks.map(CompletionBlock::ownPattern));
        Arrays.fill(g, 0, n * n, 0.0);
        for (int p = 0; p < pattern.size(); p++) {
            int[] start = pattern.get(p)[0], cols = pattern.get(p)[1];
            int lo = set.plan.firstRow(p), e0 = set.firstEntry[p];
            for (int k = 0; k + 1 < start.length; k++) {
                int i = lo + k;
                for (int e = start[k]; e < start[k + 1]; e++) {
                    int j = cols[e];
                    double half = 0.5 * y[e0 + e];
                    g[i * n + j] += half;
                    g[j * n + i] += half;
                }
            }
        }
    }

    private void placeRows(List<double[]> parts, int k, double[] out) {
        for (int p = 0; p < parts.size(); p++) System.arraycopy(parts.get(p), 0, out, set.plan.firstRow(p) * k, parts.get(p).length);
    }

    private static <T> List<T> collect(JavaRDD<T> rdd) {
        try {
            return rdd.collect();
        } catch (Exception e) {
            throw SparkErrors.unwrap(e);
        }
    }

    // ---- statistics: the same model as EntryWeightedSparse (the executors' memory traffic) ----

    @Override
    public long bytesPerIteration(int r) {
        long lower = m - set.diagonal;
        long perUpper = Integer.BYTES + 2L * Double.BYTES;
        long xRows = (long) m + 2L * lower + 3L * n; // gathered rows, scattered gradient rows, own rows
        return perUpper * m + 8L * (n + 1) + xRows * r * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return (double) m * (4.0 * r + 4.0) + (double) (m - set.diagonal) * 2.0 * r;
    }

    /** Bytes one {@link #residualAndGradient} moves between driver and executors: X out, gradient back. */
    public long networkBytesPerIteration(int r, int executors) {
        return 8L * n * r * executors + 8L * n * r + 8L * set.plan.chunks();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            tracked.clear();
            releaseMap();
            set.unpersist();
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the Spark session failed: " + e, e);
                }
            }
        }
    }

    // ---- checks (the messages of sod's operators) ----

    private void checkOpen() {
        if (closed) throw new IllegalStateException("operator closed");
    }

    private void checkFactor(String name, double[] a, int k) {
        if (a == null || a.length < (long) n * k)
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected n*k = " + (long) n * k
                    + " (n = " + n + ", k = " + k + ")");
    }

    private static void checkLength(String name, double[] a, long expected) {
        if (a == null || a.length < expected)
            throw new SodInputException(name + " has " + (a == null ? 0 : a.length) + " entries, expected " + expected);
    }

    private static void checkWidth(int k) {
        if (k < 1) throw new SodInputException("factor width k = " + k + " must be >= 1");
    }
}
