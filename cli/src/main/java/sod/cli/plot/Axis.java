package sod.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear, logarithmic or categorical axis: its range and ticks. Linear ticks are steps of 1, 2, 2.5
 * or 5 times a power of ten, with a k / M suffix for large numbers (20k rather than 20000). Log axes span
 * whole decades labelled 10^k, with a margin so that no value lies on an end (a spine would hide it),
 * and about {@value #MAX_LOG_LABELS} labels: every 2nd, 5th... decade on a long range, the others
 * marked as minor ticks, and minor ticks at 2..9 on short ranges.
 */
public final class Axis {
    static final int MAX_LOG_LABELS = 8;
    private static final int[] DECADE_STEPS = {1, 2, 3, 4, 5, 10, 20, 25, 50, 100};

    private final boolean log;
    private final double min, max;
    private final List<Tick> ticks;
    private final boolean grid;

    private Axis(boolean log, double min, double max, List<Tick> ticks, boolean grid) {
        this.log = log;
        this.min = min;
        this.max = max;
        this.ticks = List.copyOf(ticks);
        this.grid = grid;
    }

    /** Rounded out to whole tick steps around [lo, hi], about {@code target} ticks. */
    public static Axis linear(double lo, double hi, int target) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep(hi - lo, target);
        double from = Math.floor(lo / step + 1e-9) * step, to = Math.ceil(hi / step - 1e-9) * step;
        return new Axis(false, from, to, linearTicks(from, to, step), true);
    }

    /** Exactly [lo, hi] with ticks every {@code step} from lo (a success-rate axis: 0 to 1 by 0.2). */
    public static Axis fixed(double lo, double hi, double step) {
        return new Axis(false, lo, hi, linearTicks(lo, hi, step), true);
    }

    /** Whole decades around [lo, hi] (both &gt; 0). */
    public static Axis log(double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi)) throw new IllegalArgumentException("log axis range [" + lo + ", " + hi + "]");
        // a margin of 2% of the span: a value on a decade (a tolerance of 1e-24) would otherwise lie on the spine
        double a = Math.log10(lo), b = Math.log10(hi), margin = 0.02 * Math.max(b - a, 1);
        int first = (int) Math.floor(a - margin), last = (int) Math.ceil(b + margin);
        if (last <= first) last = first + 1;
        int every = DECADE_STEPS[DECADE_STEPS.length - 1];
        for (int k : DECADE_STEPS) {
            if (Math.ceil((double) (last - first) / k) + 1 <= MAX_LOG_LABELS) {
                every = k;
                break;
            }
        }
        first = Math.floorDiv(first, every) * every;
        last = -Math.floorDiv(-last, every) * every;
        List<Tick> ticks = new ArrayList<>();
        boolean minors = last - first <= 5;
        for (int e = first; e <= last; e++) {
            double decade = Math.pow(10, e);
            if (e % every == 0) ticks.add(new Tick(decade, "10", e < 0 ? "\u2212" + (-e) : Integer.toString(e)));
            else ticks.add(Tick.minor(decade));
            if (minors && e < last) for (int k = 2; k <= 9; k++) ticks.add(Tick.minor(k * decade));
        }
        return new Axis(true, Math.pow(10, first), Math.pow(10, last), ticks, true);
    }

    /** Categories at 0, 1, ..., labels centred under them; no grid lines. */
    public static Axis categories(List<String> labels) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) ticks.add(Tick.major(i, labels.get(i)));
        return new Axis(false, -0.5, labels.size() - 0.5, ticks, false);
    }

    /** Where v lies on the axis, 0 at min and 1 at max (outside for values out of range; NaN for v <= 0 on a log axis). */
    public double fraction(double v) {
        if (log) return v > 0 ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : Double.NaN;
        return (v - min) / (max - min);
    }

    public boolean isLog() {
        return log;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public List<Tick> ticks() {
        return ticks;
    }

    boolean grid() {
        return grid;
    }

    static double niceStep(double span, int target) {
        double raw = span / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        // 2.5 only from 10 up: 2.5 steps would put iterations at fractional ticks
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 && magnitude >= 10 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static List<Tick> linearTicks(double from, double to, double step) {
        double largest = Math.max(Math.abs(from), Math.abs(to));
        double unit = 1;
        String suffix = "";
        if (largest >= 1e7 && step >= 1e6) {
            unit = 1e6;
            suffix = "M";
        } else if (largest >= 1e4 && step >= 1e3) {
            unit = 1e3;
            suffix = "k";
        }
        int decimals = decimals(step / unit);
        List<Tick> ticks = new ArrayList<>();
        long count = Math.round((to - from) / step);
        for (long i = 0; i <= count; i++) {
            double v = from + i * step;
            if (Math.abs(v) < step * 1e-9) v = 0; // no "-0"
            String text = String.format(Locale.ROOT, "%." + decimals + "f", v / unit);
            ticks.add(Tick.major(v, v == 0 && decimals == 0 ? "0" : text + (v == 0 ? "" : suffix)));
        }
        return ticks;
    }

    /** The decimals that show {@code step} exactly (up to 10). */
    private static int decimals(double step) {
        for (int d = 0; d < 10; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
        }
        return 10;
    }
}
