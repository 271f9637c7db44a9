package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sod.SodInputException;
import sod.openblas.ReferenceSolve;
import sod.operators.ExplicitOperator;
import sod.operators.RandomSparseSets;
import sod.operators.SparseSymmetricOperator;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.testing.JacobiReference;
import sod.testing.Tolerances;

class GaussNewtonSystemTest {

    static Problem problem(String kind) {
        return switch (kind) {
            case "gaussian" -> GaussianSensing.create(6, 40, 2, 3, 1, false);
            case "pmc" -> Pmc.create(6, 0.15, 1);
            case "completion" -> Completion.create(7, 2, 20, Completion.Sampling.uniform(), 0, 5, 1);
            // sparse A_i sharing positions, some diagonal-only, some empty: the sparse Gauss-Newton kernel
            case "sparse" -> sparseProblem(7, 45);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Stream<Arguments> cases() {
        return Stream.of("gaussian", "pmc", "completion", "sparse")
                .flatMap(kind -> Stream.of(1, 2, 3).map(r -> Arguments.of(kind, r)));
    }

    static Problem sparseProblem(int n, int m) {
        SparseSymmetricOperator op = SparseSymmetricOperator.of(RandomSparseSets.create(11, n, m, 12, 5), 1);
        double[] b = ReferenceSolve.gaussian(m, new SplittableRandom(5));
        return new Problem("sparse(n=" + n + ", m=" + m + ")", op, b, 3, null, 0);
    }

    /** The residual map r(X) = A(X X^T) - b, straight from the operator. */
    static double[] residualMap(SensingOperator op, double[] b, double[] x, int r) {
        double[] out = new double[op.m()];
        op.measure(x, x, r, out);
        for (int i = 0; i < out.length; i++) out[i] -= b[i];
        return out;
    }

    /** The Jacobian of the residual map by central differences, m x nr row-major. */
    static double[] finiteDifferenceJacobian(SensingOperator op, double[] b, double[] x, int r) {
        int m = op.m(), size = x.length;
        double step = 1e-5;
        double[] jac = new double[m * size];
        for (int j = 0; j < size; j++) {
            double[] plus = x.clone(), minus = x.clone();
            plus[j] += step;
            minus[j] -= step;
            double[] rp = residualMap(op, b, plus, r), rm = residualMap(op, b, minus, r);
            for (int i = 0; i < m; i++) jac[i * size + j] = (rp[i] - rm[i]) / (2 * step);
        }
        return jac;
    }

    static double[] weightsFor(int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) w[i] = i % 7 == 3 ? 0 : 2 * random.nextDouble();
        return w;
    }

    /** J^T diag(w) J from an explicit m x size Jacobian. */
    static double[] normalMatrix(double[] jac, double[] w, int m, int size) {
        double[] out = new double[size * size];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < size; p++)
                for (int q = 0; q < size; q++) out[p * size + q] += w[i] * jac[i * size + p] * jac[i * size + q];
        return out;
    }

