package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Progress lines counted against a fake clock that the simulated iterations advance. */
class ProgressListenerTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves by hand; counts its reads. */
    static final class FakeClock implements LongSupplier {
        long now = 1_000 * SECOND;
        long reads;

        @Override
        public long getAsLong() {
            reads++;
            return now;
        }
    }

    /** A simulated run: iterations of the given costs, the progress lines and when each was printed. */
    static final class Simulation {
        final FakeClock clock = new FakeClock();
        final StringWriter text = new StringWriter();
        final List<Long> printedAt = new ArrayList<>();
        final ProgressListener listener;
        private final long start = clock.now;
        int iteration;

        Simulation(ProgressListener.Budget budget) {
            // the listener flushes after every line
            PrintWriter err = new PrintWriter(text) {
                @Override
                public void flush() {
                    super.flush();
                    printedAt.add(clock.now - start);
                }
            };
            listener = new ProgressListener(err, false, null, null, 1, budget, clock);
        }

        /** {@code count} iterations of {@code nanos} each. */
        void run(long count, long nanos) {
            for (long k = 0; k < count; k++) {
                listener.onIteration(iteration++, 1.0 / (1 + iteration), 0.5, Double.NaN);
                clock.now += nanos;
            }
        }

        List<String> lines() {
            return text.toString().lines().toList();
        }
    }

    @Test
    void aboutOneLinePerSecondWhateverAnIterationCosts() {
        // 200 ns (a tiny problem), 20 us, 50 ms (a 200,000 x 5 completion), 3 s per iteration
        long[] costs = {200, 20_000, 50_000_000, 3 * SECOND};
        for (long cost : costs) {
            Simulation s = new Simulation(ProgressListener.Budget.NONE);
            long seconds = 30;
            s.run(seconds * SECOND / cost, cost);
            int lines = s.printedAt.size();
            long expected = cost <= SECOND ? seconds : seconds * SECOND / cost;
            assertTrue(lines >= expected - 2 && lines <= expected, cost + " ns/iteration: " + lines + " lines in " + seconds + " s");
            for (int i = 1; i < lines; i++) {
                long gap = s.printedAt.get(i) - s.printedAt.get(i - 1);
                // never more often than once a second, and late by at most a clock-read interval (or one iteration)
                assertTrue(gap >= SECOND && gap <= SECOND + Math.max(cost, SECOND / 8), cost + " ns/iteration: gap " + gap);
            }
            // the clock is read about 16 times a second, not every iteration
            long iterations = seconds * SECOND / cost;
            assertTrue(s.clock.reads <= Math.max(Math.min(iterations, 40L * seconds), iterations / Pacer.MAX_STRIDE) + 20,
                    cost + " ns: " + s.clock.reads + " clock reads");
        }
    }

    @Test
    void aSlowdownDelaysTheNextLineByLittle() {
        Simulation s = new Simulation(ProgressListener.Budget.NONE);
        s.run(5_000_000, 200); // 1 s of fast iterations: the stride grows large
        int before = s.printedAt.size();
        long slowFrom = s.printedAt.isEmpty() ? 0 : s.printedAt.getLast();
        s.run(3_000, 1_000_000); // then 3 s of iterations 5000 times slower
        assertTrue(s.printedAt.size() > before, "no line after the slowdown");
        long first = s.printedAt.get(before) - slowFrom;
        // late by at most the stride's cap of iterations at the new cost
        assertTrue(first <= SECOND + Pacer.MAX_STRIDE * 1_000_000L, "the first line after the slowdown came after " + first / 1e9 + " s");
    }

    @Test
    void linesShowTheBudgetTheRateAndAnUpperBoundOnTheTimeLeft() {
        Simulation s = new Simulation(new ProgressListener.Budget(10_000, Double.POSITIVE_INFINITY));
        s.run(3_500, 1_000_000); // 1 ms per iteration: 1000 it/s
        List<String> lines = s.lines();
        assertEquals(3, lines.size(), String.join("\n", lines));
        Matcher m = Pattern.compile("iter\\s+(\\d+) / 10000 .* (\\S+) it/s  eta <= (\\S+)s$").matcher(lines.get(0));
        assertTrue(m.find(), lines.get(0));
        int iteration = Integer.parseInt(m.group(1));
        assertEquals(1000, iteration, 1000 / Pacer.CHECKS_PER_INTERVAL + 1); // late by at most one clock-read interval
        assertEquals("1.00k", m.group(2));
        assertEquals((10_000 - iteration) / 1000.0, Double.parseDouble(m.group(3)), 0.05);
        assertFalse(s.text.toString().contains("NaN"), s.text.toString());
        assertTrue(lines.get(0).contains("dist -"), "an unknown distance prints as -: " + lines.get(0));

        // a time budget alone bounds the time left by itself
        Simulation timed = new Simulation(new ProgressListener.Budget(Integer.MAX_VALUE, 5));
        timed.run(1_500, 1_000_000);
        String line = timed.lines().get(0);
        assertFalse(line.contains(" / "), line);
        assertTrue(line.endsWith("eta <= 4.0s"), line);

        // the sooner of the two
        Simulation both = new Simulation(new ProgressListener.Budget(1_000_000, 5));
        both.run(1_500, 1_000_000);
        assertTrue(both.lines().get(0).endsWith("eta <= 4.0s"), both.lines().get(0));

        // no budget, no bound
        Simulation none = new Simulation(ProgressListener.Budget.NONE);
        none.run(1_500, 1_000_000);
        assertFalse(none.lines().get(0).contains("eta"), none.lines().get(0));
    }

    @Test
    void aSlowRunPrintsItsRateWithSignificantDigits() {
        Simulation s = new Simulation(ProgressListener.Budget.NONE);
        s.run(4, 4 * SECOND + SECOND / 2); // 4.5 s per iteration
        String line = s.lines().get(0);
        assertTrue(line.contains(" 0.222 it/s"), line);
    }

    @Test
    void aLongEscapeShowsItsCandidatesAtMostOnceASecond() {
        Simulation s = new Simulation(ProgressListener.Budget.NONE);
        s.run(500, 1_000_000); // half a second of iterations, no line yet
        for (int k = 0; k < 6; k++) {
            s.clock.now += 700_000_000L; // each candidate's probe steps take 0.7 s
            s.listener.onCandidate(new sod.solver.Escape.Candidate(500, sod.solver.Escape.Kind.GAMMA, "C", 1e3, 2.0, 0.25));
        }
        List<String> lines = s.lines();
        // candidates at 1.2, 1.9, 2.6, 3.3, 4.0, 4.7 s: lines at 1.2, 2.6 and 4.0 (each a second after the last)
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("escape at iter 500: probed a gamma candidate (C): h 2.5000e-01"), lines.get(0));
        for (int i = 1; i < s.printedAt.size(); i++) assertTrue(s.printedAt.get(i) - s.printedAt.get(i - 1) >= SECOND);
    }

    @Test
    void quietPrintsNothingAndReadsNoClock() {
        FakeClock clock = new FakeClock();
        StringWriter text = new StringWriter();
        ProgressListener listener = new ProgressListener(new PrintWriter(text), true, null, null, 1, ProgressListener.Budget.NONE, clock);
        long readsAtStart = clock.reads;
        for (int i = 0; i < 100_000; i++) {
            listener.onIteration(i, 1, 1, 1);
            clock.now += 1_000_000;
        }
        assertEquals("", text.toString());
        assertEquals(readsAtStart, clock.reads);
    }
}
