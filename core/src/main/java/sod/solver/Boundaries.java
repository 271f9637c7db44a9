package sod.solver;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import sod.solver.local.StepRule;
import sod.solver.stall.StallRule;

/**
 * The {@link Boundary} of each run of one {@link Solver}, by its method, kept from run to run (each run
 * starts it again with {@link Boundary#start}), so that a warm solver makes none per solve. GD+SOD's is
 * made again when the solver's escape workspace is (new sizes).
 */
final class Boundaries {
    private final SolverConfig config;
    private final StallRule stallRule;
    private final StepRule stepRule;
    private final RunStatistics stats;
    private final DoubleSupplier delta;
    private final Supplier<SodEscape> escape;
    private FirstStallRecorder stallRecorder;
    private EscapeAtStalls escapeAtStalls;
    private SodEscape escapeOfBoundary;
    private Boundary baseline;

    Boundaries(SolverConfig config, StallRule stallRule, StepRule stepRule, RunStatistics stats, DoubleSupplier delta,
               Supplier<SodEscape> escape) {
        this.config = config;
        this.stallRule = stallRule;
        this.stepRule = stepRule;
        this.stats = stats;
        this.delta = delta;
        this.escape = escape;
    }

    /** The boundary of a run started at {@code start} (System.nanoTime) from h(0) = {@code h0}; null for SGD. */
    Boundary forRun(long start, double h0) {
        return switch (config.method()) {
            case GD -> {
                if (stallRecorder == null) stallRecorder = new FirstStallRecorder(stallRule);
                stallRecorder.begin(start, h0);
                yield stallRecorder;
            }
            case SOD -> {
                SodEscape e = escape.get();
                if (escapeAtStalls == null || escapeOfBoundary != e) {
                    escapeAtStalls = new EscapeAtStalls(e, stallRule, stepRule, delta, config.sod().maxEscapes(), config.start().seed());
                    escapeOfBoundary = e;
                }
                yield escapeAtStalls;
            }
            case RESTARTS -> baseline != null ? baseline
                    : (baseline = new RandomRestarts(stallRule, config.start().initScale(), config.start().seed()));
            case PGD -> baseline != null ? baseline
                    : (baseline = new PerturbedGd(config.baselines().pgdRadius(), config.baselines().pgdGradientThreshold(),
                            config.baselines().pgdWindow(), config.start().seed(), stats));
            case SGD -> null;
        };
    }
}
