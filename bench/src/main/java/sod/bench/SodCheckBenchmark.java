package sod.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import sod.openblas.OpenBlas;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Escape;
import sod.solver.SodEscape;
import sod.solver.StationaryPointAnalysis;
import sod.solver.SolverConfig;

/**
 * Group 4: one SOD escape check at a spurious stall point of PMC(n, 0.10) against one GD iteration of
 * the same problem. A check is {@link SodEscape.Standalone#attempt} at the stall point, exactly the
 * attempt the solver makes there: {@code G = A*(r)}, the smallest eigenpair (LAPACK through FFM), the
 * weakest singular triplet, A(P), A(uu^T), NCM/AIC/EFS, then the multi-step t-scan (TPGD) or the exact
 * line search, and the candidates' evaluation; with probes, each candidate is also followed by 100 GD
 * steps (the reference setting). The time includes the one evaluation of h and the gradient at the
 * point. The RIP constant delta is estimated once per problem (in warm-up) and cached, as in a run.
 * Single-threaded operator, one OpenBLAS thread.
 */
@Fork(1)
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SodCheckBenchmark {
    static final double EPS = 0.10;

    @Param({"40", "80", "200", "1000"})
    int n;

    Problem problem;
    double[] stall, residual, grad;
    SodEscape.Standalone escape;
    StationaryPointAnalysis analysis;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        OpenBlas.setThreads(1);
        problem = Pmc.create(n, EPS, 1);
        stall = StallPoints.find(problem, n, EPS, step(n));
        residual = new double[problem.m()];
        grad = new double[n];
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.equals("classifyStall")) {
            analysis = new StationaryPointAnalysis(problem.operator(), 1);
        }
        if (method.startsWith("check")) {
            SolverConfig.Builder config = SolverConfig.builder().method(SolverConfig.Method.SOD).step(step(n))
                    .escapeMode(method.contains("LineSearch") ? SolverConfig.EscapeMode.LINE_SEARCH : SolverConfig.EscapeMode.TPGD)
                    .probeSteps(method.endsWith("Probed") ? 100 : 0)
                    .classifyStalls(false); // the verdict is a diagnostic, timed on its own in classifyStall

            escape = new SodEscape.Standalone(problem, config.build());
            Escape first = escape.attempt(stall, null).escape();
            if (first.kind() == Escape.Kind.NONE_NO_NEGATIVE_CURVATURE)
                throw new IllegalStateException("the stall point of PMC(" + n + ") gave no escape attempt with negative curvature: " + first);
        }
    }

    /** Step of the stall search: the reference 0.005, smaller for large n where it would diverge. */
    static double step(int n) {
        return n <= 200 ? 0.005 : 0.001;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (escape != null) escape.close();
        if (analysis != null) analysis.close();
        problem.close();
    }

    @Benchmark
    public double gdIteration() {
        return problem.operator().residualAndGradient(stall, 1, problem.b(), residual, grad);
    }

    /** The stall verdict (gradient, smallest Hessian eigenvalue, lambda_min(G)) the solver adds to each escape record. */
    @Benchmark
    public StationaryPointAnalysis.Report classifyStall() {
        return analysis.analyse(stall, problem.b(), SodEscape.STALL_GRADIENT_TOLERANCE, SodEscape.STALL_CURVATURE_TOLERANCE, false);
    }

    @Benchmark
    public SodEscape.Attempt checkTpgd() {
        return escape.attempt(stall, null);
    }

    @Benchmark
    public SodEscape.Attempt checkTpgdProbed() {
        return escape.attempt(stall, null);
    }

    @Benchmark
    public SodEscape.Attempt checkLineSearch() {
        return escape.attempt(stall, null);
    }

    @Benchmark
    public SodEscape.Attempt checkLineSearchProbed() {
        return escape.attempt(stall, null);
    }
}
