package sod.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.kernels.Kernels;
import sod.testing.Assertions;
import sod.testing.Tolerances;

class StreamedStorageTest {

    /** On Linux the storage is an advised mapping: zeroed, 2 MB aligned, usable to its last byte, gone when the arena closes. */
    @Test
    void mappedStorageIsZeroedAlignedAndFreedWithItsArena() {
        boolean linux = System.getProperty("os.name", "").toLowerCase().startsWith("linux");
        long bytes = 3L * (1 << 20) + 24; // not a multiple of the huge page
        Arena arena = Arena.ofShared();
        Optional<MemorySegment> mapped = StreamedStorage.mapped(arena, bytes);
        assertEquals(linux, mapped.isPresent(), "a mapping exactly on Linux");
        if (mapped.isEmpty()) {
            arena.close();
            return;
        }
        MemorySegment s = mapped.get();
        assertEquals(bytes, s.byteSize());
        assertEquals(0, s.address() % (2L << 20), "huge-page aligned");
        for (long b = 0; b < bytes; b += 4093) assertEquals(0, s.get(ValueLayout.JAVA_BYTE, b), "zero at " + b);
        assertEquals(0, s.get(ValueLayout.JAVA_BYTE, bytes - 1));
        s.set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 7);
        s.setAtIndex(F64_LE, 0, 2.5);
        assertEquals(7, s.get(ValueLayout.JAVA_BYTE, bytes - 1));
        assertEquals(2.5, s.getAtIndex(F64_LE, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(ValueLayout.JAVA_BYTE, bytes));
        arena.close();
        assertFalse(s.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void smallStorageComesFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = StreamedStorage.allocate(arena, 1000);
            assertEquals(1000, s.byteSize());
            assertEquals(0, s.address() % 64);
            for (long b = 0; b < 1000; b++) assertEquals(0, s.get(ValueLayout.JAVA_BYTE, b));
        }
    }

    /**
     * A dense operator large enough for the mapped storage (8.5 MB of float64 packed matrices) measures
     * what its explicit matrices give, and its float32 twin stores the rounded draws: the operator does
     * not depend on where its storage came from.
     */
    @Test
    void anOperatorOnMappedStorageMeasuresItsExplicitMatrices() {
        int n = 66, m = 480, r = 2; // stride 2224 > 2211 packed: padding to check
        assertTrue((long) m * Kernels.packedLength(n) * 8 >= StreamedStorage.MAPPED_FROM_BYTES);
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[n * r];
        for (int e = 0; e < x.length; e++) x[e] = random.nextGaussian();
        try (DenseSymmetricOperator op = DenseSymmetricOperator.gaussian(n, m, 17, Precision.FLOAT64, 2);
             DenseSymmetricOperator f32 = DenseSymmetricOperator.gaussian(n, m, 17, Precision.FLOAT32, 2)) {
            double[] out = new double[m], expected = new double[m];
            op.measure(x, x, r, out);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        double xxt = 0;
                        for (int k = 0; k < r; k++) xxt += x[p * r + k] * x[q * r + k];
                        s += op.entry(i, p, q) * xxt;
                    }
                }
                expected[i] = s;
            }
            Assertions.assertClose(expected, out, Tolerances.SAME_OPERATOR, "measure on mapped storage");
            for (int i = 0; i < m; i += 37) {
                for (int p = 0; p < n; p += 5) {
                    for (int q = p; q < n; q += 3) assertEquals((float) op.entry(i, p, q), f32.entry(i, p, q));
                }
            }
            // the padding after each matrix stays zero (the kernels read it)
            MemorySegment storage = op.storage();
            long packed = Kernels.packedLength(n);
            for (int i = 0; i < m; i++) {
                for (long e = packed; e < op.packedStride(); e++) assertEquals(0.0, storage.getAtIndex(F64_LE, i * op.packedStride() + e));
            }
        }
    }
}
