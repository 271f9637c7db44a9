package sod.operators;

import java.util.Arrays;

/**
 * Consecutive rows of a {@link SymmetricPattern} grouped into chunks of about {@code chunkWork} work
 * each (rows plus list entries): a function of the pattern alone, so per-chunk partial sums added in
 * chunk order give the same bits for every thread count. Each thread owns a contiguous range of chunks
 * with about equal work.
 */
final class RowChunks {

    /** {@code rowStart[c] .. rowStart[c+1]-1} are the rows of chunk c. */
    private final int[] rowStart;
    /** {@code threadStart[t] .. threadStart[t+1]-1} are thread t's chunks. */
    private final int[] threadStart;

    RowChunks(SymmetricPattern pattern, int chunkWork, int threads) {
        int n = pattern.n;
        this.rowStart = rowStarts(n, i -> pattern.work(i, i + 1), chunkWork);
        int chunks = rowStart.length - 1;
        long total = pattern.work(0, n);
        this.threadStart = new int[threads + 1];
        long done = 0;
        int c = 0;
        for (int t = 1; t < threads; t++) {
            long target = total * t / threads;
            while (c < chunks && done + chunkWork(pattern, c) <= target) done += chunkWork(pattern, c++);
            threadStart[t] = c;
        }
        threadStart[threads] = chunks;
    }

    /**
     * The chunk boundaries alone: consecutive rows are added to a chunk until its work reaches
     * {@code chunkWork} (or the last row); returns the first row of every chunk followed by n.
     */
    static int[] rowStarts(int n, java.util.function.IntToLongFunction rowWork, int chunkWork) {
        int[] starts = new int[16];
        int chunks = 0;
        long work = 0;
        starts[0] = 0;
        for (int i = 0; i < n; i++) {
            work += rowWork.applyAsLong(i);
            if (work >= chunkWork || i == n - 1) {
                if (chunks + 2 > starts.length) starts = Arrays.copyOf(starts, 2 * starts.length);
                starts[++chunks] = i + 1;
                work = 0;
            }
        }
        return Arrays.copyOf(starts, chunks + 1);
    }

    private long chunkWork(SymmetricPattern pattern, int c) {
        return pattern.work(rowStart[c], rowStart[c + 1]);
    }

    int count() {
        return rowStart.length - 1;
    }

    /** First row of chunk c ({@code c = count()} gives n). */
    int firstRow(int chunk) {
        return rowStart[chunk];
    }

    /** First chunk of thread t ({@code t = threads} gives {@link #count()}). */
    int firstChunk(int thread) {
        return threadStart[thread];
    }

    /** First row of thread t's range. */
    int firstRowOf(int thread) {
        return rowStart[threadStart[thread]];
    }

    /** Bytes of the partition. */
    long bytes() {
        return 4L * rowStart.length;
    }
}
