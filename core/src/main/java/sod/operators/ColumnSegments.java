package sod.operators;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * How the pair pass of {@link EntryWeightedSparse} ({@code sod.kernels.SparsePairKernels}) is split over
 * threads without changing a bit: thread t takes the entries whose column lies in its segment
 * {@code [colStart(t), colStart(t+1))} (about equal entry counts), from every row that has some, visiting
 * rows in ascending order chunk by chunk ({@link RowChunks}). Thread t owns the output rows of its
 * segment until it has passed them; a row i of an earlier segment carries its running sum from thread
 * t-1 to thread t, so thread t starts chunk c only after thread t-1 has finished it (a pipeline; thread 0
 * never waits). Each row then receives its terms in the one order of a single-threaded pass: the pairs
 * (j', i) in ascending j', then its own entries in ascending column.
 *
 * <p>Memory: per segment boundary one int per row (where each row's entries cross it).
 */
final class ColumnSegments {

    private static final VarHandle DONE = MethodHandles.arrayElementVarHandle(int[].class);
    /** Ints between two threads' progress counters: one cache line each, so spinning does not share lines. */
    private static final int STRIDE = 16;
    /** Busy-wait rounds before yielding the core (the machine's cores are shared). */
    private static final int SPINS = 1 << 10;

    private final int[] colStart;
    /** {@code bound[t][i]}: row i's first entry with column >= colStart(t); t = threads is the row's end. */
    private final int[][] bound;
    /** One past the last chunk with a row below thread t's segment end. */
    private final int[] chunkEnd;
    /** Chunks finished by thread t in the pass under way, at {@code t * STRIDE}. */
    private final int[] done;
    private final RowChunks chunks;

    ColumnSegments(SymmetricPattern pattern, RowChunks chunks, int threads) {
        int n = pattern.n;
        int[] start = pattern.upperStart, cols = pattern.upperCols;
        this.chunks = chunks;
        int[] perColumn = new int[n + 1];
        for (int col : cols) perColumn[col + 1]++;
        for (int j = 0; j < n; j++) perColumn[j + 1] += perColumn[j];
        long m = perColumn[n];
        colStart = new int[threads + 1];
        colStart[threads] = n;
        int j = 0;
        for (int t = 1; t < threads; t++) {
            long target = m * t / threads;
            while (j < n && perColumn[j] < target) j++;
            colStart[t] = j;
        }
        bound = new int[threads + 1][];
        bound[0] = start;
        bound[threads] = Arrays.copyOfRange(start, 1, n + 1);
        for (int t = 1; t < threads; t++) {
            int[] first = new int[n];
            int c0 = colStart[t];
            for (int i = 0; i < n; i++) {
                int e = start[i], end = start[i + 1];
                while (e < end && cols[e] < c0) e++;
                first[i] = e;
            }
            bound[t] = first;
        }
        chunkEnd = new int[threads];
        for (int t = 0; t < threads; t++) {
            int c = 0;
            while (c < chunks.count() && chunks.firstRow(c) < colStart[t + 1]) c++;
            chunkEnd[t] = c;
        }
        done = new int[threads * STRIDE];
    }

    /** First column (and first owned output row) of thread t's segment; {@code t = threads} gives n. */
    int colStart(int t) {
        return colStart[t];
    }

    /** Row i's first entry in thread t's segment, at index i. */
    int[] from(int t) {
        return bound[t];
    }

    /** Row i's first entry past thread t's segment, at index i. */
    int[] to(int t) {
        return bound[t + 1];
    }

    /** One past thread t's last chunk. */
    int chunkEnd(int t) {
        return chunkEnd[t];
    }

    /** Before a pass, on the calling thread (the gang's hand-over publishes it). */
    void reset() {
        Arrays.fill(done, 0);
    }

    /** Waits until thread t-1 has finished chunk c (thread 0 never waits). */
    void await(int t, int c) {
        if (t == 0) return;
        int at = (t - 1) * STRIDE;
        for (int spin = 0; (int) DONE.getAcquire(done, at) <= c; spin++) {
            if (spin < SPINS) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /** Thread t has finished its chunks below {@code c}. */
    void finished(int t, int c) {
        DONE.setRelease(done, t * STRIDE, c);
    }

    /** Thread t has finished its pass (every chunk). */
    void finishedAll(int t) {
        finished(t, chunks.count());
    }

    /** Bytes of the boundaries and counters. */
    long bytes() {
        long bytes = 4L * (colStart.length + chunkEnd.length + done.length);
        for (int t = 1; t < bound.length; t++) bytes += 4L * bound[t].length;
        return bytes;
    }
}
