package sod.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.SolverConfig;

/** The end-of-run summary of a solve: result line, throughput statistics and the JSON document. */
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
        out.printf(Locale.ROOT, "result:      %s  h %.4e  distance %s  iterations %d  escapes %d  time %.3f s%n",
                result.status(), result.h(), distance(result), result.iterations(), result.acceptedEscapes(),
                result.totalSeconds());
        if (!result.message().isEmpty()) out.println("note:        " + result.message());
        out.printf(Locale.ROOT, "throughput:  %.0f it/s, %.3g measurements/s, %.2f GB/s effective, %.2f GFLOP/s%n",
                stats.itersPerSecond(), stats.measurementsPerSecond(), stats.effectiveGBps(), stats.gflops());
        if (stats.streamGBps() > 0) {
            out.printf(Locale.ROOT, "bandwidth:   %.0f%% of the machine's %.1f GB/s streaming read (%.0f%% at the p50 iteration)%n",
                    100 * stats.effectiveGBps() / stats.streamGBps(), stats.streamGBps(),
                    100 * stats.p50GBps() / stats.streamGBps());
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

    static String distance(Result result) {
        return Double.isNaN(result.distance()) ? "unknown" : String.format(Locale.ROOT, "%.4e", result.distance());
    }

    private static String nanos(long nanos) {
        if (nanos <= 0) return "-";
        if (nanos < 10_000) return nanos + " ns";
        if (nanos < 10_000_000) return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String json(SolverConfig config, Problem problem, Result result, Stats stats, Path savedX) {
        Json j = new Json().beginObject();
        j.name("config").beginObject()
                .member("problem", problem.name()).member("n", problem.n()).member("m", problem.m())
                .member("rank", result.r())
                .member("method", SolverOptions.methodName(config.method()))
                .member("escape", SolverOptions.escapeName(config.escapeMode()))
                .member("step", config.step()).member("maxIterations", config.maxIterations())
                .member("timeLimitSeconds", config.timeBudgetSeconds()).member("seed", config.seed())
                .member("initScale", config.initScale()).member("targetDistance", config.targetDistance())
                .member("threads", problem.operator().threads())
                .endObject();
        j.name("result").beginObject()
                .member("h", result.h())
                .name("distance").value(result.distance())
                .member("gradNorm", result.gradNorm())
                .member("iterations", result.iterations())
                .member("probeSteps", result.probeSteps())
                .member("status", result.status().name())
                .member("success", result.success())
                .member("message", result.message());
        if (savedX != null) j.member("xPath", savedX.toString());
        else j.name("x").value(result.x());
        j.endObject();
        j.name("escapes").beginArray();
        for (Escape e : result.escapes()) {
            j.beginObject().member("iteration", e.iteration()).member("kind", e.kind().name())
                    .member("accepted", e.kind().accepted())
                    .member("hBefore", e.hBefore()).member("hAfter", e.hAfter()).member("lambdaMin", e.lambdaMin())
                    .member("sigmaR", e.sigmaR()).member("ncm", e.ncm()).member("aic", e.aic()).member("efs", e.efs())
                    .member("delta", e.delta()).member("t", e.t()).member("candidates", e.candidates())
                    .member("seconds", e.seconds());
            if (e.verdict() != null) j.member("verdict", e.verdict().name());
            else j.name("verdict").nullValue();
            j.endObject();
        }
        j.endArray();
        j.name("stats").beginObject()
                .member("itersPerSecond", stats.itersPerSecond())
                .member("measurementsPerSecond", stats.measurementsPerSecond())
                .member("effectiveGBps", stats.effectiveGBps()).member("gflops", stats.gflops())
                .member("streamGBps", stats.streamGBps())
                .member("latencyP50Nanos", result.latencyP50Nanos()).member("latencyP99Nanos", result.latencyP99Nanos())
                .member("gdSeconds", result.gdSeconds()).member("eigenSeconds", result.eigenSeconds())
                .member("escapeSeconds", result.escapeSeconds())
                .member("seconds", stats.seconds())
                .endObject();
        return j.endObject().toString();
    }
}
