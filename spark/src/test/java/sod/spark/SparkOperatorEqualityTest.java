package sod.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.operators.SensingOperator;
import sod.problems.Problem;
import sod.solver.spectral.SmallestEigen;

/**
 * The distributed operator against the single-machine {@code EntryWeightedSparse} on the same
 * observations, bit for bit, for 1, 3 and 7 row blocks (and 16, more than there are chunks, so that some
 * blocks own no rows): b, h, the gradient and the residuals of the fused
 * pass at ranks that take each kernel path (1: rank-1, 3: scalar, 5: registers, 16: vector), measure,
 * adjointTimes with a driver y and with the cached residuals, the adjoint map's products, the dense
 * adjoint and the Lanczos smallest eigenpair of G.
 */
class SparkOperatorEqualityTest {
    static final int N = 2000, M = 80000;
    static final int[] PARTITIONS = {1, 3, 7, 16};

    @TempDir
    static Path dir;
    static Problem reference;
    static final Map<Integer, Problem> distributed = new HashMap<>();

    @BeforeAll
    static void load() {
        reference = TestData.reference(N, 3, M, 0.01, 7);
        Path data = dir.resolve("obs.parquet");
        TestData.writeParquet(reference, data, 3);
        for (int p : PARTITIONS) {
            distributed.put(p, SparkCompletion.load(TestSpark.session(),
                    SparkCompletion.Settings.of(data.toString(), N, 3).withPartitions(p), null, null));
        }
    }

    @AfterAll
    static void close() {
        distributed.values().forEach(Problem::close);
        reference.close();
    }

    static double[] random(int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[length];
        for (int k = 0; k < length; k++) a[k] = rnd.nextGaussian() / Math.sqrt(N);
        return a;
    }

