package sod.kernels;

import static sod.kernels.Kernels.F32_LE;
import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row-block kernels of the dense operator's fused sweep: dots of packed rows with one vector
 * accumulator per row, j ascending, lanes summed from lane 0, then the scalar tail with FMA. The dot
 * of a row has the same order whether it is computed alone ({@link #dotOneChain}), in a block of four
 * ({@link #dot4}) or beside an axpy ({@link #dot4Axpy4F32}), so a residual never depends on how rows
 * were grouped. Offsets and lengths count elements; twins in {@link ScalarKernels}.
 */
public final class RowBlockKernels {

    private static final VectorSpecies<Double> D = VectorShapes.F64;
    private static final int L = D.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RowBlockKernels() {
    }

    /** {@link Kernels#dot} in the row-block order (one accumulator): bitwise equal to a row of {@link #dot4}. */
    public static double dotOneChain(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        long ab = aIndex * 8, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D);
        int j = 0;
        for (; j <= len - L; j += L) {
            long o = 8L * j;
            s0 = DoubleVector.fromMemorySegment(D, x, xb + o, LE).fma(DoubleVector.fromMemorySegment(D, a, ab + o, LE), s0);
        }
        double s = Kernels.sumLanes(s0);
        for (; j < len; j++) s = Math.fma(a.get(F64_LE, ab + 8L * j), x.get(F64_LE, xb + 8L * j), s);
        return s;
    }

    /** {@link #dotOneChain} with {@code a} stored as floats. */
    public static double dotOneChainF32(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        long ab = aIndex * 4, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D);
        int j = 0;
        for (; j <= len - L; j += L) {
            s0 = Kernels.loadF32(a, ab + 4L * j).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * j, LE), s0);
        }
        double s = Kernels.sumLanes(s0);
        for (; j < len; j++) s = Math.fma(a.get(F32_LE, ab + 4L * j), x.get(F64_LE, xb + 8L * j), s);
        return s;
    }

    /**
     * Dots of the four rows {@code a[aIndex + k * aStride ..]} (k = 0..3) with {@code x} in one sweep,
     * written to {@code out[outIndex + k]}; each bitwise equal to {@link #dotOneChain} of its row.
     */
    public static void dot4(MemorySegment a, long aIndex, long aStride, MemorySegment x, long xIndex,
                            double[] out, int outIndex, int len) {
        long b0 = aIndex * 8, b1 = b0 + aStride * 8, b2 = b1 + aStride * 8, b3 = b2 + aStride * 8, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - L; j += L) {
            long o = 8L * j;
            DoubleVector xv = DoubleVector.fromMemorySegment(D, x, xb + o, LE);
            s0 = xv.fma(DoubleVector.fromMemorySegment(D, a, b0 + o, LE), s0);
            s1 = xv.fma(DoubleVector.fromMemorySegment(D, a, b1 + o, LE), s1);
            s2 = xv.fma(DoubleVector.fromMemorySegment(D, a, b2 + o, LE), s2);
            s3 = xv.fma(DoubleVector.fromMemorySegment(D, a, b3 + o, LE), s3);
        }
        double t0 = Kernels.sumLanes(s0), t1 = Kernels.sumLanes(s1), t2 = Kernels.sumLanes(s2), t3 = Kernels.sumLanes(s3);
        out[outIndex] = finishRow(a, b0, x, xb, j, len, t0, false);
        out[outIndex + 1] = finishRow(a, b1, x, xb, j, len, t1, false);
        out[outIndex + 2] = finishRow(a, b2, x, xb, j, len, t2, false);
        out[outIndex + 3] = finishRow(a, b3, x, xb, j, len, t3, false);
    }

    /** {@link #dot4} with {@code a} stored as floats. */
    public static void dot4F32(MemorySegment a, long aIndex, long aStride, MemorySegment x, long xIndex,
                               double[] out, int outIndex, int len) {
        long b0 = aIndex * 4, b1 = b0 + aStride * 4, b2 = b1 + aStride * 4, b3 = b2 + aStride * 4, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - L; j += L) {
            DoubleVector xv = DoubleVector.fromMemorySegment(D, x, xb + 8L * j, LE);
            s0 = xv.fma(Kernels.loadF32(a, b0 + 4L * j), s0);
            s1 = xv.fma(Kernels.loadF32(a, b1 + 4L * j), s1);
            s2 = xv.fma(Kernels.loadF32(a, b2 + 4L * j), s2);
            s3 = xv.fma(Kernels.loadF32(a, b3 + 4L * j), s3);
        }
        double t0 = Kernels.sumLanes(s0), t1 = Kernels.sumLanes(s1), t2 = Kernels.sumLanes(s2), t3 = Kernels.sumLanes(s3);
        out[outIndex] = finishRow(a, b0, x, xb, j, len, t0, true);
        out[outIndex + 1] = finishRow(a, b1, x, xb, j, len, t1, true);
        out[outIndex + 2] = finishRow(a, b2, x, xb, j, len, t2, true);
        out[outIndex + 3] = finishRow(a, b3, x, xb, j, len, t3, true);
    }

    /** The scalar tail of one row of a block (vectors are reduced by the caller: passing them boxes). */
    private static double finishRow(MemorySegment a, long ab, MemorySegment x, long xb, int j0, int len, double s,
                                    boolean f32) {
        for (int j = j0; j < len; j++) {
            double aj = f32 ? a.get(F32_LE, ab + 4L * j) : a.get(F64_LE, ab + 8L * j);
            s = Math.fma(aj, x.get(F64_LE, xb + 8L * j), s);
        }
        return s;
    }

    /**
     * The next block's {@link #dot4F32} and this block's {@link Kernels#axpy4F32} in one sweep, so that the rows
     * streamed from memory for the dots and the rows re-read from cache for the update are in flight
     * together: {@code out[outIndex + k] = <a[dotIndex + k * stride ..], x>} and
     * {@code y += sum_k alpha_k a[axpyIndex + k * stride ..]}. Both results are bitwise equal to the
     * two separate kernels. Rows stored as floats.
     */
    public static void dot4Axpy4F32(MemorySegment a, long dotIndex, long axpyIndex, long stride,
                                    MemorySegment x, long xIndex, double[] out, int outIndex,
                                    double alpha0, double alpha1, double alpha2, double alpha3,
                                    MemorySegment y, long yIndex, int len) {
        long sb = stride * 4;
        long d0 = dotIndex * 4, d1 = d0 + sb, d2 = d1 + sb, d3 = d2 + sb;
        long u0 = axpyIndex * 4, u1 = u0 + sb, u2 = u1 + sb, u3 = u2 + sb;
        long xb = xIndex * 8, yb = yIndex * 8;
        DoubleVector v0 = DoubleVector.broadcast(D, alpha0), v1 = DoubleVector.broadcast(D, alpha1);
        DoubleVector v2 = DoubleVector.broadcast(D, alpha2), v3 = DoubleVector.broadcast(D, alpha3);
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - L; j += L) {
            DoubleVector xv = DoubleVector.fromMemorySegment(D, x, xb + 8L * j, LE);
            s0 = xv.fma(Kernels.loadF32(a, d0 + 4L * j), s0);
            s1 = xv.fma(Kernels.loadF32(a, d1 + 4L * j), s1);
            s2 = xv.fma(Kernels.loadF32(a, d2 + 4L * j), s2);
            s3 = xv.fma(Kernels.loadF32(a, d3 + 4L * j), s3);
            DoubleVector acc = DoubleVector.fromMemorySegment(D, y, yb + 8L * j, LE);
            acc = v0.fma(Kernels.loadF32(a, u0 + 4L * j), acc);
            acc = v1.fma(Kernels.loadF32(a, u1 + 4L * j), acc);
            acc = v2.fma(Kernels.loadF32(a, u2 + 4L * j), acc);
            acc = v3.fma(Kernels.loadF32(a, u3 + 4L * j), acc);
            acc.intoMemorySegment(y, yb + 8L * j, LE);
        }
        double t0 = Kernels.sumLanes(s0), t1 = Kernels.sumLanes(s1), t2 = Kernels.sumLanes(s2), t3 = Kernels.sumLanes(s3);
        out[outIndex] = finishRow(a, d0, x, xb, j, len, t0, true);
        out[outIndex + 1] = finishRow(a, d1, x, xb, j, len, t1, true);
        out[outIndex + 2] = finishRow(a, d2, x, xb, j, len, t2, true);
        out[outIndex + 3] = finishRow(a, d3, x, xb, j, len, t3, true);
        for (; j < len; j++) {
            double acc = y.get(F64_LE, yb + 8L * j);
            acc = Math.fma(alpha0, a.get(F32_LE, u0 + 4L * j), acc);
            acc = Math.fma(alpha1, a.get(F32_LE, u1 + 4L * j), acc);
            acc = Math.fma(alpha2, a.get(F32_LE, u2 + 4L * j), acc);
            acc = Math.fma(alpha3, a.get(F32_LE, u3 + 4L * j), acc);
            y.set(F64_LE, yb + 8L * j, acc);
        }
    }
}
