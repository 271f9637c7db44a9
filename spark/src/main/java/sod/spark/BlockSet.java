package sod.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import sod.SodInputException;

/**
 * The distributed operator's data: {@link CompletionBlock}s, one per partition, cached on the
 * executors, with what the driver needs to assemble results (the row plan, each partition's first
 * observation, m, the diagonal count) and b in global observation order (the solver's API keeps b on
 * the driver).
 *
 * <h2>Build (two shuffles, both of a few large primitive-array batches per task)</h2>
 * <ol>
 *   <li>Row degrees (integers, so their reduction is exact in any order) give the single machine's h
 *       chunks and the {@link RowPlan}.</li>
 *   <li>Every observation, as (min, max), goes to the owner of its row: {@link OwnRows} sorts it into CSR
 *       order and merges repeats. Their counts give each partition's first global observation.</li>
 *   <li>Each observation whose column belongs to another partition goes there too, with its global
 *       index: the ghost entries that let every partition compute whole gradient rows.</li>
 * </ol>
 * Everything is a function of the data and the partition count: task order, retries and shuffle
 * arrival order change nothing.
 */
public final class BlockSet {
    final RowPlan plan;
    final JavaRDD<CompletionBlock> blocks;
    final int n, m;
    /** Global index of each partition's first own observation (length partitions + 1, last = m). */
    final int[] firstEntry;
    /** Observations on the diagonal. */
    final long diagonal;
    /** b = the observed values in global (i, j) order. */
    final double[] b;

    private BlockSet(RowPlan plan, JavaRDD<CompletionBlock> blocks, int n, int m, int[] firstEntry, long diagonal, double[] b) {
        this.plan = plan;
        this.blocks = blocks;
        this.n = n;
        this.m = m;
        this.firstEntry = firstEntry;
        this.diagonal = diagonal;
        this.b = b;
    }

    public int n() {
        return n;
    }

    public int m() {
        return m;
    }

    public int partitions() {
        return plan.partitions();
    }

    /** The observed values in global (i, j) order (i &lt;= j, row by row): the problem's b. */
    public double[] b() {
        return b;
    }

