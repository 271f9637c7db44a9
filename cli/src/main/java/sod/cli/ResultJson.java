package sod.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import sod.experiment.Json;
import sod.experiment.Names;
import sod.problems.LargestResiduals;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.RobustConfig;
import sod.solver.RobustSubgradientSolver;
import sod.solver.SolverConfig;
import sod.solver.StationaryPointAnalysis;

/**
 * The {@code --json} document of a solve, for either loss: {@code config} (the problem, then the
 * loss's settings), {@code result} (the loss's figures, then the final X or the path it was saved to),
 * and for l2 the escape attempts and the throughput statistics.
 */
final class ResultJson {
    private ResultJson() {
    }

    /** GD / GD+SOD / a baseline on the l2 loss. */
    static String l2(SolverConfig config, Problem problem, Result result, Throughput throughput, Path savedX) {
        Json j = begin(problem).member("rank", result.r())
                .member("method", Names.of(config.method()))
                .member("local", Names.of(config.descent().local()))
                .member("escape", Names.of(config.sod().escapeMode()))
                .member("step", config.descent().step()).member("maxIterations", config.stopping().maxIterations())
                .member("timeLimitSeconds", config.stopping().timeBudgetSeconds()).member("seed", config.start().seed())
                .member("initScale", config.start().initScale()).member("targetDistance", config.stopping().targetDistance())
                .member("targetRelative", config.stopping().targetRelative())
                .member("gtol", config.stopping().gradientTolerance()).member("ftol", config.stopping().decreaseTolerance())
                .member("htol", config.stopping().residualTolerance())
                .member("stall", Names.of(config.stall().rule()))
                .member("threads", problem.operator().threads());
        j.endObject().name("result").beginObject()
                .member("h", result.h())
                .member("relativeResidual", result.relativeResidual())
                .name("distance").value(result.distance())
                .name("relativeDistance").value(result.relativeDistance())
                .member("gradNorm", result.gradNorm())
                .member("iterations", result.iterations())
                .member("probeSteps", result.probeSteps())
                .member("status", result.status().name())
                .member("success", result.success())
                .member("message", result.message());
        if (result.verdict() != null) j.member("verdict", result.verdict().name());
        else j.name("verdict").nullValue();
        x(j, result.x(), savedX).endObject();
        j.name("escapes").beginArray();
        for (Escape e : result.escapes()) {
            j.beginObject().member("iteration", e.iteration()).member("kind", e.kind().name())
                    .member("accepted", e.kind().accepted())
                    .member("hBefore", e.hBefore()).member("hAfter", e.hAfter()).member("lambdaMin", e.lambdaMin())
                    .member("sigmaR", e.sigmaR()).member("ncm", e.ncm()).member("aic", e.aic()).member("efs", e.efs())
                    .member("delta", e.delta()).member("t", e.t()).member("candidates", e.candidates())
                    .member("seconds", e.seconds());
            if (e.stalledPoint() != null) {
                StationaryPointAnalysis.Report at = e.stalledPoint();
                j.member("verdict", at.verdict().name()).name("stalledPoint").beginObject()
                        .member("gradientNorm", at.gradientNorm()).member("hessianMin", at.hessianMin())
                        .member("gMin", at.gMin()).member("gNorm", at.gNorm()).member("newtonDistance", at.newtonDistance())
                        .endObject();
            } else {
                j.name("verdict").nullValue();
            }
            j.endObject();
        }
        j.endArray();
        stats(j, result, throughput);
        return j.endObject().toString();
    }

    /**
     * {@code stats}: every throughput figure, null when it could not be measured, and {@code omitted}
     * naming each null figure with the reason.
     */
    private static void stats(Json j, Result result, Throughput t) {
        j.name("stats").beginObject();
        Map<String, Throughput.Figure> figures = new LinkedHashMap<>();
        figures.put("itersPerSecond", t.itersPerSecond());
        figures.put("measurementsPerSecond", t.measurementsPerSecond());
        figures.put("effectiveGBps", t.effectiveGBps());
        figures.put("gflops", t.gflops());
        figures.put("p50GBps", t.p50GBps());
        figures.put("streamShare", t.streamShare());
        figures.put("p50StreamShare", t.p50StreamShare());
        for (var f : figures.entrySet()) j.member(f.getKey(), f.getValue().value());
        nanos(j, "latencyP50Nanos", result.latencyP50Nanos());
        nanos(j, "latencyP99Nanos", result.latencyP99Nanos());
        j.name("streamGBps").value(t.streamGBps() > 0 ? t.streamGBps() : Double.NaN)
                .member("passes", t.passes())
                .member("gdSeconds", result.gdSeconds()).member("eigenSeconds", result.eigenSeconds())
                .member("escapeSeconds", result.escapeSeconds())
                .member("seconds", t.seconds());
        j.name("omitted").beginObject();
        for (var f : figures.entrySet()) if (!f.getValue().measured()) j.member(f.getKey(), f.getValue().omitted());
        j.endObject().endObject();
    }

    /** A latency, null when none was recorded (the solver reports 0 then). */
    private static void nanos(Json j, String name, long nanos) {
        if (nanos > 0) j.member(name, nanos);
        else j.name(name).nullValue();
    }

    /** The subgradient method on the l1 loss. */
    static String l1(RobustConfig config, Problem problem, RobustSubgradientSolver.Result result, Path savedX,
                     LargestResiduals largest) {
        Json j = begin(problem).member("loss", "l1").member("searchRank", result.r())
                .member("eta", config.eta()).member("rho", config.rho()).member("alpha", config.alpha())
                .member("init", config.init().name().toLowerCase(Locale.ROOT)).member("iterations", config.iterations())
                .member("seed", config.seed());
        j.endObject().name("result").beginObject().member("f", result.f()).name("distance").value(result.distance())
                .name("relativeError").value(result.relativeError()).member("iterations", result.iterations())
                .member("status", result.status().name()).member("l1Scale", result.scale())
                .member("seconds", result.seconds());
        if (largest != null) largestResiduals(j, largest);
        x(j, result.x(), savedX).endObject();
        return j.endObject().toString();
    }

    /**
     * {@code largestResiduals}: the rows the fit explains worst ({@code row}, signed {@code residual}),
     * {@code medianResidual} and {@code suspectRows} (above {@link LargestResiduals#SUSPECT_FACTOR} x the median).
     */
    private static void largestResiduals(Json j, LargestResiduals largest) {
        j.name("largestResiduals").beginArray();
        for (int k = 0; k < largest.rows().length; k++) {
            j.beginObject().member("row", largest.rows()[k]).member("residual", largest.residuals()[k]).endObject();
        }
        j.endArray().member("medianResidual", largest.median()).name("suspectRows").beginArray();
        for (int row : largest.suspects()) j.value(row);
        j.endArray();
    }

    /** The document opened, inside {@code config} after the problem's members. */
    private static Json begin(Problem problem) {
        return new Json().beginObject().name("config").beginObject()
                .member("problem", problem.name()).member("n", problem.n()).member("m", problem.m());
    }

    /** X itself, or where it was saved. */
    private static Json x(Json j, double[] x, Path savedX) {
        return savedX != null ? j.member("xPath", savedX.toString()) : j.name("x").value(x);
    }
}
