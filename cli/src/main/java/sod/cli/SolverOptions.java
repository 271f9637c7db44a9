package sod.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sod.SodInputException;
import sod.experiment.Names;
import sod.experiment.SolverSettings;
import sod.problems.SolverDefaults;
import sod.solver.SolverConfig;

/** The options that configure a solver run. */
final class SolverOptions {
    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "sod",
            description = "What happens at a stall: gd (nothing: the local method alone), sod (SOD escapes), restarts (a fresh"
                    + " random start), pgd (perturbed GD), sgd, lifted (default: ${DEFAULT-VALUE}).")
    String method;

    @picocli.CommandLine.Mixin
    LocalOptions local = new LocalOptions();

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

    @picocli.CommandLine.Mixin
    StoppingOptions stopping = new StoppingOptions();

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

    /** A method of {@link SolverConfig.Method} by name; lifted is a single-solve baseline, not one of them. */
    static SolverConfig.Method parseMethod(String name) {
        if (name.equalsIgnoreCase("lifted")) {
            throw new SodInputException("--method lifted is a single-solve baseline (sod solve, rank 1, tiny n);"
                    + " here use " + Names.choices(SolverConfig.Method.values()));
        }
        if (!Names.names(SolverConfig.Method.values(), name)) {
            throw new SodInputException("unknown --method '" + name + "'; choose "
                    + String.join(", ", Names.names(SolverConfig.Method.values())) + " or lifted");
        }
        return Names.method(name);
    }

    /** The configuration these options describe, for seed {@code seed} on a problem with these defaults. */
    SolverConfig config(long seed, SolverDefaults defaults) {
        SolverConfig.Method m = lifted() ? SolverConfig.Method.GD : parseMethod(method);
        SolverConfig.Builder b = settings().builder(defaults).method(m).escapeMode(Names.escapeMode(escape)).seed(seed);
        if (liftOrder != null) {
            if (liftOrder < 1 || liftOrder % 2 == 0) {
                throw new SodInputException("--lift-order must be an odd integer >= 1 (3, 5, 11...), got " + liftOrder);
            }
            if (!lifted()) b.liftOrder(liftOrder);
        }
        return b.build();
    }

    /** The solver settings given on the command line (validated). */
    SolverSettings settings() {
        return new SolverSettings(stepRule == null ? null : Names.stepRule(stepRule), step, iterations, timeLimit, initScale,
                stopping.stopping(), local.settings(local.single()));
    }
}
