package sod.cli;


import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.function.LongSupplier;
import sod.io.IoReasons;
import sod.io.WriteFailedException;
import sod.solver.Escape;
import sod.solver.Listener;

/**
 * The solve command's listener: a progress line on stderr about once a second of wall time whatever an
 * iteration costs ({@link Pacer}: the clock is read only every few iterations, nothing is allocated
 * between prints), with the rate over the last interval and, when a budget is known, an upper bound on
 * the time left; the optional CSV trace (a {@link TextOutput}: a file that appears complete on
 * {@link #finish}, or standard output) and the history kept for the plot.
 */
final class ProgressListener implements Listener, AutoCloseable {
    private static final long PRINT_INTERVAL_NANOS = 1_000_000_000L;

    /**
     * What ends the run at the latest: an iteration budget (Integer.MAX_VALUE: none) and a time budget in
     * seconds (infinite: none). The run may stop earlier by its tolerances, so the time left is a bound.
     */
    record Budget(int maxIterations, double seconds) {
        static final Budget NONE = new Budget(Integer.MAX_VALUE, Double.POSITIVE_INFINITY);
    }

    private final PrintWriter err;
    private final boolean quiet;
    private final History history;
    private final TextOutput traceOutput;
    private final int traceEvery;
    private final Budget budget;
    private final LongSupplier clock;
    private final long startNanos;
    private final Pacer pacer;
    private Writer trace;
    private long lastPrintNanos;
    private int lastPrintIteration;

    ProgressListener(PrintWriter err, boolean quiet, History history, TextOutput traceOutput, int traceEvery, Budget budget) {
        this(err, quiet, history, traceOutput, traceEvery, budget, System::nanoTime);
    }

    /** With the clock the progress lines and the trace's seconds are read from (a test's fake clock). */
    ProgressListener(PrintWriter err, boolean quiet, History history, TextOutput traceOutput, int traceEvery, Budget budget,
                     LongSupplier clock) {
        this.err = err;
        this.quiet = quiet;
        this.history = history;
        this.traceOutput = traceOutput;
        this.traceEvery = traceEvery;
        this.budget = budget == null ? Budget.NONE : budget;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.pacer = new Pacer(clock, PRINT_INTERVAL_NANOS);
        this.lastPrintNanos = startNanos;
        if (traceOutput != null) {
            trace = traceOutput.writer();
            try {
                trace.write("iteration,h,grad_norm,distance,seconds\n");
            } catch (IOException e) {
                throw traceFailed(e);
            }
        }
    }

    @Override
    public void onIteration(int iter, double h, double gradNorm, double distance) {
        if (history != null) history.record(iter, h, distance);
        if (trace != null && iter % traceEvery == 0) writeTrace(iter, h, gradNorm, distance);
        if (!quiet && pacer.due()) printProgress(iter, h, gradNorm, distance, pacer.now());
    }

    private void printProgress(int iter, double h, double gradNorm, double distance, long now) {
        double rate = (iter - lastPrintIteration) / ((now - lastPrintNanos) * 1e-9);
        String of = budget.maxIterations() == Integer.MAX_VALUE ? "" : " / " + budget.maxIterations();
        err.printf(Locale.ROOT, "iter %8d%s  h %s  |grad| %s  dist %s  %s it/s%s%n", iter, of, Report.number("%.4e", h),
                Report.number("%.3e", gradNorm), Report.number("%.4e", distance), Units.si(rate), timeLeft(iter, rate, now));
        err.flush();
        lastPrintNanos = now;
        lastPrintIteration = iter;
    }

    /**
     * "  eta <= 2m05s": the sooner of the iteration budget at the last interval's rate and the time
     * budget; empty when neither is known (or no iteration was made in the interval: no rate).
     */
    private String timeLeft(int iter, double rate, long now) {
        double left = Double.POSITIVE_INFINITY;
        if (budget.maxIterations() != Integer.MAX_VALUE && rate > 0) left = Math.max(0, budget.maxIterations() - iter) / rate;
        if (Double.isFinite(budget.seconds())) left = Math.min(left, Math.max(0, budget.seconds() - (now - startNanos) * 1e-9));
        return Double.isFinite(left) ? "  eta <= " + Units.duration(left) : "";
    }

    @Override
    public void onEscape(Escape e) {
        if (history != null) history.recordEscape(e);
        if (!quiet) {
            err.printf(Locale.ROOT, "escape at iter %d: %s  h %s -> %s  lambda_n %s  EFS %s  stalled point %s  (%.1f ms)%n",
                    e.iteration(), e.kind(), Report.number("%.4e", e.hBefore()), Report.number("%.4e", e.hAfter()),
                    Report.number("%.3e", e.lambdaMin()), Report.number("%.3f", e.efs()),
                    e.verdict() == null ? "-" : e.verdict(), e.seconds() * 1e3);
            err.flush();
        }
    }

    /**
     * A sign of life during a long escape attempt (its probe steps report no iterations), at most once
     * per interval: on a large problem the 600 probe steps of one attempt can take minutes.
     */
    @Override
    public void onCandidate(Escape.Candidate c) {
        if (quiet || !pacer.dueNow()) return;
        err.printf(Locale.ROOT, "escape at iter %d: probed a %s candidate (%s): h %s after its probe steps%n", c.iteration(),
                c.kind().name().toLowerCase(Locale.ROOT), c.direction(),
                Double.isInfinite(c.hAfterProbe()) ? "diverged" : Report.number("%.4e", c.hAfterProbe()));
        err.flush();
    }

    /** One trace row, reused so that tracing every iteration allocates no Strings. */
    private final StringBuilder row = new StringBuilder(128);
    private char[] rowChars = new char[128];

    private void writeTrace(int iter, double h, double gradNorm, double distance) {
        row.setLength(0);
        row.append(iter).append(',');
        // non-finite values are left empty: CSV readers take an empty field as missing, never "NaN"
        if (Double.isFinite(h)) row.append(h);
        row.append(',');
        if (Double.isFinite(gradNorm)) row.append(gradNorm);
        row.append(',');
        if (Double.isFinite(distance)) row.append(distance);
        row.append(',').append((clock.getAsLong() - startNanos) * 1e-9).append('\n');
        int length = row.length();
        if (length > rowChars.length) rowChars = new char[2 * length];
        row.getChars(0, length, rowChars, 0);
        try {
            trace.write(rowChars, 0, length);
        } catch (IOException e) {
            throw traceFailed(e);
        }
    }

    private static WriteFailedException traceFailed(IOException e) {
        return new WriteFailedException("--trace: cannot write (" + IoReasons.reason(e) + "); " + IoReasons.writeAdvice(e), e);
    }

    /** Completes the trace (a file appears atomically). */
    void finish() {
        if (trace == null) return;
        traceOutput.commit();
        trace = null;
    }

    @Override
    public void close() {
        if (traceOutput != null) traceOutput.close(); // an unfinished trace file is removed
    }
}
