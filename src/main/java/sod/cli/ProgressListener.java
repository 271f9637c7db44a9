package sod.cli;


import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import sod.io.IoReasons;
import sod.io.WriteFailedException;
import sod.solver.Escape;
import sod.solver.Listener;

/**
 * The solve command's listener: progress on stderr about once a second (the clock is read only every
 * 64 iterations, nothing is allocated between prints), the optional CSV trace (a {@link TextOutput}: a file
 * that appears complete on {@link #finish}, or standard output) and the history kept for the plot.
 */
final class ProgressListener implements Listener, AutoCloseable {
    private static final long PRINT_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean quiet;
    private final History history;
    private final TextOutput traceOutput;
    private final int traceEvery;
    private final long startNanos = System.nanoTime();
    private Writer trace;
    private long nextPrint = startNanos + PRINT_INTERVAL_NANOS;
    private long lastPrintNanos = startNanos;
    private int lastPrintIteration;

    ProgressListener(PrintWriter err, boolean quiet, History history, TextOutput traceOutput, int traceEvery) {
        this.err = err;
        this.quiet = quiet;
        this.history = history;
        this.traceOutput = traceOutput;
        this.traceEvery = traceEvery;
        if (traceOutput != null) {
            trace = traceOutput.writer();
            try {
                trace.write("iteration,h,grad_norm,distance,seconds\n");
            } catch (IOException e) {
                throw new WriteFailedException("--trace: cannot write (" + IoReasons.reason(e) + "); " + IoReasons.writeAdvice(e), e);
            }
        }
    }

    @Override
    public void onIteration(int iter, double h, double gradNorm, double distance) {
        if (history != null) history.record(iter, h, distance);
        if (trace != null && iter % traceEvery == 0) writeTrace(iter, h, gradNorm, distance);
        if (!quiet && (iter & 63) == 0) {
            long now = System.nanoTime();
            if (now >= nextPrint) {
                double rate = (iter - lastPrintIteration) / ((now - lastPrintNanos) * 1e-9);
                err.printf(Locale.ROOT, "iter %8d  h %s  |grad| %s  dist %s  %.0f it/s%n", iter, Report.number("%.4e", h),
                        Report.number("%.3e", gradNorm), Report.number("%.4e", distance), rate);
                lastPrintNanos = now;
                lastPrintIteration = iter;
                nextPrint = now + PRINT_INTERVAL_NANOS;
            }
        }
    }

    @Override
    public void onEscape(Escape e) {
        if (history != null && e.kind().accepted()) history.recordEscape(e.iteration(), e.hBefore());
        if (!quiet) {
            err.printf(Locale.ROOT, "escape at iter %d: %s  h %s -> %s  lambda_n %s  EFS %s  stalled point %s  (%.1f ms)%n",
                    e.iteration(), e.kind(), Report.number("%.4e", e.hBefore()), Report.number("%.4e", e.hAfter()),
                    Report.number("%.3e", e.lambdaMin()), Report.number("%.3f", e.efs()),
                    e.verdict() == null ? "-" : e.verdict(), e.seconds() * 1e3);
        }
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
        row.append(',').append((System.nanoTime() - startNanos) * 1e-9).append('\n');
        int length = row.length();
        if (length > rowChars.length) rowChars = new char[2 * length];
        row.getChars(0, length, rowChars, 0);
        try {
            trace.write(rowChars, 0, length);
        } catch (IOException e) {
            throw new WriteFailedException("--trace: cannot write (" + IoReasons.reason(e) + "); " + IoReasons.writeAdvice(e), e);
        }
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
