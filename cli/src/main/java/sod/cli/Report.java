package sod.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;

/**
 * The end-of-run summary of a solve: a short block by default (problem, result, note, escapes), the
 * statistics with {@code --stats}; {@link ResultJson} writes the document. A figure that could not be
 * measured prints its reason instead of a number.
 */
final class Report {
    private Report() {
    }

    /** The summary; with {@code stats} also throughput, bandwidth, latency, time split and stalls. */
    static void print(PrintWriter out, Problem problem, Result result, Throughput throughput, boolean stats) {
        out.printf(Locale.ROOT, "problem:     %s  (n %d, m %d, r %d)%n", problem.name(), problem.n(), problem.m(), result.r());
        out.printf(Locale.ROOT, "result:      %s  h %s  distance %s  iterations %d  escapes %d  time %s s%n",
                result.status(), number("%.4e", result.h()), distance(result), result.iterations(), result.acceptedEscapes(),
                Units.significant(result.totalSeconds()));
        if (!result.message().isEmpty()) out.println("note:        " + result.message());
        if (!result.escapes().isEmpty()) out.println("escapes:     " + kinds(result));
        if (stats) printStats(out, result, throughput);
    }

    private static void printStats(PrintWriter out, Result result, Throughput t) {
        out.printf(Locale.ROOT, "residual:    %s relative (||A(XX^T) - b|| / ||b||)%s%n", number("%.3e", result.relativeResidual()),
                Double.isNaN(result.relativeDistance()) ? ""
                        : ", distance " + number("%.3e", result.relativeDistance()) + " relative to ||M*||_F");
        out.printf(Locale.ROOT, "passes:      %d over the operator (%d iterations%s)%n", t.passes(), result.iterations(),
                result.probeSteps() == 0 ? "" : String.format(Locale.ROOT, "; %d escape probe steps, %s", result.probeSteps(),
                        t.probeStepsCharged() ? "counted in the iterations" : "not charged to the iterations"));
        if (t.itersPerSecond().measured()) {
            out.println("throughput:  " + Units.si(t.itersPerSecond().value()) + " it/s, " + Units.si(t.measurementsPerSecond().value())
                    + " measurements/s, " + Units.significant(t.gflops().value()) + " GFLOP/s over the whole run");
            String warmUp = warmUp(t, result);
            if (!warmUp.isEmpty()) out.println(CONTINUED + warmUp);
        } else {
            out.println("throughput:  - (" + t.itersPerSecond().omitted() + ")");
        }
        out.println("bandwidth:   " + gbps(t.effectiveGBps(), t.streamShare(), "effective over the run", t.streamGBps()));
        out.println(CONTINUED + gbps(t.p50GBps(), t.p50StreamShare(), "at the median GD iteration", t.streamGBps()));
        out.printf(Locale.ROOT, "latency:     p50 %s, p99 %s per GD iteration%n", nanos(result.latencyP50Nanos()),
                nanos(result.latencyP99Nanos()));
        out.println("time split:  GD " + Units.significant(result.gdSeconds()) + " s" + (result.escapes().isEmpty() ? ", no escapes"
                : ", escapes " + Units.significant(result.escapeSeconds()) + " s (eigensolves " + Units.significant(result.eigenSeconds())
                + " s of them)"));
        Map<String, Integer> verdicts = new TreeMap<>();
        for (Escape e : result.escapes()) if (e.verdict() != null) verdicts.merge(e.verdict().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        if (!verdicts.isEmpty()) out.println("stalls:      " + verdicts.toString().replaceAll("[{}]", "").replace('=', ' '));
    }

    /**
     * Why the run's averages are far below the median iteration's speed, when they are: the mean GD
     * iteration (outside escapes) took more than {@value #SLOW_MEAN} times the median one.
     */
    private static String warmUp(Throughput t, Result result) {
        double mean = t.meanGdIterationNanos();
        if (!(mean > SLOW_MEAN * result.latencyP50Nanos()) || result.latencyP50Nanos() <= 0) return "";
        return "(the mean GD iteration took " + nanos(mean) + ", the median " + nanos(result.latencyP50Nanos())
                + ": the JIT's warm-up or other load on the machine dominates these averages)";
    }

    private static final double SLOW_MEAN = 3;
    /** Indent of a figure's second line, under the first one's text. */
    private static final String CONTINUED = " ".repeat(13);

    /** "9.80 GB/s at the median GD iteration, 81% of the machine's 12.1 GB/s streaming read", or why not. */
    private static String gbps(Throughput.Figure gbps, Throughput.Figure share, String what, double streamGBps) {
        if (!gbps.measured()) return "- " + what + " (" + gbps.omitted() + ")";
        String figure = Units.significant(gbps.value()) + " GB/s " + what;
        if (share.measured()) {
            return figure + String.format(Locale.ROOT, ", %s%% of the machine's %.1f GB/s streaming read",
                    Units.significant(100 * share.value()), streamGBps);
        }
        return figure + " (no share of the streaming read: " + share.omitted() + ")";
    }

    /** "gamma 2, rejected 1": the attempts by kind. */
    static String kinds(Result result) {
        StringBuilder kinds = new StringBuilder();
        for (var e : byKind(result).entrySet()) {
            kinds.append(kinds.isEmpty() ? "" : ", ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(e.getValue());
        }
        return kinds.toString();
    }

    static Map<Escape.Kind, Integer> byKind(Result result) {
        Map<Escape.Kind, Integer> counts = new EnumMap<>(Escape.Kind.class);
        for (Escape e : result.escapes()) counts.merge(e.kind(), 1, Integer::sum);
        return counts;
    }

    /** A number for people: never "NaN" or "Infinity" in the output ("-" for NaN, "inf" / "-inf"). */
    static String number(String format, double value) {
        if (Double.isNaN(value)) return "-";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, format, value);
    }

    static String distance(Result result) {
        return Double.isNaN(result.distance()) ? "unknown" : number("%.4e", result.distance());
    }

    /** 812 ns, 6.16 us, 9.23 ms, 1.20 s; "-" when not recorded. */
    static String nanos(double nanos) {
        if (!(nanos > 0)) return "-";
        if (nanos < 1e3) return Math.round(nanos) + " ns";
        if (nanos < 1e6) return Units.significant(nanos / 1e3) + " us";
        if (nanos < 1e9) return Units.significant(nanos / 1e6) + " ms";
        return Units.significant(nanos / 1e9) + " s";
    }
}
