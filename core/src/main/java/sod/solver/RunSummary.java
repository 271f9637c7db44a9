package sod.solver;

import java.util.Collections;
import java.util.List;
import sod.solver.Result.Status;

/**
 * The figures of a solver's last run, kept by the {@link Solver} and overwritten by its next solve: what a
 * {@link Result} holds, without the copy of X, the message string and the list copy that a Result
 * allocates. {@link Solver#solveInto} returns only the status and leaves everything else here, so a
 * caller that solves again and again with one solver (a control loop, a per-frame pipeline) reads the
 * figures it needs and makes no garbage; {@link #message()} and {@link #escapes()} are built or viewed on
 * request. Field meanings are those of {@link Result}'s components.
 */
public final class RunSummary {
    private Status status;
    private StationaryPointAnalysis.Report point;
    private double h, relativeResidual, distance, relativeDistance, gradNorm;
    private int n, r, iterations, probeSteps;
    private double totalSeconds, gdSeconds, eigenSeconds, escapeSeconds;
    private long latencyP50Nanos, latencyP99Nanos;
    private Run run;
    private List<Escape> escapesView;
    private SolverConfig config;

    RunSummary() {
    }

    /** Records the end of {@code run}: every figure of the point it stopped at. */
    void record(Run run, SolverConfig config, Status status, StationaryPointAnalysis.Report point, double relativeResidual,
                double distance, double truthNorm, int probeSteps, double totalSeconds, RunStatistics stats) {
        if (this.run != run) {
            this.run = run;
            escapesView = Collections.unmodifiableList(run.escapes);
        }
        this.config = config;
        this.status = status;
        this.point = point;
        this.n = run.iterate.n();
        this.r = run.iterate.r();
        this.h = run.iterate.h();
        this.relativeResidual = relativeResidual;
        this.distance = distance;
        this.relativeDistance = distance / truthNorm;
        this.gradNorm = run.iterate.gradNorm();
        this.iterations = run.iteration;
        this.probeSteps = probeSteps;
        this.totalSeconds = totalSeconds;
        this.gdSeconds = totalSeconds - stats.escapeSeconds();
        this.eigenSeconds = stats.eigenSeconds();
        this.escapeSeconds = stats.escapeSeconds();
        this.latencyP50Nanos = stats.latencyPercentile(0.50);
        this.latencyP99Nanos = stats.latencyPercentile(0.99);
    }

    /** The run's {@link Result} with {@code x} as its factor (the caller's copy). */
    Result toResult(double[] x) {
        return new Result(x, n, r, h, relativeResidual, distance, relativeDistance, gradNorm, iterations, probeSteps, status,
                verdict(), message(), List.copyOf(run.escapes), totalSeconds, gdSeconds, eigenSeconds, escapeSeconds,
                latencyP50Nanos, latencyP99Nanos);
    }

    private void requireRun() {
        if (run == null) throw new IllegalStateException("solver: no run has ended yet");
    }

    public Status status() {
        requireRun();
        return status;
    }

    /** True for a global convergence or a reached target (as {@link Result#success()}). */
    public boolean success() {
        return status() == Status.CONVERGED || status == Status.TARGET_REACHED;
    }

    public StationaryPointAnalysis.Verdict verdict() {
        requireRun();
        return point == null ? null : point.verdict();
    }

    /** The one sentence of {@link Result#message()}, built on each call. */
    public String message() {
        requireRun();
        return Messages.of(status, point, run, config, relativeResidual, distance);
    }

    /** The escape attempts of the run, in order: a read-only view that the next solve overwrites. */
    public List<Escape> escapes() {
        requireRun();
        return escapesView;
    }

    public long acceptedEscapes() {
        requireRun();
        long accepted = 0;
        for (Escape e : run.escapes) if (e.kind().accepted()) accepted++;
        return accepted;
    }

    public int n() {
        return n;
    }

    public int r() {
        return r;
    }

    public double h() {
        return h;
    }

    public double relativeResidual() {
        return relativeResidual;
    }

    public double distance() {
        return distance;
    }

    public double relativeDistance() {
        return relativeDistance;
    }

    public double gradNorm() {
        return gradNorm;
    }

    public int iterations() {
        return iterations;
    }

    public int probeSteps() {
        return probeSteps;
    }

    public double totalSeconds() {
        return totalSeconds;
    }

    public double gdSeconds() {
        return gdSeconds;
    }

    public double eigenSeconds() {
        return eigenSeconds;
    }

    public double escapeSeconds() {
        return escapeSeconds;
    }

    public long latencyP50Nanos() {
        return latencyP50Nanos;
    }

    public long latencyP99Nanos() {
        return latencyP99Nanos;
    }
}
