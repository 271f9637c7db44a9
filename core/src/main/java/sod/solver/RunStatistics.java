package sod.solver;

import java.util.Arrays;

/**
 * Where a run's time went: a ring of the latest iteration latencies (for p50 / p99) and the time spent
 * in eigensolves and in escape attempts. Preallocated; recording allocates nothing.
 */
final class RunStatistics {
    private static final int LATENCY_SAMPLES = 4096; // a power of two: the ring index is a mask

    private final long[] latency = new long[LATENCY_SAMPLES];
    private final long[] sorted = new long[LATENCY_SAMPLES];
    private int count;
    /** The sample count when {@link #sorted} was last filled (-1: never): p50 and p99 share one sort. */
    private int sortedAt = -1;
    private long eigenNanos, escapeNanos;

    void reset() {
        count = 0;
        sortedAt = -1;
        eigenNanos = 0;
        escapeNanos = 0;
    }

    void addLatency(long nanos) {
        latency[count++ & (LATENCY_SAMPLES - 1)] = nanos;
    }

    void addEigenNanos(long nanos) {
        eigenNanos += nanos;
    }

    void addEscapeNanos(long nanos) {
        escapeNanos += nanos;
    }

    double eigenSeconds() {
        return eigenNanos * 1e-9;
    }

    double escapeSeconds() {
        return escapeNanos * 1e-9;
    }

    /** The given percentile (0..1) of the kept iteration latencies, 0 when none were recorded. */
    long latencyPercentile(double p) {
        int samples = Math.min(count, LATENCY_SAMPLES);
        if (samples == 0) return 0;
        if (sortedAt != count) {
            System.arraycopy(latency, 0, sorted, 0, samples);
            Arrays.sort(sorted, 0, samples);
            sortedAt = count;
        }
        return sorted[(int) Math.min(samples - 1, Math.round(p * (samples - 1)))];
    }
}
