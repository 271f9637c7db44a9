package sod.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import sod.SodInputException;
import sod.solver.SolverConfig;

/** The options that configure a solver run. */
final class SolverOptions {
    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "sod",
            description = "gd, sod (GD with SOD escapes), pgd (perturbed GD), sgd, lifted (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--escape", paramLabel = "MODE", defaultValue = "tpgd",
            description = "Escape mode of sod: tpgd (the paper's multi-step) or line-search (default: ${DEFAULT-VALUE}).")
    String escape;

    @Option(names = "--step", paramLabel = "S", description = "Gradient step size, > 0 (default: 0.005).")
    Double step;

    @Option(names = "--iters", paramLabel = "K", description = "Iteration budget (default: 3000).")
    Integer iterations;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Wall-time budget in seconds (default: none).")
    Double timeLimit;

    @Option(names = "--init-scale", paramLabel = "S", description = "X0 = S * N(0,1) per entry when no --x0 (default: 0.7).")
    Double initScale;

    @Option(names = "--x0", paramLabel = "X0.npy", description = "Initial factor X0, shape (n, r).")
    Path x0;

    static SolverConfig.Method parseMethod(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gd" -> SolverConfig.Method.GD;
            case "sod" -> SolverConfig.Method.SOD;
            case "pgd" -> SolverConfig.Method.PGD;
            case "sgd" -> SolverConfig.Method.SGD;
            case "lifted" -> throw new SodInputException("--method lifted is not available in this build; use gd, sod, pgd or sgd");
            default -> throw new SodInputException("unknown --method '" + name + "'; choose gd, sod, pgd, sgd or lifted");
        };
    }

    static SolverConfig.EscapeMode parseEscape(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tpgd" -> SolverConfig.EscapeMode.TPGD;
            case "line-search", "linesearch", "line_search" -> SolverConfig.EscapeMode.LINE_SEARCH;
            default -> throw new SodInputException("unknown --escape '" + name + "'; choose tpgd or line-search");
        };
    }

    static String methodName(SolverConfig.Method m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    static String escapeName(SolverConfig.EscapeMode e) {
        return e == SolverConfig.EscapeMode.TPGD ? "tpgd" : "line-search";
    }

    /** The configuration these options describe, for seed {@code seed}. */
    SolverConfig config(long seed) {
        SolverConfig.Builder b = SolverConfig.builder().method(parseMethod(method)).escapeMode(parseEscape(escape)).seed(seed);
        apply(b, step, iterations, timeLimit, initScale);
        return b.build();
    }

    static void apply(SolverConfig.Builder b, Double step, Integer iterations, Double timeLimit, Double initScale) {
        if (step != null) {
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new SodInputException("--step must be a finite value > 0, got " + step + "; try 0.005");
            }
            b.step(step);
        }
        if (iterations != null) {
            if (iterations < 0) throw new SodInputException("--iters must be >= 0, got " + iterations);
            b.maxIterations(iterations);
        }
        if (timeLimit != null) {
            if (!(timeLimit > 0)) throw new SodInputException("--time-limit must be > 0 seconds, got " + timeLimit);
            b.timeBudgetSeconds(timeLimit);
        }
        if (initScale != null) {
            if (!(initScale >= 0) || !Double.isFinite(initScale)) {
                throw new SodInputException("--init-scale must be a finite value >= 0, got " + initScale);
            }
            b.initScale(initScale);
        }
    }
}
