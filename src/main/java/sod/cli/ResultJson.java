package sod.cli;

import java.nio.file.Path;
import java.util.Locale;
import sod.experiment.Json;
import sod.experiment.Names;
import sod.problems.LargestResiduals;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.RobustConfig;
import sod.solver.RobustSubgradientSolver;
import sod.solver.SolverConfig;

/**
 * The {@code --json} document of a solve, for either loss: {@code config} (the problem, then the
 * loss's settings), {@code result} (the loss's figures, then the final X or the path it was saved to),
 * and for l2 the escape attempts and the throughput statistics.
 */
final class ResultJson {
    private ResultJson() {
    }

    /** GD / GD+SOD / a baseline on the l2 loss. */
    static String l2(SolverConfig config, Problem problem, Result result, Report.Stats stats, Path savedX) {
        Json j = begin(problem).member("rank", result.r())
                .member("method", Names.of(config.method()))
                .member("escape", Names.of(config.sod().escapeMode()))
                .member("step", config.descent().step()).member("maxIterations", config.stopping().maxIterations())
                .member("timeLimitSeconds", config.stopping().timeBudgetSeconds()).member("seed", config.start().seed())
                .member("initScale", config.start().initScale()).member("targetDistance", config.stopping().targetDistance())
                .member("threads", problem.operator().threads());
        j.endObject().name("result").beginObject()
                .member("h", result.h())
                .name("distance").value(result.distance())
                .member("gradNorm", result.gradNorm())
                .member("iterations", result.iterations())
                .member("probeSteps", result.probeSteps())
                .member("status", result.status().name())
                .member("success", result.success())
                .member("message", result.message());
        x(j, result.x(), savedX).endObject();
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
        largestResiduals(j, largest);
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
