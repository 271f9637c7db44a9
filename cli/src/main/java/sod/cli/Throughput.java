package sod.cli;

import sod.problems.Problem;
import sod.solver.Result;

/**
 * The throughput of a finished run, each figure either measured or omitted with the reason: a rate
 * over a run too short to time says more about the JIT's warm-up than about the code, and a share of
 * the machine's streaming read above 100% only says the operator was served from cache.
 *
 * @param passes                passes over the operator (one residual-and-gradient evaluation each)
 * @param probeStepsCharged     whether the run's iteration count includes every probe step
 * @param seconds               the run's wall time, the base of the rates
 * @param bytesPerPass          operator bytes one pass reads
 * @param streamGBps            the machine's streaming read, 0 when not measured
 * @param itersPerSecond        iterations (budget count) per wall second
 * @param measurementsPerSecond measurements evaluated per wall second (passes x m)
 * @param effectiveGBps         operator bytes read per wall second, averaged over the run (escapes included)
 * @param gflops                floating-point work per wall second
 * @param p50GBps               operator bytes per second at the median GD iteration (the kernel's own speed)
 * @param streamShare           effectiveGBps / streamGBps
 * @param p50StreamShare        p50GBps / streamGBps
 * @param gdIterations          iterations along the trajectory outside escapes
 * @param gdSeconds             their wall time
 */
record Throughput(long passes, boolean probeStepsCharged, double seconds, double bytesPerPass, double streamGBps, Figure itersPerSecond,
                  Figure measurementsPerSecond, Figure effectiveGBps, Figure gflops, Figure p50GBps, Figure streamShare,
                  Figure p50StreamShare, long gdIterations, double gdSeconds) {

    /** Below this wall time setup and the JIT's compilation of the kernels dominate a rate. */
    static final double MIN_SECONDS = 0.1;
    /** Fewer iterations than this leave the median latency to the first, unoptimised ones. */
    static final int MIN_LATENCY_ITERATIONS = 64;

    /**
     * The mean wall time of a GD iteration outside escapes: the GD time over the trajectory's iterations
     * (the probe steps, charged or not, ran inside the escapes' time). NaN when there were none.
     */
    double meanGdIterationNanos() {
        return gdIterations > 0 ? gdSeconds * 1e9 / gdIterations : Double.NaN;
    }

    /** A figure, or why it is not given (value NaN then). */
    record Figure(double value, String omitted) {
        static Figure of(double value) {
            return new Figure(value, null);
        }

        static Figure omit(String reason) {
            return new Figure(Double.NaN, reason);
        }

        boolean measured() {
            return omitted == null;
        }
    }

    /**
     * @param chargeProbeSteps whether the run's iteration count includes every probe step (the CLI's
     *                         setting, SolverConfig's default)
     */
    static Throughput of(Problem problem, Result result, boolean chargeProbeSteps, double streamGBps) {
        double seconds = result.totalSeconds();
        // Every iteration is one residual-and-gradient pass, and so is every probe step. Charged probe
        // steps are already in the iteration count; uncharged, the count holds one probe's steps per
        // attempt (the plain steps from the stalled point), which this sum then counts twice: an upper
        // bound by 1 / (1 + candidates) of the probe steps.
        long passes = chargeProbeSteps ? result.iterations() : (long) result.iterations() + result.probeSteps();
        double bytes = problem.operator().bytesPerIteration(result.r());
        double flops = problem.operator().flopsPerIteration(result.r());
        String tooShort = passes < 2 ? "no iterations to time"
                : !(seconds >= MIN_SECONDS) ? String.format(java.util.Locale.ROOT,
                "run too short to time (%d iterations in %s; setup and the JIT's warm-up dominate)", result.iterations(),
                Units.duration(seconds)) : null;
        Figure iters = rate(tooShort, result.iterations() / seconds);
        Figure measurements = rate(tooShort, passes * (double) problem.m() / seconds);
        Figure effective = rate(tooShort, passes * bytes / seconds * 1e-9);
        Figure gflops = rate(tooShort, passes * flops / seconds * 1e-9);
        long p50 = result.latencyP50Nanos();
        Figure p50GBps = p50 <= 0 ? Figure.omit("no iteration latencies recorded")
                : result.iterations() < MIN_LATENCY_ITERATIONS ? Figure.omit("fewer than " + MIN_LATENCY_ITERATIONS
                + " iterations: the median is the JIT's warm-up") : Figure.of(bytes / p50);
        return new Throughput(passes, chargeProbeSteps, seconds, bytes, streamGBps, iters, measurements, effective, gflops, p50GBps,
                share(effective, streamGBps, bytes), share(p50GBps, streamGBps, bytes),
                Math.max(0, result.iterations() - (chargeProbeSteps ? result.probeSteps() : 0L)), result.gdSeconds());
    }

    private static Figure rate(String omitted, double value) {
        return omitted != null ? Figure.omit(omitted) : Figure.of(value);
    }

    /** gbps / stream, omitted without a stream figure or above 1 (then the reads came from cache, not memory). */
    private static Figure share(Figure gbps, double streamGBps, double bytes) {
        if (!gbps.measured()) return Figure.omit(gbps.omitted());
        if (!(streamGBps > 0)) return Figure.omit("the machine's streaming read was not measured (--stream-gbps 0)");
        double share = gbps.value() / streamGBps;
        if (share > 1) {
            return Figure.omit(String.format(java.util.Locale.ROOT, "above the machine's %.1f GB/s: the operator's %s"
                    + " is read from cache, not memory", streamGBps, Units.bytes(bytes)));
        }
        return Figure.of(share);
    }
}
