package sod.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void vectorKernelsMatchScalarTwinsAtDefaultWidth() {
        List<String> mismatches = KernelCheck.mismatches();
        // Again once C2 has compiled the kernels.
        for (int round = 0; round < 40 && mismatches.isEmpty(); round++) mismatches = KernelCheck.mismatches();
        String report = String.join("\n", mismatches);
        assertTrue(mismatches.isEmpty(), report);
    }

    @Test
    void packedDoubledGramTurnsFrobeniusProductIntoPlainDot() {
        // X = [[1, 2], [3, 4], [5, 6]] (3 x 2), A symmetric 3 x 3; <A, X X^T> computed by hand.
        int n = 3, k = 2;
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] a = {2, -1, 0.5, -1, 3, 4, 0.5, 4, -2};
        double[] xxt = new double[9];
        for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) for (int j = 0; j < k; j++) xxt[p * n + q] += x[p * k + j] * x[q * k + j];
        double expected = 0;
        for (int e = 0; e < 9; e++) expected += a[e] * xxt[e];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xt = arena.allocate(8 * n * k, 64), gram = arena.allocate(8 * 6, 64), ap = arena.allocate(8 * 6, 64);
            Kernels.transposeInto(x, n, k, xt);
            Kernels.packedSymProduct(xt, xt, n, k, gram);
            for (int p = 0, e = 0; p < n; p++) for (int q = p; q < n; q++, e++) ap.setAtIndex(F64_LE, e, a[p * n + q]);
            assertEquals(5.0, gram.getAtIndex(F64_LE, 0));          // 1 + 4
            assertEquals(2 * 11.0, gram.getAtIndex(F64_LE, 1));     // doubled 1*3 + 2*4
            assertEquals(expected, Kernels.dot(ap, 0, gram, 0, 6), 1e-12);
            assertEquals(expected, ScalarKernels.dot(ap, 0, gram, 0, 6), 1e-12);
        }
    }

    @Test
    void dotIsBitwiseReproducible() {
        try (Arena arena = Arena.ofConfined()) {
            int len = 1003;
            MemorySegment a = arena.allocate(8 * len, 64), x = arena.allocate(8 * len, 64);
            for (int e = 0; e < len; e++) {
                a.setAtIndex(F64_LE, e, Math.sin(e));
                x.setAtIndex(F64_LE, e, Math.cos(3 * e));
            }
            double first = Kernels.dot(a, 0, x, 0, len);
            for (int rep = 0; rep < 20_000; rep++) {
                assertEquals(Double.doubleToRawLongBits(first), Double.doubleToRawLongBits(Kernels.dot(a, 0, x, 0, len)));
            }
        }
    }
}
