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
import sod.solver.StationaryPointAnalysis;

/**
 * {@code sod escape}: the SOD check at one point, without continuing. The point is {@code --x0} or
 * where gradient descent first stalls. The quantities and each mode's outcome come from the solver
 * itself: a run that starts at the point with a gradient tolerance so large that the point counts as
 * stationary makes exactly one escape attempt there and stops (adapter: the solver has no public
 * "analyse this point" call).
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
        SolverConfig base = solverOptions.config(problemOptions.seed, problemOptions.solverDefaults()).toBuilder().method(SolverConfig.Method.SOD).build();
        try (Problem problem = problemOptions.build()) {
            double[] point;
            String origin;
            if (solverOptions.x0 != null) {
                point = ProblemFiles.readX0(solverOptions.x0, problem.n(), problem.rank());
                origin = "X0 from " + solverOptions.x0;
            } else {
                // Pass 1: where does the solver first declare a stall? Pass 2: plain GD up to that iteration.
                int[] stallAt = {-1};
                Listener firstStall = new Listener() {
                    @Override
                    public void onIteration(int iter, double h, double gradNorm, double distance) {
                    }

                    @Override
                    public void onEscape(Escape e) {
                        if (stallAt[0] < 0) stallAt[0] = e.iteration();
                    }
                };
                if (!common.quiet) err.println("running gradient descent to the first stall...");
                Result probe;
                try (Solver solver = new Solver(base.toBuilder().maxEscapes(1).build())) {
                    probe = solver.solve(problem, null, firstStall);
                }
                if (stallAt[0] < 0) {
                    out.printf(Locale.ROOT, "gradient descent did not stall within %d iterations (%s, h %.4e, distance %s);"
                            + " nothing to escape%n", base.maxIterations(), probe.status(), probe.h(), Report.distance(probe));
                    out.flush();
                    return Main.OK;
                }
                try (Solver solver = new Solver(base.toBuilder().method(SolverConfig.Method.GD).maxIterations(stallAt[0]).build())) {
                    point = solver.solve(problem).x();
                }
                origin = "gradient descent from seed " + problemOptions.seed + ", stalled at iteration " + stallAt[0];
            }

            Result at;
            try (Solver solver = new Solver(base.toBuilder().method(SolverConfig.Method.GD).maxIterations(0).build())) {
                at = solver.solve(problem, point, Listener.NONE);
            }
            java.util.List<Escape.Candidate> tpgdCandidates = new java.util.ArrayList<>(), lineCandidates = new java.util.ArrayList<>();
            Escape tpgd = attempt(problem, point, base, SolverConfig.EscapeMode.TPGD, tpgdCandidates);
            Escape line = attempt(problem, point, base, SolverConfig.EscapeMode.LINE_SEARCH, lineCandidates);

            out.printf(Locale.ROOT, "problem:   %s (n %d, m %d, r %d)%n", problem.name(), problem.n(), problem.m(), problem.rank());
            out.printf(Locale.ROOT, "point:     %s%n", origin);
            out.printf(Locale.ROOT, "           h %s  |grad| %s  distance %s%n", Report.number("%.6e", at.h()),
                    Report.number("%.3e", at.gradNorm()), Report.distance(at));
            StationaryPointAnalysis.Report kind;
            try (StationaryPointAnalysis analysis = new StationaryPointAnalysis(problem.operator(), problem.rank(),
                    StationaryPointAnalysis.DEFAULT_DENSE_LIMIT)) {
                kind = analysis.analyse(point, problem.b(), Solver.STALL_GRADIENT_TOLERANCE, Solver.STALL_CURVATURE_TOLERANCE);
            }
            out.printf(Locale.ROOT, "verdict    %s  (|grad| %s, lambda_min(Hessian) %s, lambda_min(G) %s, ||G||_F %s)%n",
                    kind.verdict(), Report.number("%.3e", kind.gradientNorm()), Report.number("%.4e", kind.hessianMin()),
                    Report.number("%.4e", kind.gMin()), Report.number("%.4e", kind.gNorm()));
            Escape q = tpgd;
            out.printf(Locale.ROOT, "lambda_n   %s%s%n", Report.number("%.6e", q.lambdaMin()),
                    q.lambdaMin() >= 0 ? "  (>= 0: no negative curvature to use)" : "");
            out.printf(Locale.ROOT, "sigma_r    %s%s%n", Report.number("%.6e", q.sigmaR()),
                    q.sigmaR() == 0 ? "  (X is rank deficient: the step uses a null direction)" : "");
            out.printf(Locale.ROOT, "NCM        %s%n", Report.number("%.6f", q.ncm()));
            out.printf(Locale.ROOT, "AIC        %s%n", Report.number("%.6f", q.aic()));
            out.printf(Locale.ROOT, "EFS        %s  (%s)%n", Report.number("%.6f", q.efs()), q.efs() > 1 ? "> 1: a certified single step exists"
                    : "<= 1: no certified single step; multi-step escape");
            out.printf(Locale.ROOT, "delta      %s  (RIP constant used)%n", Report.number("%.4f", q.delta()));
            out.println();
            out.printf(Locale.ROOT, "%-12s %-28s %10s %14s %12s %12s%n", "mode", "outcome", "candidates", "h after probe", "t", "scale");
            describe(out, "tpgd", tpgd);
            describe(out, "line-search", line);
            candidates(out, "tpgd", tpgdCandidates, at.h());
            candidates(out, "line-search", lineCandidates, at.h());
            Escape chosen = base.escapeMode() == SolverConfig.EscapeMode.TPGD ? tpgd : line;
            String chosenName = Names.of(base.escapeMode());
            out.println();
            if (chosen.kind().accepted()) {
                out.printf(Locale.ROOT, "would take: %s (--escape %s), h %.4e -> %.4e%n", chosen.kind().name().toLowerCase(Locale.ROOT),
                        chosenName, chosen.hBefore(), chosen.hAfter());
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
        SolverConfig config = base.toBuilder().method(SolverConfig.Method.SOD).escapeMode(mode)
                .gradientTolerance(Double.MAX_VALUE).maxEscapes(1)
                .maxIterations(Math.max(1, base.maxIterations())).build();
        try (Solver solver = new Solver(config)) {
            Result r = solver.solve(problem, point, new Listener() {
                @Override
                public void onIteration(int iter, double h, double gradNorm, double distance) {
                }

                @Override
                public void onCandidate(Escape.Candidate candidate) {
                    candidates.add(candidate);
                }
            });
            if (r.escapes().isEmpty()) {
                throw new sod.SodInputException("the point already reaches the target distance; nothing to escape");
            }
            return r.escapes().get(0);
        }
    }

    /** Every probed candidate of one mode with its h after the probe; the lowest below h(Xhat) wins. */
    private static void candidates(PrintWriter out, String mode, java.util.List<Escape.Candidate> list, double hAt) {
        out.println();
        if (list.isEmpty()) {
            out.printf(Locale.ROOT, "%s candidates: none%n", mode);
            return;
        }
        out.printf(Locale.ROOT, "%s candidates (h at the point %.6e):%n", mode, hAt);
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