    static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what + ": " + expected + " vs " + actual);
    }

    @Test
    void blocksAlignWithSeveralChunks() {
        // the premise of the partition tests: more chunks than the largest partition count
        assertEquals(true, ((SparkCompletionOperator) distributed.get(7).operator()).plan().chunks() > 7);
    }

    @Test
    void sixteenBlocksLeaveSomeEmpty() {
        // the premise of the 16-block cases: more partitions than chunks, so some blocks own no rows
        assertEquals(true, ((SparkCompletionOperator) distributed.get(16).operator()).plan().chunks() < 16);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void sameDimensionsAndData(int partitions) {
        Problem p = distributed.get(partitions);
        assertEquals(N, p.n());
        assertEquals(M, p.m());
        assertArrayEquals(reference.b(), p.b());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 16})
    void fusedPassAtEveryKernelPath(int partitions) {
        SensingOperator op = distributed.get(partitions).operator(), ref = reference.operator();
        for (int r : new int[] {1, 3, 5, 16}) {
            double[] x = random(N * r, r);
            double[] g1 = new double[N * r], g2 = new double[N * r], res1 = new double[M], res2 = new double[M];
            double h1 = ref.residualAndGradient(x, r, reference.b(), res1, g1);
            double h2 = op.residualAndGradient(x, r, distributed.get(partitions).b(), res2, g2);
            assertBits(h1, h2, "h at r = " + r);
            assertArrayEquals(g1, g2, "gradient at r = " + r);
            // passing the residual array back makes the operator fill it (and use its cached copy)
            double[] v = random(N, 100 + r), o1 = new double[N], o2 = new double[N];
            ref.adjointTimes(res1, v, 1, o1);
            op.adjointTimes(res2, v, 1, o2);
            assertArrayEquals(res1, res2, "residual at r = " + r);
            assertArrayEquals(o1, o2, "A*(residual) v at r = " + r);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void anotherBIsHonoured(int partitions) {
        SensingOperator op = distributed.get(partitions).operator(), ref = reference.operator();
        double[] b = random(M, 5), x = random(N * 2, 6);
        double[] g1 = new double[N * 2], g2 = new double[N * 2], res1 = new double[M], res2 = new double[M];
        assertBits(ref.residualAndGradient(x, 2, b, res1, g1), op.residualAndGradient(x, 2, b, res2, g2), "h");
        assertArrayEquals(g1, g2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 16})
    void measureAndAdjointTimes(int partitions) {
        SensingOperator op = distributed.get(partitions).operator(), ref = reference.operator();
        double[] u = random(N * 2, 11), v = random(N * 2, 12);
        double[] a1 = new double[M], a2 = new double[M];
        ref.measure(u, v, 2, a1);
        op.measure(u, v, 2, a2);
        assertArrayEquals(a1, a2, "measure");
        double[] y = random(M, 13);
        for (int k : new int[] {1, 3, 4}) {
            double[] w = random(N * k, 14 + k), o1 = new double[N * k], o2 = new double[N * k];
            ref.adjointTimes(y, w, k, o1);
            op.adjointTimes(y, w, k, o2);
            assertArrayEquals(o1, o2, "adjointTimes k = " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 16})
    void adjointMapOfResidualsAndOfAnyY(int partitions) {
        SensingOperator op = distributed.get(partitions).operator(), ref = reference.operator();
        double[] x = random(N * 3, 21);
        double[] res1 = new double[M], res2 = new double[M], g = new double[N * 3];
        ref.residualAndGradient(x, 3, reference.b(), res1, g);
        op.residualAndGradient(x, 3, distributed.get(partitions).b(), res2, g);
        for (double[][] ys : new double[][][] {{res1, res2}, {random(M, 22), null}}) {
            double[] y2 = ys[1] == null ? ys[0] : ys[1];
            SensingOperator.AdjointMap m1 = ref.adjointMap(ys[0]), m2 = op.adjointMap(y2);
            for (int k : new int[] {1, 1, 2}) {
                double[] v = random(N * k, 30 + k), o1 = new double[N * k], o2 = new double[N * k];
                m1.times(v, k, o1);
                m2.times(v, k, o2);
                assertArrayEquals(o1, o2, "map product k = " + k);
            }
        }
        assertArrayEquals(res1, res2, "residual filled by adjointMap");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void denseAdjoint(int partitions) {
        double[] y = random(M, 41), g1 = new double[N * N], g2 = new double[N * N];
        reference.operator().adjoint(y, g1);
        distributed.get(partitions).operator().adjoint(y, g2);
        assertArrayEquals(g1, g2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void lanczosSmallestEigenpairOfG(int partitions) {
        SensingOperator op = distributed.get(partitions).operator(), ref = reference.operator();
        double[] x = random(N * 3, 51);
        double[] res1 = new double[M], res2 = new double[M], g = new double[N * 3];
        ref.residualAndGradient(x, 3, reference.b(), res1, g);
        op.residualAndGradient(x, 3, distributed.get(partitions).b(), res2, g);
        var effort = new SmallestEigen.Effort(1e-8, 3000, 3);
        double[] u1 = new double[N], u2 = new double[N];
        double l1, l2;
        try (SmallestEigen e1 = new SmallestEigen(N, false); SmallestEigen e2 = new SmallestEigen(N, false)) {
            l1 = e1.ofAdjoint(ref, res1, u1, false, effort);
            l2 = e2.ofAdjoint(op, res2, u2, false, effort);
            assertEquals(e1.lastOutcome().products(), e2.lastOutcome().products(), "products");
        }
        assertBits(l1, l2, "lambda_min(G)");
        assertArrayEquals(u1, u2, "eigenvector");
    }

    @Test
    void onDemandResidualsMoveOnlyWhenPassedBack() {
        Problem p = distributed.get(3);
        // an array not yet passed back keeps its old content: the hot path moved no length-m vector
        double[] x = random(N, 61), res = new double[M], g = new double[N];
        java.util.Arrays.fill(res, Double.NaN);
        p.operator().residualAndGradient(x, 1, p.b(), res, g);
        assertEquals(true, Double.isNaN(res[0]), "ON_DEMAND moved no residuals on the hot path");
        double[] o = new double[N];
        p.operator().adjointTimes(res, x, 1, o);
        assertEquals(false, Double.isNaN(res[0]), "filled when passed back");
    }
}
