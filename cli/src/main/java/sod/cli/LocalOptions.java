package sod.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import sod.SodInputException;
import sod.experiment.Names;
import sod.experiment.SolverSettings;
import sod.solver.SolverConfig.LocalMethod;

/** The local method between stalls and the settings of the second-order ones (solve, escape and sweep). */
final class LocalOptions {
    @Option(names = "--local", split = ",", paramLabel = "LOCAL",
            description = "Local method between stalls: gd (gradient descent, --step-rule and --step), lm (Levenberg-Marquardt),"
                    + " trust-region (Newton with Steihaug-Toint CG), scaled-gd (preconditioned by (X^T X)^-1); sweep takes"
                    + " several, comma-separated (default: gd).")
    List<String> locals;

    @Option(names = "--damping", paramLabel = "TAU",
            description = "lm: initial damping, mu = TAU times a curvature of J^T J (default: 1e-3).")
    Double damping;

    @Option(names = "--cg-iters", paramLabel = "K",
            description = "lm (matrix-free path) and trust-region: CG iterations per linear solve (default: 500).")
    Integer cgIterations;

    /** The local methods named (gd when none). */
    List<LocalMethod> methods() {
        List<LocalMethod> methods = new ArrayList<>();
        if (locals == null || locals.isEmpty()) return List.of(LocalMethod.GD);
        for (String name : locals) {
            LocalMethod m = Names.local(name);
            if (!methods.contains(m)) methods.add(m);
        }
        return methods;
    }

    /** The one local method of a single solve. */
    LocalMethod single() {
        List<LocalMethod> methods = methods();
        if (methods.size() > 1) {
            throw new SodInputException("--local: a solve runs one local method, got " + String.join(",", locals)
                    + "; give one, or compare them with sod sweep --local " + String.join(",", locals));
        }
        return methods.getFirst();
    }

    /** The settings with {@code method} (null: none named, e.g. a sweep's, whose variants name them). */
    SolverSettings.Local settings(LocalMethod method) {
        return new SolverSettings.Local(method, damping, cgIterations);
    }
}
