package sod.cli;

import java.io.PrintWriter;
import java.io.Writer;
import sod.solver.Listener;

/**
 * Not a test: the cost per iteration of the solve command's listener, as the solver calls it (one
 * monomorphic call site per JVM, so run each variant in its own JVM):
 * {@code java -cp target/classes:target/test-classes sod.cli.ProgressOverheadMeasure VARIANT}, VARIANT one of
 * {@code empty} (a listener that does nothing: the loop's own cost), {@code progress} (progress lines to a
 * discarding writer), {@code plot} (progress and the plot's history), {@code clock} (a listener reading
 * System.nanoTime every iteration, what a naive wall-time throttle would cost). Prints the best of 7 rounds.
 */
public final class ProgressOverheadMeasure {
    private ProgressOverheadMeasure() {
    }

    /** Reads the clock every call and keeps the value, so the read cannot be removed. */
    static final class ClockEveryIteration implements Listener {
        long last;

        @Override
        public void onIteration(int iter, double h, double gradNorm, double distance) {
            last = System.nanoTime();
        }
    }

    public static void main(String[] args) {
        String variant = args.length > 0 ? args[0] : "progress";
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Listener listener = switch (variant) {
            case "empty" -> (iter, h, g, d) -> {};
            case "progress" -> new ProgressListener(discard, false, null, null, 1, new ProgressListener.Budget(Integer.MAX_VALUE, 1e9));
            case "plot" -> new ProgressListener(discard, false, new History(), null, 1, new ProgressListener.Budget(Integer.MAX_VALUE, 1e9));
            case "clock" -> new ClockEveryIteration();
            default -> throw new IllegalArgumentException("variant: empty, progress, plot or clock");
        };
        int calls = 200_000_000;
        double best = Double.POSITIVE_INFINITY;
        double sink = 0;
        for (int round = 0; round < 7; round++) {
            long start = System.nanoTime();
            sink += loop(listener, calls);
            best = Math.min(best, (System.nanoTime() - start) / (double) calls);
        }
        System.out.printf("%s: %.2f ns per iteration (best of 7 rounds of %d calls; %s)%n", variant, best, calls,
                sink == 42 ? "" : "ok");
    }

    /** The solver's pattern: one call per iteration with fresh primitives. */
    private static double loop(Listener listener, int calls) {
        double h = 1;
        for (int i = 0; i < calls; i++) {
            h *= 0.999999;
            listener.onIteration(i, h, h * 0.5, h * 2);
        }
        return h;
    }
}
