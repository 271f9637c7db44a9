package sod.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sod.experiment.Names;
import sod.problems.Problem;
import sod.problems.ProblemFiles;
import sod.solver.Escape;
import sod.solver.Listener;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.SodEscape;
import sod.solver.StationaryPointAnalysis;

/**
 * {@code sod escape}: the SOD check at one point, without continuing. The point is {@code --x0} or
 * where gradient descent first stalls ({@link Solver#firstStall()}); each mode's attempt is
 * {@link SodEscape#at}, exactly what the solver runs at that stall.
 */
@Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run GD to a stall (or load --x0), then print the SOD quantities (lambda_n, sigma_r, NCM, AIC,",
                "EFS, delta), what each escape mode (tpgd, line-search) would do there, and which one would be taken."},
        footer = {"", "Examples:",
                "  scripts/sod escape --problem pmc --n 40 --eps 0.10 --seed 1",
                "  scripts/sod escape --problem counterexample --x0 spurious.npy",
                "  scripts/sod escape --problem pmc --n 3 --eps 0.3 --escape line-search"})
final class EscapeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    SolverOptions solverOptions = new SolverOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preflight.refuseIgnoredOptions(spec);
        new Preflight(spec).check(); // the inputs: regular files
        SolverConfig base = solverOptions.config(problemOptions.seed, problemOptions.solverDefaults()).toBuilder().method(SolverConfig.Method.SOD).build();
        try (Problem problem = problemOptions.build()) {
            double[] point;
            String origin;
            if (solverOptions.x0 != null) {
                point = ProblemFiles.readX0(solverOptions.x0, problem.n(), problem.rank());
                origin = "X0 from " + solverOptions.x0;
            } else {
                // GD's first stall is where GD+SOD with the same settings makes its first attempt
                if (!common.quiet) err.println("running gradient descent to the first stall...");
                Result gd;
                Solver.Checkpoint stall;
                try (Solver solver = new Solver(base.toBuilder().method(SolverConfig.Method.GD).build())) {
                    gd = solver.solve(problem);
                    stall = solver.firstStall();
                }
                if (stall == null) {
                    out.printf(Locale.ROOT, "gradient descent did not stall within %d iterations (%s, h %s, distance %s);"
                            + " nothing to escape%n", base.stopping().maxIterations(), gd.status(), Report.number("%.4e", gd.h()),
                            Report.distance(gd));
                    out.flush();
                    return Main.OK;
                }
                point = stall.x();
                origin = "gradient descent from seed " + problemOptions.seed + ", stalled at iteration " + stall.iteration();
            }

            Result at;
            try (Solver solver = new Solver(base.toBuilder().method(SolverConfig.Method.GD).maxIterations(0).build())) {
                at = solver.solve(problem, point, Listener.NONE);
            }
            java.util.Map<SolverConfig.EscapeMode, Escape> attempts = new java.util.EnumMap<>(SolverConfig.EscapeMode.class);
            java.util.Map<SolverConfig.EscapeMode, java.util.List<Escape.Candidate>> probed =
                    new java.util.EnumMap<>(SolverConfig.EscapeMode.class);
            for (SolverConfig.EscapeMode mode : SolverConfig.EscapeMode.values()) {
                java.util.List<Escape.Candidate> list = new java.util.ArrayList<>();
                attempts.put(mode, attempt(problem, point, base, mode, list));
                probed.put(mode, list);
            }

            out.printf(Locale.ROOT, "problem:   %s (n %d, m %d, r %d)%n", problem.name(), problem.n(), problem.m(), problem.rank());
            out.printf(Locale.ROOT, "point:     %s%n", origin);
            out.printf(Locale.ROOT, "           h %s  |grad| %s  distance %s%n", Report.number("%.6e", at.h()),
                    Report.number("%.3e", at.gradNorm()), Report.distance(at));
            StationaryPointAnalysis.Report kind;
            try (StationaryPointAnalysis analysis = new StationaryPointAnalysis(problem.operator(), problem.rank())) {
                kind = analysis.analyse(point, problem.b(), SodEscape.STALL_GRADIENT_TOLERANCE, SodEscape.STALL_CURVATURE_TOLERANCE);
            }
            out.printf(Locale.ROOT, "verdict    %s  (|grad| %s, lambda_min(Hessian) %s, lambda_min(G) %s, ||G||_F %s)%n",
                    kind.verdict(), Report.number("%.3e", kind.gradientNorm()), Report.number("%.4e", kind.hessianMin()),
                    Report.number("%.4e", kind.gMin()), Report.number("%.4e", kind.gNorm()));
            Escape q = attempts.get(base.sod().escapeMode()); // the stalled point's quantities are the same in every mode
            out.printf(Locale.ROOT, "lambda_n   %s%s%n", Report.number("%.6e", q.lambdaMin()),
                    q.lambdaMin() >= 0 ? "  (>= 0: no negative curvature to use)" : "");
            out.printf(Locale.ROOT, "sigma_r    %s%s%n", Report.number("%.6e", q.sigmaR()),
                    q.sigmaR() == 0 ? "  (X is rank deficient: the step uses a null direction)" : "");
            out.printf(Locale.ROOT, "NCM        %s%n", Report.number("%.6f", q.ncm()));
            out.printf(Locale.ROOT, "AIC        %s%n", Report.number("%.6f", q.aic()));
            out.printf(Locale.ROOT, "EFS        %s  (%s)%n", Report.number("%.6f", q.efs()), q.certified() ? "> 1: a certified single step exists"
                    : "<= 1: no certified single step; multi-step escape");
            out.printf(Locale.ROOT, "delta      %s  (RIP constant used)%n", Report.number("%.4f", q.delta()));
            out.println();
            out.printf(Locale.ROOT, "%-12s %-28s %10s %14s %12s %12s%n", "mode", "outcome", "candidates", "h after probe", "t", "scale");
            for (var e : attempts.entrySet()) describe(out, Names.of(e.getKey()), e.getValue());
            for (var e : probed.entrySet()) candidates(out, Names.of(e.getKey()), e.getValue(), at.h());
            Escape chosen = attempts.get(base.sod().escapeMode());
            String chosenName = Names.of(base.sod().escapeMode());
            out.println();
            if (chosen.kind().accepted()) {
                out.printf(Locale.ROOT, "would take: %s (--escape %s), h %s -> %s%n", chosen.kind().name().toLowerCase(Locale.ROOT),
                        chosenName, Report.number("%.4e", chosen.hBefore()), Report.number("%.4e", chosen.hAfter()));
            } else {
                out.printf(Locale.ROOT, "would take: nothing with --escape %s (%s)%n", chosenName, chosen.kind());
            }
            out.flush();
            return Main.OK;
        }
    }

    /** One escape attempt at {@code point} in the given mode, nothing more. */
    private static Escape attempt(Problem problem, double[] point, SolverConfig base, SolverConfig.EscapeMode mode,
                                  java.util.List<Escape.Candidate> candidates) {
        Listener collect = new Listener() {
            @Override
            public void onIteration(int iter, double h, double gradNorm, double distance) {
            }

            @Override
            public boolean wantsDistance() {
                return false;
            }

            @Override
            public void onCandidate(Escape.Candidate candidate) {
                candidates.add(candidate);
            }
        };
        return SodEscape.at(problem, point, base.toBuilder().escapeMode(mode).build(), collect).escape();
    }

    /** Every probed candidate of one mode with its h after the probe; the lowest below h(Xhat) wins. */
    private static void candidates(PrintWriter out, String mode, java.util.List<Escape.Candidate> list, double hAt) {
        out.println();
        if (list.isEmpty()) {
            out.printf(Locale.ROOT, "%s candidates: none%n", mode);
            return;
        }
        out.printf(Locale.ROOT, "%s candidates (h at the point %s):%n", mode, Report.number("%.6e", hAt));
        out.printf(Locale.ROOT, "  %-3s %-12s %-14s %12s %12s %14s%n", "#", "kind", "direction", "t", "scale", "h after probe");
        double best = Double.POSITIVE_INFINITY;
        for (Escape.Candidate c : list) best = Math.min(best, c.hAfterProbe());
        int k = 0;
        for (Escape.Candidate c : list) {
            out.printf(Locale.ROOT, "  %-3d %-12s %-14s %12s %12s %14s%s%n", ++k, c.kind().name().toLowerCase(Locale.ROOT),
                    c.direction(), Double.isNaN(c.t()) ? "-" : String.format(Locale.ROOT, "%.4g", c.t()),
                    Report.number("%.4g", c.scale()), Double.isInfinite(c.hAfterProbe()) ? "diverged" : Report.number("%.6e", c.hAfterProbe()),
                    c.hAfterProbe() == best && best < hAt ? "  <- best" : "");
        }
    }

    private static void describe(PrintWriter out, String mode, Escape e) {
        String outcome = e.kind().name().toLowerCase(Locale.ROOT) + (e.kind().accepted() ? " (accepted)" : "");
        out.printf(Locale.ROOT, "%-12s %-28s %10d %14s %12s %12s%n", mode, outcome, e.candidates(), Report.number("%.6e", e.hAfter()),
                Double.isNaN(e.t()) ? "-" : String.format(Locale.ROOT, "%.4g", e.t()),
                Double.isNaN(e.scale()) ? "-" : String.format(Locale.ROOT, "%.4g", e.scale()));
    }
}
