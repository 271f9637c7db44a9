package sod.cli;

import picocli.CommandLine.Option;
import sod.experiment.SolverSettings;

/** When a run stops: the convergence tolerances and an optional target near a known truth. */
final class StoppingOptions {
    @Option(names = "--gtol", paramLabel = "G",
            description = "Stationary when ||grad h|| ||X||_F / (2 h) <= G (default: 1e-10).")
    Double gtol;

    @Option(names = "--ftol", paramLabel = "F",
            description = "Stationary when a step changes h by at most F h; 0 turns it off (default: 1e-15).")
    Double ftol;

    @Option(names = "--htol", paramLabel = "H",
            description = "Converged (zero residual) when h / h(0) = ||A(XX^T) - b||^2 / ||b||^2 <= H (default: 1e-26).")
    Double htol;

    @Option(names = "--target-distance", paramLabel = "D",
            description = "Stop when ||XX^T - M*||_F < D (needs --truth or a built-in problem; solve default: none,"
                    + " the truth only adds reported figures; sweep default: 0.05, the paper's success criterion).")
    Double targetDistance;

    @Option(names = "--target-relative", paramLabel = "D",
            description = "Stop when ||XX^T - M*||_F / ||M*||_F < D.")
    Double targetRelative;

    @Option(names = "--stall", paramLabel = "RULE",
            description = "When GD+SOD attempts an escape: plateau (h dropped <= 0.1%% over 200 iterations, the paper's"
                    + " setting) or stationary (||grad h|| ||X|| / 2h <= 1e-3) (default: plateau).")
    String stall;

    SolverSettings.Stopping stopping() {
        return new SolverSettings.Stopping(gtol, ftol, htol, targetDistance, targetRelative,
                stall == null ? null : sod.experiment.Names.stallRule(stall));
    }
}
