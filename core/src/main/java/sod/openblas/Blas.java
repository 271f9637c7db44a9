package sod.openblas;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * CBLAS level-1/2/3 calls over off-heap segments, for the comparisons with "what a NumPy user
 * writes" and for dense BLAS-3 work. Segments must hold the stated number of doubles.
 */
public final class Blas {
    private Blas() {}

    public static final int ROW_MAJOR = 101;
    public static final int NO_TRANS = 111;
    public static final int TRANS = 112;

    private static final class Handles {
        static final MethodHandle DDOT = OpenBlas.downcall("cblas_ddot",
                FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle DGEMV = OpenBlas.downcall("cblas_dgemv", FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_DOUBLE, ADDRESS, JAVA_INT));
        static final MethodHandle DGEMM = OpenBlas.downcall("cblas_dgemm", FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT));
    }

    /** x . y over n doubles. */
    public static double ddot(int n, MemorySegment x, MemorySegment y) {
        OpenBlas.require();
        try {
            return (double) Handles.DDOT.invokeExact(n, x, 1, y, 1);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** y = alpha op(A) x + beta y with A row-major rows x cols, op = {@link #NO_TRANS} or {@link #TRANS}. */
    public static void dgemv(int trans, int rows, int cols, double alpha, MemorySegment a, MemorySegment x,
                             double beta, MemorySegment y) {
        OpenBlas.require();
        try {
            Handles.DGEMV.invokeExact(ROW_MAJOR, trans, rows, cols, alpha, a, cols, x, 1, beta, y, 1);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** C = alpha op(A) op(B) + beta C, all row-major; C is m x n, op(A) m x k, op(B) k x n. */
    public static void dgemm(int transA, int transB, int m, int n, int k, double alpha, MemorySegment a,
                             MemorySegment b, double beta, MemorySegment c) {
        OpenBlas.require();
        int lda = transA == NO_TRANS ? k : m;
        int ldb = transB == NO_TRANS ? n : k;
        try {
            Handles.DGEMM.invokeExact(ROW_MAJOR, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
