package sod.cli;

import java.util.function.LongSupplier;

/**
 * Says when about one interval of wall time has passed, for a caller that asks once per event
 * (iteration) whatever an event costs: 200 ns or a minute. Reading the clock costs about 20 ns, as
 * much as a small problem's whole iteration, so the clock is read only every {@code stride}-th call;
 * the stride adapts to the measured cost of a call so that the clock is read about
 * {@value #CHECKS_PER_INTERVAL} times per interval, and is at most {@value #MAX_STRIDE}: a read every
 * 1024 calls costs 0.02 ns per call, and a sudden slowdown (the stride is corrected at the next read)
 * delays the answer by at most {@value #MAX_STRIDE} calls at the new cost. Between reads a call is one
 * decrement and a branch.
 */
final class Pacer {
    static final int CHECKS_PER_INTERVAL = 16;
    /** Growth per read is bounded: one fast stretch (a cache-warm phase) must not push the next read far out. */
    private static final int MAX_GROWTH = 4;
    static final int MAX_STRIDE = 1024;

    private final LongSupplier clock;
    private final long interval;
    private final long checkEvery;
    private int countdown = 1;
    private int stride = 1;
    private long lastRead;
    private long next;
    private long now;

    Pacer(LongSupplier clock, long intervalNanos) {
        if (intervalNanos < CHECKS_PER_INTERVAL) throw new IllegalArgumentException("interval too short: " + intervalNanos + " ns");
        this.clock = clock;
        this.interval = intervalNanos;
        this.checkEvery = intervalNanos / CHECKS_PER_INTERVAL;
        this.lastRead = clock.getAsLong();
        this.now = lastRead;
        this.next = lastRead + intervalNanos;
    }

    /** One event; true when an interval has passed since the start or the last true (then {@link #now} is current). */
    boolean due() {
        if (--countdown > 0) return false;
        return read();
    }

    private boolean read() {
        long t = clock.getAsLong();
        long elapsed = t - lastRead;
        // no time measured (the first call right after the start): no cost known, keep the stride
        if (elapsed > 0) {
            long perCall = Math.max(1, elapsed / stride);
            long wanted = Math.max(1, checkEvery / perCall);
            stride = (int) Math.min(Math.min(wanted, (long) MAX_GROWTH * stride), MAX_STRIDE);
        }
        countdown = stride;
        lastRead = t;
        now = t;
        if (t - next < 0) return false;
        // from now, not from the missed deadline: after a long pause (an escape) no burst of catching-up lines
        next = t + interval;
        return true;
    }

    /**
     * For a rare, slow event (one per escape candidate, after its probe steps): reads the clock now and
     * says whether an interval has passed, on the same schedule as {@link #due}.
     */
    boolean dueNow() {
        long t = clock.getAsLong();
        now = t;
        if (t - next < 0) return false;
        next = t + interval;
        return true;
    }

    /** The clock at the last read. */
    long now() {
        return now;
    }

    /** Calls between clock reads at the moment (for the tests and the overhead measurement). */
    int stride() {
        return stride;
    }
}
