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

    @Option(names = "--step", paramLabel = "S",
            description = "Gradient step size, > 0; with armijo the largest step tried (default: 0.005 for pmc and the counterexample, else 1000).")
    Double step;

    @Option(names = "--step-rule", paramLabel = "RULE",
            description = "fixed or armijo (backtracking, adapts to the problem's scale) (default: fixed for pmc and the counterexample, else armijo).")
    String stepRule;

    @Option(names = "--iters", paramLabel = "K", description = "Iteration budget (default: 3000).")
    Integer iterations;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Wall-time budget in seconds (default: none).")
    Double timeLimit;

    @Option(names = "--init-scale", paramLabel = "S",
            description = "X0 = S * N(0,1) per entry when no --x0 (default: 0.7 for pmc and the counterexample, else 0.01).")
    Double initScale;

    @Option(names = "--x0", paramLabel = "X0.npy", description = "Initial factor X0, shape (n, r) (e.g. a --checkpoint file).")
    Path x0;

    @Option(names = "--lift-order", paramLabel = "L",
            description = "Lifting order l, odd >= 1: of the SOD closed form (default: 11) and of --method lifted (default: 3).")
    Integer liftOrder;

    /** {@code --method lifted}: explicit lifted GD ({@link sod.solver.TensorLifting}), not a {@link SolverConfig.Method}. */
    boolean lifted() {
        return method.equalsIgnoreCase("lifted");
    }

    /** The lifting order of {@code --method lifted}. */
    int liftedOrder() {
        return liftOrder == null ? 3 : liftOrder;
    }

    static SolverConfig.Method parseMethod(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gd" -> SolverConfig.Method.GD;
            case "sod" -> SolverConfig.Method.SOD;
            case "pgd" -> SolverConfig.Method.PGD;
            case "sgd" -> SolverConfig.Method.SGD;
            case "lifted" -> throw new SodInputException("--method lifted is a single-solve baseline (sod solve, rank 1, tiny n);"
                    + " here use gd, sod, pgd or sgd");
            default -> throw new SodInputException("unknown --method '" + name + "'; choose gd, sod, pgd, sgd or lifted");
        };
    }

    static SolverConfig.StepRule parseStepRule(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fixed" -> SolverConfig.StepRule.FIXED;
            case "armijo", "backtracking" -> SolverConfig.StepRule.ARMIJO;
            default -> throw new SodInputException("unknown --step-rule '" + name + "'; choose fixed or armijo");
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

    /** Defaults for problems the paper's settings were not calibrated on (see ProblemOptions#paperCalibrated). */
    static final double ADAPTIVE_MAX_STEP = 1000, ADAPTIVE_INIT_SCALE = 0.01;

    /** The configuration these options describe, for seed {@code seed}. */
    SolverConfig config(long seed, boolean paperCalibrated) {
        SolverConfig.Method m = lifted() ? SolverConfig.Method.GD : parseMethod(method);
        SolverConfig.Builder b = SolverConfig.builder().method(m).escapeMode(parseEscape(escape)).seed(seed);
        SolverConfig.StepRule rule = stepRule == null
                ? (paperCalibrated ? SolverConfig.StepRule.FIXED : SolverConfig.StepRule.ARMIJO)
                : parseStepRule(stepRule);
        b.stepRule(rule);
        if (!paperCalibrated) {
            if (rule == SolverConfig.StepRule.ARMIJO) b.step(ADAPTIVE_MAX_STEP);
            b.initScale(ADAPTIVE_INIT_SCALE);
        }
        apply(b, step, iterations, timeLimit, initScale);
        if (liftOrder != null) {
            if (liftOrder < 1 || liftOrder % 2 == 0) {
                throw new SodInputException("--lift-order must be an odd integer >= 1 (3, 5, 11...), got " + liftOrder);
            }
            if (!lifted()) b.liftOrder(liftOrder);
        }
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
