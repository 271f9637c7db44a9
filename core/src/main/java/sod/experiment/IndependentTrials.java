package sod.experiment;

import java.util.List;
import java.util.function.Consumer;
import sod.problems.Problem;
import sod.solver.Solver;

/** The plain runner: every trial is its own solve of its own instance, as {@code sod solve} runs it. */
public final class IndependentTrials implements SweepEngine.Runner<Trial, Outcome> {
    private final SweepSpec spec;

    public IndependentTrials(SweepSpec spec) {
        this.spec = spec;
    }

    @Override
    public SweepEngine.Worker<Trial, Outcome> worker() {
        OpenBlasThreads.one();
        return new SweepEngine.Worker<>() {
            private volatile Solver running;
            private volatile boolean stop;

            @Override
            public void run(List<Trial> unit, Consumer<Outcome> done) {
                for (Trial t : unit) {
                    try (Problem p = spec.instance(t); Solver solver = new Solver(spec.config(t))) {
                        running = solver;
                        if (stop) solver.requestStop();
                        done.accept(Outcome.of(t, spec.solve(solver, t, p)));
                    } finally {
                        running = null;
                    }
                }
            }

            @Override
            public void requestStop() {
                stop = true;
                Solver s = running;
                if (s != null) s.requestStop();
            }

            @Override
            public void close() {
            }
        };
    }
}
