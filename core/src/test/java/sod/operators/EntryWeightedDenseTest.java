package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sod.testing.Assertions.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.SodInputException;

/** What only the entry-weighted dense operator does; the algebra is in {@link EntryWeightedDenseContractTest}. */
class EntryWeightedDenseTest {

    static double[] randomWeights(SplittableRandom rnd, int n) {
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                double v = 0.1 + rnd.nextDouble();
                w[i * n + j] = v;
                w[j * n + i] = v;
            }
        return w;
    }

    /** The A_(i,j) = W_ij (E_ij + E_ji)/2 as explicit matrices, measurement index i*n + j. */
    static ExplicitOperator explicitTwin(int n, double[] w) {
        double[][] a = new double[n * n][n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double[] aij = a[i * n + j];
                aij[i * n + j] += 0.5 * w[i * n + j];
                aij[j * n + i] += 0.5 * w[i * n + j];
            }
        return new ExplicitOperator(n, a);
    }

    @Test
    void agreesWithExplicitMatrices() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[]{1, 5, 13}) {
            agreesWithExplicitMatrices(rnd, n);
        }
    }

    private static void agreesWithExplicitMatrices(SplittableRandom rnd, int n) {
        double[] w = randomWeights(rnd, n);
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1); ExplicitOperator twin = explicitTwin(n, w)) {
            double[] b = SensingOperatorContract.gaussian(rnd, n * n, 1);
            for (int r : new int[]{1, 2}) {
                double[] x = SensingOperatorContract.gaussian(rnd, n * r, 1);
                double[] res1 = new double[n * n], res2 = new double[n * n], g1 = new double[n * r], g2 = new double[n * r];
                double h1 = op.residualAndGradient(x, r, b, res1, g1);
                double h2 = twin.residualAndGradient(x, r, b, res2, g2);
                assertEquals(h2, h1, 1e-12 * h2);
                assertClose(res2, res1, 1e-13, "residual");
                assertClose(g2, g1, 1e-12, "gradient");
                double[] y = SensingOperatorContract.gaussian(rnd, n * n, 1);
                double[] a1 = new double[n * n], a2 = new double[n * n];
                op.adjoint(y, a1);
                twin.adjoint(y, a2);
                assertClose(a2, a1, 1e-14, "adjoint");
            }
        }
    }

    /**
     * The rank-one single-point path (x copied as the padded column, the gradient scaled straight out) is
     * bitwise the batch kernel's member at the same point, at awkward n, after a rank-two call on the same
     * objective (its buffers resized back) and on 1 and 2 threads.
     */
    @Test
    void rankOneObjectiveIsBitwiseTheBatchMember() {
        SplittableRandom rnd = new SplittableRandom(29);
        for (int threads : new int[]{1, 2}) {
            for (int n : new int[]{1, 2, 3, 5, 8, 13, 40, 41, 80, 161}) {
                double[] w = randomWeights(rnd, n);
                try (EntryWeightedDense op = new EntryWeightedDense(n, w, threads)) {
                    Objective objective = op.objective(SensingOperatorContract.gaussian(rnd, n * n, 1));
                    objective.lossAndGradient(SensingOperatorContract.gaussian(rnd, 2 * n, 1), 2, new double[2 * n]);
                    for (int trial = 0; trial < 3; trial++) {
                        double[] x = SensingOperatorContract.gaussian(rnd, n, 1), g = new double[n];
                        double h = objective.lossAndGradient(x, 1, g);
                        double[][] xs = {x.clone()}, gs = {new double[n]};
                        double[] losses = new double[1];
                        objective.lossAndGradients(xs, 1, 1, gs, losses);
                        String at = "n = " + n + ", threads = " + threads;
                        assertEquals(Double.doubleToRawLongBits(losses[0]), Double.doubleToRawLongBits(h), "h, " + at);
                        for (int i = 0; i < n; i++)
                            assertEquals(Double.doubleToRawLongBits(gs[0][i]), Double.doubleToRawLongBits(g[i]), "g[" + i + "], " + at);
                    }
                }
            }
        }
    }

    /**
     * Every member of a batch is bitwise the single-point objective at its point: awkward n, member
     * counts around the kernels' member block (and the sweep's 50), ranks 1-3, both rank-one layouts
     * (interleaved below {@code COLUMNS_MIN_N}, member-major from it), 1 and 2 threads (2 threads spread
     * the member blocks over the gang; n = 300 also splits the rows into parts); the
     * counts run in an order that shrinks and regrows the batch on one objective, so stale members of a
     * larger earlier batch must not leak into a smaller one.
     */
    @Test
    void batchMembersAreBitwiseTheSinglePointObjective() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int threads : new int[]{1, 2}) {
            for (int n : new int[]{1, 2, 3, 5, 7, 9, 41, 81, 99, 100, 161, 300}) {
                try (EntryWeightedDense op = new EntryWeightedDense(n, randomWeights(rnd, n), threads)) {
                    Objective objective = op.objective(SensingOperatorContract.gaussian(rnd, n * n, 1));
                    for (int r : new int[]{1, 2, 3}) {
                        int[] counts = n == 300 ? new int[]{5, 2} : r == 1 ? new int[]{50, 1, 3, 9, 4, 5, 50} : new int[]{9, 1, 3, 4, 5};
                        for (int count : counts) {
                            String at = "n = " + n + ", threads = " + threads + ", r = " + r + ", batch of " + count;
                            double[][] xs = new double[count][], gs = new double[count][];
                            for (int k = 0; k < count; k++) {
                                xs[k] = SensingOperatorContract.gaussian(rnd, n * r, 1);
                                gs[k] = new double[n * r];
                            }
                            double[] losses = new double[count];
                            objective.lossAndGradients(xs, r, count, gs, losses);
                            for (int k = 0; k < count; k++) {
                                double[] g = new double[n * r];
                                double h = objective.lossAndGradient(xs[k], r, g);
                                assertEquals(Double.doubleToRawLongBits(h), Double.doubleToRawLongBits(losses[k]), "h of member " + k + ", " + at);
                                for (int e = 0; e < n * r; e++)
                                    assertEquals(Double.doubleToRawLongBits(g[e]), Double.doubleToRawLongBits(gs[k][e]),
                                            "g[" + e + "] of member " + k + ", " + at);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The batch against the definition, not against the single-point path it must equal: h of each
     * member from {@code 1/2 sum_ij (W_ij (X X^T)_ij - b_ij)^2} summed directly and the gradient from
     * the explicit matrices' {@code 2 sum_i r_i A_i X}, at an odd n and a batch of 5 (one phantom member).
     */
    @Test
    void batchAgreesWithTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(37);
        int n = 9, count = 5;
        double[] w = randomWeights(rnd, n);
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1); ExplicitOperator twin = explicitTwin(n, w)) {
            double[] b = SensingOperatorContract.gaussian(rnd, n * n, 1);
            Objective objective = op.objective(b);
            for (int r : new int[]{1, 2}) {
                double[][] xs = new double[count][], gs = new double[count][];
                for (int k = 0; k < count; k++) {
                    xs[k] = SensingOperatorContract.gaussian(rnd, n * r, 1);
                    gs[k] = new double[n * r];
                }
                double[] losses = new double[count];
                objective.lossAndGradients(xs, r, count, gs, losses);
                for (int k = 0; k < count; k++) {
                    double[] res = new double[n * n], g = new double[n * r];
                    double h = twin.residualAndGradient(xs[k], r, b, res, g);
                    assertEquals(h, losses[k], 1e-12 * h, "h of member " + k + ", r = " + r);
                    assertClose(g, gs[k], 1e-12, "gradient of member " + k + ", r = " + r);
                }
            }
        }
    }

    /**
     * The pair objective folds a b that is not symmetric, and entries of weight 0, into its constant
     * exactly: h against the definition {@code 1/2 sum_ij (W_ij (X X^T)_ij - b_ij)^2} summed directly,
     * the gradient against central differences of that definition, the residual against the definition.
     */
    @Test
    void objectiveFoldsAsymmetricDataAndZeroWeights() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int n : new int[] {1, 2, 6, 9, 30}) {
            double[] w = randomWeights(rnd, n);
            for (int i = 0; i < n; i++)
                for (int j = i; j < n; j++) if (rnd.nextInt(4) == 0) w[i * n + j] = w[j * n + i] = 0;
            double[] b = SensingOperatorContract.gaussian(rnd, n * n, 1);
            try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1)) {
                Objective objective = op.objective(b);
                for (int r : new int[] {1, 2, 3}) {
                    double[] x = SensingOperatorContract.gaussian(rnd, n * r, 1), grad = new double[n * r];
                    double h = objective.lossAndGradient(x, r, grad);
                    assertClose(definition(n, w, b, x, r), h, 1e-13, 0, "h, n " + n + " r " + r);
                    double[] fd = new double[n * r];
                    for (int e = 0; e < n * r; e++) {
                        double keep = x[e], step = 1e-5 * Math.max(1, Math.abs(keep));
                        x[e] = keep + step;
                        double up = definition(n, w, b, x, r);
                        x[e] = keep - step;
                        double down = definition(n, w, b, x, r);
                        x[e] = keep;
                        fd[e] = (up - down) / (2 * step);
                    }
                    assertClose(fd, grad, sod.testing.Tolerances.FINITE_DIFFERENCE, "gradient, n " + n + " r " + r);
                    double[] res = new double[n * n];
                    objective.residual(x, r, res);
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) {
                            double p = 0;
                            for (int c = 0; c < r; c++) p += x[i * r + c] * x[j * r + c];
                            assertEquals(w[i * n + j] * p - b[i * n + j], res[i * n + j], 1e-14 * Math.max(1, Math.abs(p)), "residual");
                        }
                }
            }
        }
    }

    private static double definition(int n, double[] w, double[] b, double[] x, int r) {
        double h = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double p = 0;
                for (int c = 0; c < r; c++) p += x[i * r + c] * x[j * r + c];
                double res = w[i * n + j] * p - b[i * n + j];
                h += res * res;
            }
        return 0.5 * h;
    }

    /** For PMC's data (b = W o M*, symmetric) the objective's t is M* itself: h is 0 at the truth, exactly. */
    @Test
    void objectiveIsExactlyZeroAtThePmcTruth() {
        int n = 11;
        double[] w = sod.problems.Pmc.weights(n, 0.1), z = sod.problems.Pmc.truth(n), b = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i * n + j] = w[i * n + j] * z[i] * z[j];
        try (EntryWeightedDense op = new EntryWeightedDense(n, w, 1)) {
            double[] grad = new double[n];
            assertEquals(0.0, op.objective(b).lossAndGradient(z, 1, grad), 0.0);
            for (double g : grad) assertEquals(0.0, g, 0.0);
        }
    }

    @Test
    void rejectsBadWeights() {
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 2, 3, 4}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 2, 2}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 0, 0, Double.POSITIVE_INFINITY}, 1));
        assertThrows(SodInputException.class, () -> new EntryWeightedDense(2, new double[]{1, 0, 0, 1}, 0));
    }
}
