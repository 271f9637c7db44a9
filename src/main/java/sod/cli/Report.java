package sod.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;

/** The end-of-run summary of a solve: result line and throughput statistics ({@link ResultJson} writes the document). */
final class Report {
    private Report() {
    }

    /** Throughput of a finished run; all rates are over the whole run's wall time. */
    record Stats(double itersPerSecond, double measurementsPerSecond, double effectiveGBps, double gflops,
                 double p50GBps, double streamGBps, double seconds) {
        static Stats of(Problem problem, Result result, double streamGBps) {
            double seconds = result.totalSeconds();
            // Every iteration and every probe step is one residualAndGradient pass over the operator.
            long passes = (long) result.iterations() + result.probeSteps();
            double bytes = problem.operator().bytesPerIteration(result.r());
            double flops = problem.operator().flopsPerIteration(result.r());
            double perSecond = seconds > 0 ? passes / seconds : Double.NaN;
            double p50 = result.latencyP50Nanos() > 0 ? bytes / result.latencyP50Nanos() : Double.NaN;
            return new Stats(seconds > 0 ? result.iterations() / seconds : Double.NaN, perSecond * problem.m(),
                    perSecond * bytes * 1e-9, perSecond * flops * 1e-9, p50, streamGBps, seconds);
        }
    }

    static void print(PrintWriter out, Problem problem, Result result, Stats stats) {
        out.printf(Locale.ROOT, "problem:     %s  (n %d, m %d, r %d)%n", problem.name(), problem.n(), problem.m(), result.r());
        out.printf(Locale.ROOT, "result:      %s  h %s  distance %s  iterations %d  escapes %d  time %.3f s%n",
                result.status(), number("%.4e", result.h()), distance(result), result.iterations(), result.acceptedEscapes(),
                result.totalSeconds());
        if (!result.message().isEmpty()) out.println("note:        " + result.message());
        out.printf(Locale.ROOT, "throughput:  %s it/s, %s measurements/s, %s GB/s effective, %s GFLOP/s%n",
                number("%.0f", stats.itersPerSecond()), number("%.3g", stats.measurementsPerSecond()),
                number("%.2f", stats.effectiveGBps()), number("%.2f", stats.gflops()));
        if (stats.streamGBps() > 0 && Double.isFinite(stats.effectiveGBps())) {
            out.printf(Locale.ROOT, "bandwidth:   %.0f%% of the machine's %.1f GB/s streaming read (%s%% at the p50 iteration)%n",
                    100 * stats.effectiveGBps() / stats.streamGBps(), stats.streamGBps(),
                    number("%.0f", 100 * stats.p50GBps() / stats.streamGBps()));
        }
        out.printf(Locale.ROOT, "latency:     p50 %s, p99 %s per GD iteration%n", nanos(result.latencyP50Nanos()),
                nanos(result.latencyP99Nanos()));
        out.printf(Locale.ROOT, "time split:  GD %.3f s, eigensolves %.3f s, escapes %.3f s (eigensolves included)%n",
                result.gdSeconds(), result.eigenSeconds(), result.escapeSeconds());
        if (!result.escapes().isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            for (var e : byKind(result).entrySet()) {
                kinds.append(kinds.isEmpty() ? "" : ", ").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(e.getValue());
            }
            out.println("escapes:     " + kinds);
            Map<String, Integer> verdicts = new java.util.TreeMap<>();
            for (Escape e : result.escapes()) if (e.verdict() != null) verdicts.merge(e.verdict().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            if (!verdicts.isEmpty()) out.println("stalls:      " + verdicts.toString().replaceAll("[{}]", "").replace('=', ' '));
        }
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

    private static String nanos(long nanos) {
        if (nanos <= 0) return "-";
        if (nanos < 10_000) return nanos + " ns";
        if (nanos < 10_000_000) return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
