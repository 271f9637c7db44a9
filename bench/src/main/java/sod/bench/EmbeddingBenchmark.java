package sod.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sod.openblas.OpenBlas;
import sod.operators.Objective;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Listener;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;

/**
 * Group 8: sod embedded in a pipeline that solves one small problem after another: a warm, reused
 * {@link Solver} solving the same small problem from the same start to convergence, every call
 * ({@code solve}: sampled, for the p50 / p99 latency of a whole solve; {@code solveInto}: the same solve
 * without a {@code Result}, for the bytes a loop of solves allocates), beside one evaluation of the
 * problem's objective at the start ({@code evaluation}). The loop's overhead is the solve time over the
 * time of the evaluations it made (counted by {@link #evaluations}, outside the measurement).
 * <ul>
 *   <li>{@code gaussian}: dense Gaussian sensing n = 20, m = 100, r = 1 with {@code sod solve}'s defaults
 *       for it (backtracking step from 1000, X0 = 0.01 N(0,1), GD+SOD, tolerances);</li>
 *   <li>{@code pmc}: PMC(40, 0.10) with the paper's settings (fixed step 0.005, X0 = 0.7 N(0,1), GD+SOD,
 *       tolerances: it escapes one spurious point and converges).</li>
 * </ul>
 * One operator thread, one OpenBLAS thread.
 */
@Fork(1)
@Warmup(iterations = 4, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1000, timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EmbeddingBenchmark {

    @Param({"gaussian", "pmc"})
    String problem;

    Problem p;
    Solver solver;
    Objective objective;
    double[] x0, grad, xOut;

    static Problem create(String name) {
        return switch (name) {
            case "gaussian" -> GaussianSensing.create(20, 100, 1, 3, 1, false);
            case "pmc" -> Pmc.create(40, 0.10, 1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static SolverConfig config(String name) {
        SolverConfig.Builder b = SolverConfig.defaults().toBuilder();
        if (name.equals("gaussian")) b.stepRule(SolverConfig.StepRule.ARMIJO).step(1000).initScale(0.01);
        return b.build();
    }

    static double[] start(String name, int length) {
        double[] x = new double[length];
        Solver.initialPoint(name.equals("gaussian") ? 0.01 : 0.7, 5, x, length);
        return x;
    }

    @Setup(Level.Trial)
    public void setUp() {
        OpenBlas.setThreads(1);
        p = create(problem);
        solver = new Solver(config(problem), p);
        x0 = start(problem, p.n() * p.rank());
        grad = new double[x0.length];
        xOut = new double[x0.length];
        objective = p.operator().objective(p.b());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        solver.close();
        p.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Result solve() {
        return solver.solve(p, x0);
    }

    /**
     * The same solve through {@link Solver#solveInto}: X into a caller's buffer, the figures left in the
     * solver's {@link sod.solver.RunSummary}, no {@link Result}: the garbage-free form for a loop.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public double solveInto() {
        solver.solveInto(p, x0, Listener.NONE, xOut);
        return xOut[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public double evaluation() {
        return objective.lossAndGradient(x0, p.rank(), grad);
    }

    /** Objective evaluations one solve makes (counted through a delegating operator) and its result. */
    static long evaluations(String name) {
        try (Problem base = create(name)) {
            CountingOperator counting = new CountingOperator(base.operator());
            Problem counted = new Problem(base.name(), counting, base.b(), base.rank(), base.truth(), base.truthRank());
            try (Solver s = new Solver(config(name))) {
                s.solve(counted, start(name, base.n() * base.rank()));
            }
            return counting.evaluations();
        }
    }

    /** Prints the evaluations one solve makes, per problem (the denominator of the loop-overhead ratio). */
    public static void main(String[] args) {
        for (String name : args.length > 0 ? args : new String[] {"gaussian", "pmc"}) {
            try (Problem base = create(name); Solver s = new Solver(config(name))) {
                Result r = s.solve(base, start(name, base.n() * base.rank()));
                System.out.println(name + " evaluations=" + evaluations(name) + " iterations=" + r.iterations()
                        + " probeSteps=" + r.probeSteps() + " status=" + r.status() + " escapes=" + r.escapes().size()
                        + String.format(" totalUs=%.1f gdUs=%.1f escapeUs=%.1f", r.totalSeconds() * 1e6, r.gdSeconds() * 1e6, r.escapeSeconds() * 1e6));
            }
        }
    }
}