    static double[] times(double[] a, int rows, int cols, double[] v) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[i] += a[i * cols + j] * v[j];
        return out;
    }

    static double[] transposeTimes(double[] a, int rows, int cols, double[] v) {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[j] += a[i * cols + j] * v[i];
        return out;
    }

    @ParameterizedTest(name = "{0}, r = {1}")
    @MethodSource("cases")
    void everyProductMatchesTheFiniteDifferenceJacobian(String kind, int r) {
        try (Problem p = problem(kind)) {
            SensingOperator op = p.operator();
            int m = op.m(), size = op.n() * r;
            SplittableRandom random = new SplittableRandom(31 * r + kind.length());
            double[] x = ReferenceSolve.gaussian(size, random), d = ReferenceSolve.gaussian(size, random);
            double[] y = ReferenceSolve.gaussian(m, random), w = weightsFor(m, r);
            double[] jac = finiteDifferenceJacobian(op, p.b(), x, r);
            double[] normal = normalMatrix(jac, w, m, size);
            GaussNewtonSystem system = new GaussNewtonSystem(op, p.b(), r, w);
            double h = system.setPoint(x);

            double[] res = residualMap(op, p.b(), x, r), weighted = new double[m];
            double expectedH = 0;
            for (int i = 0; i < m; i++) {
                weighted[i] = w[i] * res[i];
                expectedH += 0.5 * w[i] * res[i] * res[i];
            }
            assertClose(expectedH, h, Tolerances.REORDERED_SUM, 0, "h");
            double[] out = new double[m];
            system.jacobian(d, out);
            assertClose(times(jac, m, size, d), out, Tolerances.FINITE_DIFFERENCE, "J D");
            double[] back = new double[size];
            system.jacobianTranspose(y, back);
            assertClose(transposeTimes(jac, m, size, y), back, Tolerances.FINITE_DIFFERENCE, "J^T y");
            assertClose(transposeTimes(jac, m, size, weighted), system.gradient(), Tolerances.FINITE_DIFFERENCE, "J^T W r");
            system.apply(d, back);
            assertClose(times(normal, size, size, d), back, Tolerances.FINITE_DIFFERENCE, "J^T W J D");
            double[] diagonal = new double[size], expectedDiagonal = new double[size];
            for (int j = 0; j < size; j++) expectedDiagonal[j] = normal[j * size + j];
            system.diagonal(diagonal);
            assertClose(expectedDiagonal, diagonal, Tolerances.FINITE_DIFFERENCE, "diag J^T W J");
            double[] dense = new double[size * size];
            system.dense(dense);
            assertClose(normal, dense, Tolerances.FINITE_DIFFERENCE, "dense J^T W J");
        }
    }

    @ParameterizedTest(name = "{0}, r = {1}")
    @MethodSource("cases")
    void denseAndMatrixFreePathsAgree(String kind, int r) {
        try (Problem p = problem(kind)) {
            int size = p.n() * r;
            SplittableRandom random = new SplittableRandom(7 * r);
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), r, weightsFor(p.m(), 2));
            system.setPoint(ReferenceSolve.gaussian(size, random));
            double[] dense = new double[size * size], diagonal = new double[size], product = new double[size];
            system.dense(dense);
            system.diagonal(diagonal);
            for (int j = 0; j < size; j++) assertClose(dense[j * size + j], diagonal[j], Tolerances.SAME_OPERATOR,
                    Math.abs(dense[j * size + j]) + 1e-300, "diagonal " + j); // two formulas: rank-1 measures vs products
            for (int trial = 0; trial < 3; trial++) {
                double[] d = ReferenceSolve.gaussian(size, random);
                system.apply(d, product);
                assertClose(times(dense, size, size, d), product, Tolerances.SAME_OPERATOR, "dense vs matrix-free product");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void theGaugeDirectionsAreTheNullSpace(int r) {
        try (Problem p = GaussianSensing.create(6, 60, r, 4, 1, false)) {
            int n = p.n(), size = n * r;
            SplittableRandom random = new SplittableRandom(r);
            double[] x = ReferenceSolve.gaussian(size, random);
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), r, null);
            system.setPoint(x);
            double[] dense = new double[size * size];
            system.dense(dense);
            double[] eigenvalues = JacobiReference.eigenvalues(dense, size);
            double largest = eigenvalues[size - 1];
            int gauge = r * (r - 1) / 2;
            for (int k = 0; k < gauge; k++)
                assertTrue(Math.abs(eigenvalues[k]) <= 1e-12 * largest, "eigenvalue " + k + " = " + eigenvalues[k]);
            assertTrue(eigenvalues[gauge] > 1e-6 * largest, "only the gauge is null: next eigenvalue " + eigenvalues[gauge]);

            double[] omega = new double[r * r]; // skew
            for (int a = 0; a < r; a++) for (int c = a + 1; c < r; c++) {
                omega[a * r + c] = random.nextGaussian();
                omega[c * r + a] = -omega[a * r + c];
            }
            double[] xOmega = new double[size];
            for (int i = 0; i < n; i++) for (int c = 0; c < r; c++)
                for (int a = 0; a < r; a++) xOmega[i * r + c] += x[i * r + a] * omega[a * r + c];
            double[] jd = new double[p.m()], generic = new double[p.m()];
            system.jacobian(xOmega, jd);
            system.jacobian(ReferenceSolve.gaussian(size, random), generic);
            assertTrue(ReferenceSolve.norm(jd) <= 1e-13 * ReferenceSolve.norm(generic) * ReferenceSolve.norm(xOmega),
                    "|J (X Omega)| = " + ReferenceSolve.norm(jd));
            // The gradient has no gauge component: <g, X Omega> = <X^T g, Omega> = 0, i.e. X^T g is symmetric.
            assertTrue(Math.abs(ReferenceSolve.dot(system.gradient(), xOmega))
                    <= 1e-13 * system.gradientNorm() * ReferenceSolve.norm(xOmega));
        }
    }

    @Test
    void weightsEqualScalingTheMeasurementsBySquareRoots() {
        int n = 5, m = 30, r = 2, size = n * r;
        SplittableRandom random = new SplittableRandom(12);
        double[][] matrices = new double[m][], scaledMatrices = new double[m][];
        double[] w = weightsFor(m, 9), b = ReferenceSolve.gaussian(m, random), scaledB = new double[m];
        for (int i = 0; i < m; i++) {
            double[] a = ReferenceSolve.gaussian(n * n, random);
            for (int p = 0; p < n; p++) for (int q = 0; q < p; q++) a[p * n + q] = a[q * n + p];
            matrices[i] = a;
            scaledMatrices[i] = a.clone();
            for (int e = 0; e < n * n; e++) scaledMatrices[i][e] *= Math.sqrt(w[i]);
            scaledB[i] = Math.sqrt(w[i]) * b[i];
        }
        try (ExplicitOperator op = new ExplicitOperator(n, matrices); ExplicitOperator scaled = new ExplicitOperator(n, scaledMatrices)) {
            GaussNewtonSystem weighted = new GaussNewtonSystem(op, b, r, w);
            GaussNewtonSystem plain = new GaussNewtonSystem(scaled, scaledB, r, null);
            double[] x = ReferenceSolve.gaussian(size, random), d = ReferenceSolve.gaussian(size, random);
            assertClose(plain.setPoint(x), weighted.setPoint(x), Tolerances.SAME_OPERATOR, 0, "h");
            assertClose(plain.relativeResidual(), weighted.relativeResidual(), Tolerances.SAME_OPERATOR, 0, "relative residual");
            assertClose(plain.gradient(), weighted.gradient(), Tolerances.SAME_OPERATOR, "gradient");
            double[] pw = new double[size], pp = new double[size];
            weighted.apply(d, pw);
            plain.apply(d, pp);
            assertClose(pp, pw, Tolerances.SAME_OPERATOR, "product");
            weighted.diagonal(pw);
            plain.diagonal(pp);
            assertClose(pp, pw, Tolerances.SAME_OPERATOR, "diagonal");
            double[] dw = new double[size * size], dp = new double[size * size];
            weighted.dense(dw);
            plain.dense(dp);
            assertClose(dp, dw, Tolerances.SAME_OPERATOR, "dense");
        }
    }

    @Test
    void aTrialPointCanBeAcceptedWithoutRecomputingItsResidual() {
        try (Problem p = problem("pmc")) {
            int size = p.n() * 2;
            SplittableRandom random = new SplittableRandom(1);
            double[] x = ReferenceSolve.gaussian(size, random), y = ReferenceSolve.gaussian(size, random);
            GaussNewtonSystem moved = new GaussNewtonSystem(p.operator(), p.b(), 2, null);
            GaussNewtonSystem direct = new GaussNewtonSystem(p.operator(), p.b(), 2, null);
            moved.setPoint(x);
            double hx = moved.value();
            long version = moved.version();
            double hy = moved.trial(y);
            assertEquals(hx, moved.value(), 0.0, "a trial does not move");
            assertEquals(version, moved.version());
            moved.acceptTrial();
            assertEquals(direct.setPoint(y), hy, 0.0);
            assertEquals(hy, moved.value(), 0.0);
            assertClose(direct.gradient(), moved.gradient(), 0, "gradient at the accepted point");
            assertClose(y, moved.point(), 0, "point");
            assertTrue(moved.version() > version);
            assertThrows(IllegalStateException.class, moved::acceptTrial, "a trial is accepted once");
        }
    }

    @Test
    void badInputGetsOneLine() {
        try (Problem p = problem("pmc")) {
            SensingOperator op = p.operator();
            double[] b = p.b(), w = new double[op.m()];
            java.util.Arrays.fill(w, 1);
            w[5] = -1;
            String negative = assertThrows(SodInputException.class, () -> new GaussNewtonSystem(op, b, 1, w)).getMessage();
            assertTrue(negative.contains("weight 5") && negative.contains(">= 0"), negative);
            w[5] = Double.NaN;
            assertThrows(SodInputException.class, () -> new GaussNewtonSystem(op, b, 1, w));
            assertThrows(SodInputException.class, () -> new GaussNewtonSystem(op, b, 1, new double[3]));
            assertThrows(SodInputException.class, () -> new GaussNewtonSystem(op, new double[2], 1, null));
            String rank = assertThrows(SodInputException.class, () -> new GaussNewtonSystem(op, b, 0, null)).getMessage();
            assertTrue(rank.contains("rank"), rank);
            GaussNewtonSystem system = new GaussNewtonSystem(op, b, 1, null);
            double[] x = new double[op.n()];
            x[2] = Double.POSITIVE_INFINITY;
            assertThrows(SodInputException.class, () -> system.setPoint(x));
            assertThrows(SodInputException.class, () -> system.setPoint(new double[3]));
            assertTrue(!negative.contains("\n"));
        }
    }

    @Test
    void productsAndTrialsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Problem p = Pmc.create(12, 0.1, 1)) {
            int size = p.n() * 2;
            SplittableRandom random = new SplittableRandom(3);
            double[] x = ReferenceSolve.gaussian(size, random), d = ReferenceSolve.gaussian(size, random), out = new double[size];
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), 2, weightsFor(p.m(), 1));
            system.setPoint(x);
            Runnable work = () -> {
                system.apply(d, out);
                system.trial(x);
                system.acceptTrial();
            };
            for (int warm = 0; warm < 20000; warm++) work.run();
            long id = Thread.currentThread().threadId(), bytes = Long.MAX_VALUE;
            for (int window = 0; window < 5 && bytes >= 2048; window++) {
                long before = threads.getThreadAllocatedBytes(id);
                for (int rep = 0; rep < 2000; rep++) work.run();
                bytes = threads.getThreadAllocatedBytes(id) - before;
            }
            assertTrue(bytes < 2048, "2000 rounds allocated " + bytes + " bytes");
        }
    }
}
