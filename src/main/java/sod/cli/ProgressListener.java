package sod.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import sod.SodInputException;
import sod.solver.Escape;
import sod.solver.Listener;

/**
 * The solve command's listener: progress on stderr about once a second (the clock is read only every
 * 64 iterations, nothing is allocated between prints), the optional CSV trace (written to a temporary
 * file and moved into place by {@link #finish}) and the history kept for the plot.
 */
final class ProgressListener implements Listener, AutoCloseable {
    private static final long PRINT_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean quiet;
    private final History history;
    private final Path traceFile;
    private final int traceEvery;
    private final long startNanos = System.nanoTime();
    private Path traceTemporary;
    private BufferedWriter trace;
    private long nextPrint = startNanos + PRINT_INTERVAL_NANOS;
    private long lastPrintNanos = startNanos;
    private int lastPrintIteration;

    ProgressListener(PrintWriter err, boolean quiet, History history, Path traceFile, int traceEvery) {
        this.err = err;
        this.quiet = quiet;
        this.history = history;
        this.traceFile = traceFile;
        this.traceEvery = traceEvery;
        if (traceFile != null) {
            if (traceEvery < 1) throw new SodInputException("--trace-every must be >= 1, got " + traceEvery);
            try {
                Path absolute = traceFile.toAbsolutePath();
                traceTemporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
                trace = Files.newBufferedWriter(traceTemporary, StandardCharsets.US_ASCII);
                trace.write("iteration,h,grad_norm,distance,seconds\n");
            } catch (IOException e) {
                throw new SodInputException("cannot write --trace " + traceFile + " (" + e.getMessage()
                        + "); check that its directory exists and is writable", e);
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
                err.printf(Locale.ROOT, "iter %8d  h %.4e  |grad| %.3e  dist %s  %.0f it/s%n", iter, h, gradNorm,
                        Double.isNaN(distance) ? "-" : String.format(Locale.ROOT, "%.4e", distance), rate);
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
            err.printf(Locale.ROOT, "escape at iter %d: %s  h %.4e -> %.4e  lambda_n %.3e  EFS %.3f  stalled point %s  (%.1f ms)%n",
                    e.iteration(), e.kind(), e.hBefore(), e.hAfter(), e.lambdaMin(), e.efs(),
                    e.verdict() == null ? "-" : e.verdict(), e.seconds() * 1e3);
        }
    }

    private void writeTrace(int iter, double h, double gradNorm, double distance) {
        try {
            trace.write(Integer.toString(iter));
            trace.write(',');
            trace.write(Double.toString(h));
            trace.write(',');
            trace.write(Double.toString(gradNorm));
            trace.write(',');
            trace.write(Double.isNaN(distance) ? "" : Double.toString(distance));
            trace.write(',');
            trace.write(Double.toString((System.nanoTime() - startNanos) * 1e-9));
            trace.write('\n');
        } catch (IOException e) {
            throw new SodInputException("cannot write --trace " + traceFile + ": " + e.getMessage(), e);
        }
    }

    /** Completes the trace file (moved atomically into place). */
    void finish() {
        if (trace == null) return;
        try {
            trace.close();
            trace = null;
            AtomicWrite.readableByAll(traceTemporary);
            try {
                Files.move(traceTemporary, traceFile.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(traceTemporary, traceFile.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
            }
            traceTemporary = null;
        } catch (IOException e) {
            throw new SodInputException("cannot write --trace " + traceFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (trace != null) trace.close();
            if (traceTemporary != null) Files.deleteIfExists(traceTemporary);
        } catch (IOException ignored) {
            // cleanup of an abandoned temporary file
        }
    }
}
