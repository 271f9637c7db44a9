package sod.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.SolverConfig.Method;

/**
 * Issue 17 classes 2 and 7, the library side: a {@link Solver} used from two threads at once, from
 * inside its own listener, closed during a solve or used after close fails with a documented
 * {@link IllegalStateException} and never returns a result mixed from two runs (every result that is
 * returned is bitwise the single-threaded one); interrupting the solving thread stops every method.
 */
class SolverMisuseTest {
    static final List<Method> METHODS = List.of(Method.GD, Method.SOD, Method.PGD, Method.SGD);

    static SolverConfig config(Method m) {
        return SolverConfig.paper().toBuilder().method(m).maxIterations(400).seed(3).build();
    }

    static void assertSame(Result reference, Result r, String what) {
        assertArrayEquals(reference.x(), r.x(), what + ": X");
        assertEquals(reference.h(), r.h(), 0.0, what + ": h");
        assertEquals(reference.iterations(), r.iterations(), what + ": iterations");
    }

    /** A listener that parks the solve at iteration {@code at} until released. */
    static final class Park implements Listener {
        final CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        final int at;

        Park(int at) {
            this.at = at;
        }

        @Override
        public void onIteration(int iter, double h, double gradNorm, double distance) {
            if (iter != at) return;
            inside.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aSecondThreadOrACloseDuringASolveIsRefusedAndTheRunningSolveIsUntouched() throws Exception {
        int cases = 0, clean = 0;
        try (Problem p = Pmc.create(12, 0.1, 1)) {
            for (Method m : METHODS) {
                Result reference;
                try (Solver s = new Solver(config(m))) {
                    reference = s.solve(p);
                }
                try (Solver solver = new Solver(config(m))) {
                    Park park = new Park(5);
                    AtomicReference<Result> outer = new AtomicReference<>();
                    Thread a = new Thread(() -> outer.set(solver.solve(p, null, park)), "solver-a");
                    a.start();
                    assertTrue(park.inside.await(60, TimeUnit.SECONDS));
                    cases += 3;
                    IllegalStateException second = assertThrows(IllegalStateException.class, () -> solver.solve(p));
                    assertTrue(second.getMessage().contains("one Solver per thread"), second.getMessage());
                    IllegalStateException close = assertThrows(IllegalStateException.class, solver::close);
                    assertTrue(close.getMessage().contains("requestStop"), close.getMessage());
                    assertThrows(IllegalStateException.class, () -> solver.solve(p, null, Listener.NONE), "still running");
                    park.release.countDown();
                    a.join(60_000);
                    assertSame(reference, outer.get(), m + ": the parked solve");
                    assertSame(reference, solver.solve(p), m + ": the solver is usable after the refusals");
                    clean += 3;
                }
            }
        }
        sod.testing.HostileCounts.print("class 2 (concurrent solve or close on one Solver)", cases, clean);
    }

    @Test
    void aListenerCallingBackIntoItsSolverIsRefused() {
        int cases = 0, clean = 0;
        try (Problem p = Pmc.create(12, 0.1, 1)) {
            for (Method m : METHODS) {
                Result reference;
                try (Solver s = new Solver(config(m))) {
                    reference = s.solve(p);
                }
                try (Solver solver = new Solver(config(m))) {
                    List<RuntimeException> refused = new ArrayList<>();
                    Listener reentrant = (iter, h, g, d) -> {
                        if (iter == 3) {
                            try {
                                solver.solve(p);
                            } catch (IllegalStateException e) {
                                refused.add(e);
                            }
                            try {
                                solver.close();
                            } catch (IllegalStateException e) {
                                refused.add(e);
                            }
                        }
                    };
                    cases += 2;
                    Result r = solver.solve(p, null, reentrant);
                    assertEquals(2, refused.size(), m + ": both calls refused");
                    assertTrue(refused.get(0).getMessage().contains("from inside a running solve"), refused.get(0).getMessage());
                    assertSame(reference, r, m + ": the outer result is the plain one");
                    clean += 2;
                }
            }
        }
        sod.testing.HostileCounts.print("class 2 (re-entrant solve or close from a Listener)", cases, clean);
    }

    @Test
    void useAfterCloseIsAnIllegalStateException() {
        try (Problem p = Pmc.create(8, 0.1, 1)) {
            Solver solver = new Solver(config(Method.SOD));
            solver.solve(p);
            solver.close();
            solver.close(); // idempotent
            assertTrue(assertThrows(IllegalStateException.class, () -> solver.solve(p)).getMessage().contains("after close"));
            assertThrows(IllegalStateException.class, () -> solver.currentX(new double[8]));
            assertThrows(IllegalStateException.class, () -> solver.solve(p, new double[8], Listener.NONE));
            Solver fresh = new Solver(config(Method.GD));
            assertTrue(assertThrows(IllegalStateException.class, () -> fresh.currentX(new double[8])).getMessage()
                    .contains("before any solve"));
            fresh.close();
        }
    }

    /** Random interleavings of three threads on one solver: each call returns the reference result or is refused. */
    @Test
    void randomInterleavingsNeverMixTwoRuns() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        int calls = 0, clean = 0;
        try (Problem p = Pmc.create(10, 0.1, 1)) {
            Result reference;
            try (Solver s = new Solver(config(Method.SOD))) {
                reference = s.solve(p);
            }
            try (Solver solver = new Solver(config(Method.SOD))) {
                for (int round = 0; round < 12; round++) {
                    List<Thread> threads = new ArrayList<>();
                    List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
                    for (int t = 0; t < 3; t++) {
                        long delay = random.nextInt(3);
                        threads.add(new Thread(() -> {
                            try {
                                Thread.sleep(delay);
                                outcomes.add(solver.solve(p));
                            } catch (IllegalStateException e) {
                                outcomes.add(e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }));
                    }
                    threads.forEach(Thread::start);
                    for (Thread t : threads) t.join(60_000);
                    for (Object o : outcomes) {
                        calls++;
                        if (o instanceof Result r) assertSame(reference, r, "round " + round);
                        else assertTrue(((IllegalStateException) o).getMessage().contains("one Solver per thread"), o.toString());
                        clean++;
                    }
                    assertTrue(outcomes.stream().anyMatch(o -> o instanceof Result) || outcomes.size() == 3);
                }
            }
        }
        sod.testing.HostileCounts.print("class 2 (random interleavings of 3 threads)", calls, clean);
    }

    @Test
    void interruptingTheSolvingThreadStopsEveryMethod() throws Exception {
        int cases = 0, clean = 0;
        try (Problem p = Pmc.create(16, 0.1, 1)) {
            for (Method m : METHODS) {
                SolverConfig slow = SolverConfig.paper().toBuilder().method(m).step(1e-7).maxIterations(Integer.MAX_VALUE)
                        .targetDistance(Double.NaN).build();
                try (Solver solver = new Solver(slow)) {
                    CountDownLatch started = new CountDownLatch(1);
                    AtomicReference<Result> result = new AtomicReference<>();
                    Thread t = new Thread(() -> result.set(solver.solve(p, null, (iter, h, g, d) -> {
                        if (iter == 50) started.countDown();
                    })));
                    t.start();
                    assertTrue(started.await(60, TimeUnit.SECONDS), m + " started");
                    cases++;
                    t.interrupt();
                    t.join(30_000);
                    assertEquals(Result.Status.STOPPED, result.get().status(), m.toString());
                    clean++;
                }
            }
            RobustSubgradientSolver robust = new RobustSubgradientSolver(new RobustConfig(0.05, 0.99999, 1e-4, 0,
                    Integer.MAX_VALUE, RobustConfig.Init.RANDOM, SpectralInit.DEFAULT_TRIM, 0));
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<RobustSubgradientSolver.Result> result = new AtomicReference<>();
            Thread t = new Thread(() -> result.set(robust.solve(p, null, (iter, h, g, d) -> {
                if (iter == 50) started.countDown();
            })));
            t.start();
            assertTrue(started.await(60, TimeUnit.SECONDS));
            cases++;
            t.interrupt();
            t.join(30_000);
            assertEquals(RobustSubgradientSolver.Status.STOPPED, result.get().status());
            clean++;
        }
        sod.testing.HostileCounts.print("class 7 (Thread.interrupt stops gd, sod, pgd, sgd, l1)", cases, clean);
    }
}