    /**
     * Reads, checks and distributes the observations.
     *
     * @param n          the dimension, or 0 for the largest index + 1
     * @param partitions the number of row blocks (>= 1)
     */
    public static BlockSet load(ObservationInput input, int n, int partitions) {
        if (partitions < 1) throw new SodInputException("spark: --partitions must be >= 1, got " + partitions);
        if (n < 0) throw new SodInputException("--n must be >= 1, got " + n);
        ObservationInput.Summary summary = input.check(n);
        int dim = n > 0 ? n : (int) (summary.maxIndex() + 1);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(input.rows().sparkSession().sparkContext());
        JavaRDD<EntryBatch> batches = input.rows().select("i", "j", "value").javaRDD()
                .mapPartitions(BlockSet::toBatch).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return build(jsc, batches, dim, partitions);
        } catch (Exception e) { // SparkException is checked for javac, though never declared
            RuntimeException u = SparkErrors.unwrap(e);
            if (u instanceof SodInputException) throw new SodInputException(input.describe() + ": " + u.getMessage(), e);
            throw u;
        } finally {
            batches.unpersist(false);
        }
    }

    /** The blocks from batches of observations with {@code 0 <= i, j < n} (either triangle). */
    static BlockSet build(JavaSparkContext jsc, JavaRDD<EntryBatch> batches, int n, int partitions) {
        int[] degree = batches.map(batch -> degrees(batch, n)).treeReduce(BlockSet::addInto);
        RowPlan plan = RowPlan.of(degree, partitions);
        IdentityPartitioner byOwner = new IdentityPartitioner(partitions);

        JavaRDD<OwnRows> own = batches.mapPartitionsToPair(it -> routeUpper(it, plan))
                .partitionBy(byOwner).values()
                .mapPartitionsWithIndex((p, it) -> List.of(OwnRows.build(p, plan, drain(it))).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Integer> counts = own.map(OwnRows::size).collect();
            int[] first = new int[partitions + 1];
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                total += counts.get(p);
                if (total > Integer.MAX_VALUE - 8)
                    throw new SodInputException("spark: more than 2^31 observations; one operator holds at most " + (Integer.MAX_VALUE - 8));
                first[p + 1] = (int) total;
            }
            int m = (int) total;
            JavaRDD<EntryBatch> ghosts = own.mapPartitionsToPair(it -> routeGhosts(it, plan, first))
                    .partitionBy(byOwner).values();
            JavaRDD<CompletionBlock> blocks = own.zipPartitions(ghosts,
                            (mine, theirs) -> {
                        OwnRows o = mine.next();
                        return List.of(CompletionBlock.build(o, drain(theirs), plan, first[o.partition])).iterator();
                    })
                    .persist(StorageLevel.MEMORY_AND_DISK());
            List<double[]> values = blocks.map(b -> java.util.Arrays.copyOf(b.b, b.ownEntries)).collect();
            double[] b = new double[m];
            for (int p = 0; p < partitions; p++) System.arraycopy(values.get(p), 0, b, first[p], values.get(p).length);
            long diagonal = blocks.map(CompletionBlock::diagonalEntries).reduce(Long::sum);
            return new BlockSet(plan, blocks, n, m, first, diagonal, b);
        } finally {
            own.unpersist(false);
        }
    }

    private static Iterator<EntryBatch> toBatch(Iterator<Row> rows) {
        EntryBatch batch = new EntryBatch(1 << 12, false);
        while (rows.hasNext()) {
            Row r = rows.next();
            long i = r.getLong(0), j = r.getLong(1);
            batch.add((int) Math.min(i, j), (int) Math.max(i, j), r.getDouble(2));
        }
        return List.of(batch.trim()).iterator();
    }

    private static int[] degrees(EntryBatch batch, int n) {
        int[] d = new int[n];
        for (int k = 0; k < batch.size; k++) {
            d[batch.rows[k]]++;
            if (batch.cols[k] != batch.rows[k]) d[batch.cols[k]]++;
        }
        return d;
    }

    private static int[] addInto(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }

    private static <T> List<T> drain(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    /** Each observation to the owner of its row i (i &lt;= j). */
    private static Iterator<Tuple2<Integer, EntryBatch>> routeUpper(Iterator<EntryBatch> it, RowPlan plan) {
        EntryBatch[] out = new EntryBatch[plan.partitions()];
        while (it.hasNext()) {
            EntryBatch batch = it.next();
            for (int k = 0; k < batch.size; k++) {
                int p = plan.owner(batch.rows[k]);
                if (out[p] == null) out[p] = new EntryBatch(1 << 10, false);
                out[p].add(batch.rows[k], batch.cols[k], batch.values[k]);
            }
        }
        return pairs(out);
    }

    /** Each own observation whose column another partition owns, to that partition, with its global index. */
    private static Iterator<Tuple2<Integer, EntryBatch>> routeGhosts(Iterator<OwnRows> it, RowPlan plan, int[] first) {
        EntryBatch[] out = new EntryBatch[plan.partitions()];
        while (it.hasNext()) {
            OwnRows own = it.next();
            for (int k = 0; k < own.hi - own.lo; k++) {
                for (int e = own.rowStart[k]; e < own.rowStart[k + 1]; e++) {
                    int j = own.cols[e];
                    if (j < own.hi) continue;
                    int q = plan.owner(j);
                    if (out[q] == null) out[q] = new EntryBatch(1 << 10, true);
                    out[q].add(own.lo + k, j, own.values[e], first[own.partition] + e);
                }
            }
        }
        return pairs(out);
    }

    private static Iterator<Tuple2<Integer, EntryBatch>> pairs(EntryBatch[] out) {
        List<Tuple2<Integer, EntryBatch>> list = new ArrayList<>();
        for (int p = 0; p < out.length; p++) if (out[p] != null) list.add(new Tuple2<>(p, out[p].trim()));
        return list.iterator();
    }

    void unpersist() {
        blocks.unpersist(false);
    }
}
