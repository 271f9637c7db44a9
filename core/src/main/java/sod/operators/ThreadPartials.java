package sod.operators;

/**
 * One private heap partial sum per thread (e.g. of an n x r gradient) for passes whose threads would
 * otherwise write the same entries, and their reduction in thread order. The reduction itself runs in
 * parallel over slices of the result, each slice summed {@code part 0 + part 1 + ...}, so the result
 * depends on the thread count but not on timing.
 */
final class ThreadPartials {

    private final int threads;
    private double[][] parts;
    private int capacity;

    ThreadPartials(int threads) {
        this.threads = threads;
    }

    /** Makes every part hold at least {@code length} doubles (contents lost when it grows). */
    void ensure(int length) {
        if (parts == null || capacity < length) {
            capacity = length;
            parts = new double[threads][capacity];
        }
    }

    double[] part(int thread) {
        return parts[thread];
    }

    /** Thread {@code t}'s slice of {@code out[0, length) = sum_p part(p)}, summed in thread order. */
    void reduceSlice(int t, int length, double[] out) {
        int lo = WorkerGang.rangeStart(length, threads, t), hi = WorkerGang.rangeStart(length, threads, t + 1);
        System.arraycopy(parts[0], lo, out, lo, hi - lo);
        for (int p = 1; p < threads; p++) {
            double[] g = parts[p];
            for (int q = lo; q < hi; q++) out[q] += g[q];
        }
    }
}
