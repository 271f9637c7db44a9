package sod.cli;

import java.util.List;
import java.util.Locale;
import sod.SodInputException;
import sod.problems.Problem;
import sod.solver.Listener;
import sod.solver.Result;
import sod.solver.Solver;
import sod.solver.SolverConfig;
import sod.solver.TensorLifting;

/**
 * {@code sod solve --method lifted}: the explicit lifted baseline. Gradient descent with the solve's
 * step on the order-l lifted loss {@code L(w) = 1/2 sum_i (w^T A_i^{(x) l} w - b_i^l)^2} over the
 * full n^l tensor, from {@code w0 = x0^{(x) l}}, for the iteration budget; then the rank-one extraction
 * {@code y^{(x) l}} of the final tensor is the reported X (its h and distance are those of the matrix
 * problem). Only for rank 1 and {@code n^l <= 10^7} (the tensor is formed).
 */
final class LiftedMethod {
    static final double MAX_ENTRIES = 1e7;

    private LiftedMethod() {
    }

    /** Throws a one-line error when the lifted tensor of this problem would not fit. */
    static void checkFits(Problem problem, int l) {
        if (problem.rank() != 1) {
            throw new SodInputException("--method lifted supports rank 1 only, got rank " + problem.rank()
                    + "; use --method sod for higher ranks");
        }
        int n = problem.n();
        double entries = Math.pow(n, l);
        if (entries > MAX_ENTRIES) {
            int maxN = (int) Math.floor(Math.pow(MAX_ENTRIES, 1.0 / l) + 1e-9);
            throw new SodInputException(String.format(Locale.ROOT, "--method lifted forms the n^l lifted tensor: n = %d,"
                    + " l = %d gives %.3g entries, over the limit n^l <= 1e7; use n <= %d for l = %d, or --lift-order %d",
                    n, l, entries, maxN, l, smallerOrder(n)));
        }
        // The lifted operator keeps every A_i densely (m n^2 doubles) beside four n^l work vectors.
        double bytes = 8.0 * ((double) problem.m() * n * n + 4 * entries);
        long available = Runtime.getRuntime().maxMemory();
        if (bytes > 0.8 * available) {
            throw new SodInputException(String.format(Locale.ROOT, "--method lifted needs about %.0f MB for n = %d,"
                    + " m = %d, l = %d but the heap allows %d MB; use a smaller problem or raise -Xmx", bytes / 1e6, n,
                    problem.m(), l, available >> 20));
        }
    }

    private static int smallerOrder(int n) {
        int l = 1;
        while (Math.pow(n, l + 2) <= MAX_ENTRIES) l += 2;
        return l;
    }

    static Result solve(Problem problem, SolverConfig config, int l, double[] x0, Listener listener) {
        checkFits(problem, l);
        long start = System.nanoTime();
        TensorLifting lift = new TensorLifting(problem, l);
        int n = problem.n();
        double[] x = x0 != null ? x0.clone() : new double[n];
        if (x0 == null) Solver.initialPoint(config.start().initScale(), config.start().seed(), x, n);
        double[] w = lift.lift(x), next = new double[w.length], g = new double[w.length];
        double loss = lift.lossAndGradient(w, g);
        double limit = config.stopping().divergenceFactor() * Math.max(loss, 1);
        double step = config.descent().step();
        Result.Status status = Result.Status.ITERATION_BUDGET;
        int iter = 0;
        while (true) {
            double gradNorm = 0;
            for (double v : g) gradNorm += v * v;
            gradNorm = Math.sqrt(gradNorm);
            listener.onIteration(iter, loss, gradNorm, Double.NaN);
            if (Stop.requested() || Thread.currentThread().isInterrupted()) {
                status = Result.Status.STOPPED;
                break;
            }
            if (iter >= config.stopping().maxIterations()) break;
            if (gradNorm <= config.stopping().gradientTolerance()) {
                status = Result.Status.STATIONARY;
                break;
            }
            for (int k = 0; k < w.length; k++) next[k] = w[k] - step * g[k];
            double nextLoss = lift.lossAndGradient(next, g);
            if (!(nextLoss <= limit)) {
                status = Result.Status.DIVERGED;
                break;
            }
            double[] t = w;
            w = next;
            next = t;
            loss = nextLoss;
            iter++;
        }
        double[] start0 = x.clone();
        boolean zero = true;
        for (double v : start0) zero &= v == 0;
        if (zero) java.util.Arrays.fill(start0, 1);
        double[] y = lift.rankOne(w, start0, 200);
        for (double v : y) {
            if (!Double.isFinite(v)) {
                y = x; // degenerate tensor: keep the start
                break;
            }
        }
        // h, gradient and distance of the extracted point on the matrix problem (no iterations).
        Result at;
        try (Solver evaluator = new Solver(config.toBuilder().method(SolverConfig.Method.GD).maxIterations(0).build())) {
            at = evaluator.solve(problem, y, Listener.NONE);
        }
        if (status == Result.Status.ITERATION_BUDGET && at.success()) status = at.status();
        String message = switch (status) {
            case DIVERGED -> String.format(Locale.ROOT, "lifted gradient descent diverged at iteration %d with step %s;"
                    + " try a smaller step, e.g. %s", iter, step, step / 10);
            case STOPPED -> "stopped on request at iteration " + iter;
            default -> String.format(Locale.ROOT, "lifted loss L(w) = %.4e after %d lifted steps (l = %d, n^l = %d);"
                    + " X is the rank-one extraction", loss, iter, l, w.length);
        };
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Result(at.x(), n, 1, at.h(), at.relativeResidual(), at.distance(), at.relativeDistance(), at.gradNorm(),
                iter, 0, status, null, message, List.of(), seconds, seconds, 0, 0, 0, 0);
    }
}
