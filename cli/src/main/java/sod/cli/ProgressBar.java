package sod.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar of a sweep on stderr, redrawn at most five times a second. */
final class ProgressBar {
    private final PrintWriter err;
    private final boolean quiet;
    private final int total;
    private final int alreadyDone;
    private final long start = System.nanoTime();
    private int done;
    private long lastDraw;

    ProgressBar(PrintWriter err, boolean quiet, int total, int alreadyDone) {
        this.err = err;
        this.quiet = quiet;
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.done = alreadyDone;
    }

    void step() {
        done++;
        long now = System.nanoTime();
        if (!quiet && (now - lastDraw > 200_000_000L || done == total)) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        double elapsed = (now - start) * 1e-9;
        int fresh = done - alreadyDone;
        double eta = fresh == 0 ? Double.NaN : elapsed / fresh * (total - done);
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d trials  %.0fs elapsed  eta %s   ", "#".repeat(filled),
                ".".repeat(width - filled), done, total, elapsed, Double.isNaN(eta) ? "-" : String.format(Locale.ROOT, "%.0fs", eta));
        err.flush();
    }

    void finish() {
        if (!quiet && done > alreadyDone) {
            err.println();
            err.flush();
        }
    }
}
