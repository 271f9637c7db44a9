package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import sod.problems.BuiltInProblems;
import sod.problems.Problem;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

/** The sweep engine and its two runners (moved here from the former {@code sod.solver.SweepTest}, same properties). */
class SweepEngineTest {
    static final List<Variant> GD_TPGD_LS = List.of(Variant.of(Method.GD), Variant.sod(EscapeMode.TPGD),
            Variant.sod(EscapeMode.LINE_SEARCH));

    static SweepSpec pmc(int n, double eps, int seeds, List<Variant> variants) {
        return new SweepSpec(BuiltInProblems.named("pmc"), List.of(n), List.of(eps), variants, seeds, 0, 1, 0, SolverSettings.NONE);
    }

    static List<Outcome> run(SweepSpec spec, SweepEngine.Runner<Trial, Outcome> runner, int threads, List<Trial> trials) {
        List<Outcome> outcomes = new ArrayList<>();
        new SweepEngine<Trial, Outcome>(threads).run(trials, runner, outcomes::add);
        outcomes.sort(Comparator.comparing((Outcome o) -> o.trial().key()));
        return outcomes;
    }

    /** Everything but the wall time. */
    static void assertSameOutcomes(List<Outcome> expected, List<Outcome> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Outcome e = expected.get(i), a = actual.get(i);
            String what = e.trial().key();
            assertEquals(e.trial(), a.trial(), what);
            assertEquals(e.h(), a.h(), what);
            assertEquals(e.distance(), a.distance(), what);
            assertEquals(e.iterations(), a.iterations(), what);
            assertEquals(e.success(), a.success(), what);
            assertEquals(e.status(), a.status(), what);
            assertEquals(e.escapes(), a.escapes(), what);
            assertEquals(e.stalls(), a.stalls(), what);
        }
    }

    @Test
    void smallSweepSucceedsWithSodAndIsIndependentOfThreads() {
        SweepSpec spec = pmc(40, 0.15, 5, GD_TPGD_LS);
        assertTrue(SharedPrefixTrials.applies(spec));
        List<Outcome> one = run(spec, new SharedPrefixTrials(spec), 1, spec.grid());
        List<Outcome> two = run(spec, new SharedPrefixTrials(spec), 2, spec.grid());
        assertEquals(15, one.size());
        assertSameOutcomes(one, two);
        java.util.Map<String, Outcome> done = new java.util.HashMap<>();
        for (Outcome o : one) done.put(o.trial().key(), o);
        Table table = Table.of(spec.grid(), done);
        assertEquals(GD_TPGD_LS, table.cells().stream().map(Cell::variant).toList());
        assertEquals(1.0, table.cells().get(1).successRate(), "GD+SOD (TPGD) must recover every seed");
        assertEquals(1.0, table.cells().get(2).successRate(), "GD+SOD (line search) must recover every seed");
        assertEquals("sod (tpgd)", table.cells().get(1).seriesLabel());
    }

    @Test
    void sharedPrefixGivesTheSameResultsAsIndependentRuns() {
        SweepSpec both = pmc(40, 0.10, 3, List.of(Variant.of(Method.GD), Variant.sod(EscapeMode.TPGD)));
        SweepSpec alone = pmc(40, 0.10, 3, List.of(Variant.sod(EscapeMode.TPGD)));
        List<Outcome> shared = run(both, new SharedPrefixTrials(both), 1, both.grid());
        shared.removeIf(o -> o.trial().variant().method() == Method.GD);
        assertSameOutcomes(run(alone, new SharedPrefixTrials(alone), 1, alone.grid()), shared);
        assertSameOutcomes(run(both, new IndependentTrials(both), 2, both.grid()), run(both, new SharedPrefixTrials(both), 2, both.grid()));
    }

    @Test
    void sharedPrefixMatchesIndependentSolvesOfASeededProblemToo() {
        SolverSettings fixed = new SolverSettings(SolverConfig.StepRule.FIXED, 0.1, 600, null, 0.3);
        SweepSpec spec = new SweepSpec(BuiltInProblems.named("gaussian"), List.of(8), null, GD_TPGD_LS, 3, 0, 2, 0, fixed);
        assertTrue(SharedPrefixTrials.applies(spec));
        assertSameOutcomes(run(spec, new IndependentTrials(spec), 1, spec.grid()),
                run(spec, new SharedPrefixTrials(spec), 2, spec.grid()));
        // a checkpoint does not carry the backtracking step: those trials solve from the start, with the same outcomes
        SweepSpec armijo = new SweepSpec(BuiltInProblems.named("gaussian"), List.of(8), null, GD_TPGD_LS, 2, 0, 2, 0,
                new SolverSettings(null, null, 400, null, null));
        assertSameOutcomes(run(armijo, new IndependentTrials(armijo), 1, armijo.grid()),
                run(armijo, new SharedPrefixTrials(armijo), 2, armijo.grid()));
    }

    /** Other local methods share the instance and the RIP estimate but no prefix: the outcomes of independent solves. */
    @Test
    void sharedInstancesUnderOtherLocalMethodsMatchIndependentSolves() {
        List<Variant> variants = List.of(Variant.of(Method.GD), Variant.of(Method.GD).under(SolverConfig.LocalMethod.LM),
                Variant.sod(EscapeMode.TPGD).under(SolverConfig.LocalMethod.LM),
                Variant.of(Method.RESTARTS).under(SolverConfig.LocalMethod.TRUST_REGION),
                Variant.sod(EscapeMode.TPGD).under(SolverConfig.LocalMethod.SCALED_GD));
        SweepSpec spec = pmc(20, 0.10, 2, variants);
        assertTrue(SharedPrefixTrials.applies(spec));
        List<Outcome> shared = run(spec, new SharedPrefixTrials(spec), 2, spec.grid());
        assertSameOutcomes(run(spec, new IndependentTrials(spec), 1, spec.grid()), shared);
        for (Outcome o : shared)
            if (o.trial().variant().method() == Method.SOD) assertTrue(o.success(), o.trial().key() + " recovers");
    }

    /** The independent runner's trial is a plain solve of the trial's instance with the trial's config. */
    @Test
    void anIndependentTrialIsThePlainSolve() {
        SweepSpec spec = new SweepSpec(BuiltInProblems.named("rank-one"), List.of(10), null, List.of(Variant.of(Method.GD)), 2,
                0, 1, 0, null);
        List<Outcome> outcomes = run(spec, new IndependentTrials(spec), 2, spec.grid());
        for (Outcome o : outcomes) {
            SolverConfig config = SolverConfig.builder().method(Method.GD).stepRule(SolverConfig.StepRule.ARMIJO).step(1000)
                    .initScale(0.01).targetDistance(SolverConfig.PAPER_TARGET_DISTANCE).seed(o.trial().seed()).build();
            try (Problem p = sod.problems.RankOneSensing.create(10, 50, 1, o.trial().seed(), 1); Solver s = new Solver(config)) {
                Result r = s.solve(p);
                assertEquals(r.h(), o.h());
                assertEquals(r.iterations(), o.iterations());
            }
        }
    }

    @Test
    void onlyTheGivenTrialsRun() {
        SweepSpec spec = pmc(40, 0.15, 4, List.of(Variant.of(Method.GD), Variant.sod(EscapeMode.TPGD)));
        List<Trial> todo = spec.grid().stream().filter(t -> t.seed() >= 2).toList();
        List<Outcome> ran = run(spec, new SharedPrefixTrials(spec), 1, todo);
        assertEquals(4, ran.size());
        assertTrue(ran.stream().allMatch(o -> o.trial().seed() >= 2));
    }

    /** A runner whose trials wait until released: the stop hook must end the run and drop late outcomes. */
    @Test
    void stopHookEndsTheSweepAndDropsLaterOutcomes() throws Exception {
        AtomicInteger started = new AtomicInteger();
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        SweepEngine.Runner<Integer, Integer> runner = () -> new SweepEngine.Worker<>() {
            @Override
            public void run(List<Integer> unit, Consumer<Integer> done) {
                for (int t : unit) {
                    started.incrementAndGet();
                    if (t == 0) done.accept(t);
                    else {
                        try {
                            stopped.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        done.accept(t); // finishes after the stop: must be dropped
                    }
                }
            }

            @Override
            public void requestStop() {
                stopped.countDown();
            }

            @Override
            public void close() {
            }
        };
        SweepEngine<Integer, Integer> engine = new SweepEngine<>(1);
        List<Integer> received = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            while (started.get() < 2) Thread.onSpinWait();
            engine.requestStop();
        });
        stopper.start();
        engine.run(List.of(0, 1, 2, 3), runner, received::add);
        stopper.join();
        assertEquals(List.of(0), received);
        assertEquals(2, started.get(), "no unit starts after the stop");
        assertTrue(engine.stopRequested());
    }
}
