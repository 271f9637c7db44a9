package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.Result;
import sod.solver.SolverConfig;
import sod.solver.StationaryPointAnalysis;

/** The summary and the statistics: passes counted once, figures that cannot be measured omitted with the reason. */
class ReportTest {
    private static Problem problem;

    @BeforeAll
    static void build() {
        problem = Pmc.create(12, 0.1, 1);
    }

    @AfterAll
    static void close() {
        problem.close();
    }

    /** A finished run: {@code iterations} (probe steps included) in {@code seconds}, GD steps at {@code p50} ns. */
    static Result result(int iterations, int probeSteps, double seconds, long p50, double distance) {
        Escape gamma = new Escape(600, Escape.Kind.GAMMA, 3.5, 0.013, -0.37, 1.2, 0.01, 0.005, 0.015, 0.3, 1e4, 2.5, 5,
                seconds / 4, new StationaryPointAnalysis.Report(3.5, 0.1, 0.2, Double.NaN, 0.4, 0.5,
                StationaryPointAnalysis.Verdict.NOT_STATIONARY));
        return new Result(new double[12], 12, 1, 1e-25, 1e-13, distance, distance / 10, 1e-12, iterations, probeSteps,
                Result.Status.CONVERGED, null, "converged", List.of(gamma), seconds, seconds * 0.75, seconds / 10, seconds / 4,
                p50, 4 * p50);
    }

    static String print(Result result, Throughput t, boolean stats) {
        StringWriter out = new StringWriter();
        Report.print(new PrintWriter(out, true), problem, result, t, stats);
        return out.toString();
    }

    @Test
    void passesAreTheIterationsWhenProbeStepsAreChargedToThem() {
        Result r = result(2400, 600, 2.0, 4000, 1e-12);
        assertEquals(2400, Throughput.of(problem, r, true, 10).passes());
        // uncharged, the probe steps come on top of the count
        assertEquals(3000, Throughput.of(problem, r, false, 10).passes());
        Throughput t = Throughput.of(problem, r, true, 10);
        assertClose(1200, t.itersPerSecond().value(), 1e-12, 0, "it/s");
        assertClose(2400 * problem.operator().bytesPerIteration(1) / 2.0 * 1e-9, t.effectiveGBps().value(), 1e-12, 0, "GB/s");
        assertClose(2400.0 * problem.m() / 2.0, t.measurementsPerSecond().value(), 1e-12, 0, "measurements/s");
        // the GD time (1.5 s) over the trajectory's iterations (the charged probe steps ran in the escapes' time)
        assertClose(1.5e9 / 1800, t.meanGdIterationNanos(), 1e-12, 0, "mean GD iteration");
    }

    @Test
    void theDefaultSummaryIsShortAndStatsAddTheFullBlock() {
        Result r = result(2400, 600, 2.0, 4000, 1e-12);
        Throughput t = Throughput.of(problem, r, true, 10);
        String brief = print(r, t, false);
        assertEquals(4, brief.lines().count(), brief);
        assertTrue(brief.contains("result:      CONVERGED") && brief.contains("escapes:     gamma 1"), brief);
        assertFalse(brief.contains("throughput") || brief.contains("bandwidth"), brief);
        String full = print(r, t, true);
        for (String label : List.of("residual:", "passes:", "throughput:", "bandwidth:", "latency:", "time split:", "stalls:")) {
            assertTrue(full.contains(label), label + " missing:\n" + full);
        }
        assertTrue(full.contains("passes:      2400 over the operator"), full);
        assertTrue(full.contains("1.20k it/s"), full);
    }

    @Test
    void aRunTooShortToTimeHasNoRatesButTheReason() {
        Result r = result(40, 0, 0.012, 0, 1e-12);
        Throughput t = Throughput.of(problem, r, true, 10);
        assertFalse(t.itersPerSecond().measured());
        assertFalse(t.effectiveGBps().measured() || t.gflops().measured() || t.p50GBps().measured() || t.streamShare().measured());
        String full = print(r, t, true);
        assertTrue(full.contains("throughput:  - (run too short to time (40 iterations in 12.0ms"), full);
        assertFalse(full.contains(" it/s") || full.contains("NaN"), full);
        String json = ResultJson.l2(SolverConfig.defaults(), problem, r, t, null);
        assertTrue(json.contains("\"itersPerSecond\": null") && json.contains("\"latencyP50Nanos\": null"), json);
        Matcher omitted = Pattern.compile("\"omitted\": \\{([^}]*)}").matcher(json);
        assertTrue(omitted.find(), json);
        for (String name : List.of("itersPerSecond", "effectiveGBps", "gflops", "p50GBps", "streamShare")) {
            assertTrue(omitted.group(1).contains("\"" + name + "\": \""), name + " without a reason: " + omitted.group(1));
        }
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
    }

    @Test
    void aSlowRunPrintsItsRateNotZero() {
        Result r = result(3, 0, 14.0, 0, Double.NaN);
        String full = print(r, Throughput.of(problem, r, true, 0), true);
        assertTrue(full.contains("throughput:  0.214 it/s"), full);
        assertFalse(full.contains(" 0 it/s") || full.contains("NaN"), full);
        assertTrue(full.contains("distance unknown"), full);
    }

    @Test
    void noShareOfTheStreamingReadAbove100Percent() {
        // 1 us per GD iteration over this operator is far above a 0.01 GB/s "machine": the reads came from cache
        Result r = result(100_000, 0, 2.0, 1000, 1e-12);
        Throughput t = Throughput.of(problem, r, true, 0.01);
        assertTrue(t.p50GBps().measured() && t.p50GBps().value() > 0.01, "p50 " + t.p50GBps());
        assertFalse(t.p50StreamShare().measured());
        assertTrue(t.p50StreamShare().omitted().contains("read from cache"), t.p50StreamShare().omitted());
        String full = print(r, t, true);
        Matcher percent = Pattern.compile("([0-9.]+)%").matcher(full);
        while (percent.find()) assertTrue(Double.parseDouble(percent.group(1)) <= 100, percent.group() + " in\n" + full);

        // within the streaming read the share is printed
        Throughput plausible = Throughput.of(problem, r, true, 1e6);
        assertTrue(plausible.p50StreamShare().measured() && plausible.p50StreamShare().value() < 1);
        assertTrue(print(r, plausible, true).contains("of the machine's 1000000.0 GB/s streaming read"));

        // not measured: said so, no share
        Throughput unmeasured = Throughput.of(problem, r, true, 0);
        assertFalse(unmeasured.streamShare().measured());
        String json = ResultJson.l2(SolverConfig.defaults(), problem, r, unmeasured, null);
        assertTrue(json.contains("\"streamGBps\": null"), json);
    }

    @Test
    void aWarmUpDominatedRunSaysSo() {
        // GD took 1.5 s for 1800 trajectory iterations (833 us each) while the median one took 4 us
        Result r = result(2400, 600, 2.0, 4000, 1e-12);
        String full = print(r, Throughput.of(problem, r, true, 10), true);
        assertTrue(full.contains("the mean GD iteration took 833 us, the median 4.00 us"), full);
        // a run whose mean is near its median has no such remark
        Result steady = result(2400, 600, 2.0, 600_000, 1e-12);
        assertFalse(print(steady, Throughput.of(problem, steady, true, 10), true).contains("mean GD iteration"));
    }
}
