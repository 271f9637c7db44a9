package sod.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hand-vectorised kernels over off-heap {@link MemorySegment}s of little-endian doubles (or floats for
 * the {@code F32} variants, which accumulate in double). Offsets and lengths count elements, not bytes.
 *
 * <p>Reductions use four vector accumulators with FMA, combined as {@code (s0 + s1) + (s2 + s3)}, then
 * the lanes summed from lane 0 upwards by hand, then the scalar tail: the order is fixed, so a result
 * is bitwise reproducible for a given vector width ({@code reduceLanes(ADD)} has an unspecified order).
 * Every method has a plain-loop twin in {@link ScalarKernels} with the same signature, used as the
 * reference in tests.
 *
 * <p>Packed symmetric storage: the upper triangle row by row, row p holding columns p..n-1 at
 * {@link #packedRowStart(int, int) packedRowStart(n, p)}, {@code n(n+1)/2} elements in all.
 */
public final class Kernels {

    /** Little-endian double, the storage layout of every float64 segment in sod. */
    public static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian float, the storage layout of float32 operator data. */
    public static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final VectorSpecies<Double> D = VectorShapes.F64;
    private static final VectorSpecies<Float> F = VectorShapes.F32_HALF;
    private static final int L = D.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Kernels() {
    }

    /** Elements in a packed symmetric n x n matrix. */
    public static long packedLength(int n) {
        return (long) n * (n + 1) / 2;
    }

    /** Index of element (p, p) in packed storage; row p continues with (p, p+1) ... (p, n-1). */
    public static long packedRowStart(int n, int p) {
        return (long) p * n - (long) p * (p - 1) / 2;
    }

    /** The lanes of {@code v} summed from lane 0 upwards (the fixed order every reduction here uses). */
    static double sumLanes(DoubleVector v) {
        double s = v.lane(0);
        for (int l = 1; l < L; l++) s += v.lane(l);
        return s;
    }

    /** {@code sum_j a[aIndex + j] * x[xIndex + j]} over {@code len} doubles. */
    public static double dot(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        long ab = aIndex * 8, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - 4 * L; j += 4 * L) {
            long o = 8L * j;
            s0 = DoubleVector.fromMemorySegment(D, a, ab + o, LE).fma(DoubleVector.fromMemorySegment(D, x, xb + o, LE), s0);
            s1 = DoubleVector.fromMemorySegment(D, a, ab + o + 8L * L, LE).fma(DoubleVector.fromMemorySegment(D, x, xb + o + 8L * L, LE), s1);
            s2 = DoubleVector.fromMemorySegment(D, a, ab + o + 16L * L, LE).fma(DoubleVector.fromMemorySegment(D, x, xb + o + 16L * L, LE), s2);
            s3 = DoubleVector.fromMemorySegment(D, a, ab + o + 24L * L, LE).fma(DoubleVector.fromMemorySegment(D, x, xb + o + 24L * L, LE), s3);
        }
        for (; j <= len - L; j += L) {
            long o = 8L * j;
            s0 = DoubleVector.fromMemorySegment(D, a, ab + o, LE).fma(DoubleVector.fromMemorySegment(D, x, xb + o, LE), s0);
        }
        double s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; j < len; j++) s = Math.fma(a.get(F64_LE, ab + 8L * j), x.get(F64_LE, xb + 8L * j), s);
        return s;
    }

    /** {@link #dot} with {@code a} stored as floats, {@code x} as doubles, accumulated in double. */
    public static double dotF32(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        long ab = aIndex * 4, xb = xIndex * 8;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - 4 * L; j += 4 * L) {
            s0 = loadF32(a, ab + 4L * j).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * j, LE), s0);
            s1 = loadF32(a, ab + 4L * (j + L)).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * (j + L), LE), s1);
            s2 = loadF32(a, ab + 4L * (j + 2 * L)).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * (j + 2 * L), LE), s2);
            s3 = loadF32(a, ab + 4L * (j + 3 * L)).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * (j + 3 * L), LE), s3);
        }
        for (; j <= len - L; j += L) {
            s0 = loadF32(a, ab + 4L * j).fma(DoubleVector.fromMemorySegment(D, x, xb + 8L * j, LE), s0);
        }
        double s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; j < len; j++) s = Math.fma(a.get(F32_LE, ab + 4L * j), x.get(F64_LE, xb + 8L * j), s);
        return s;
    }

    /** {@link #L} floats at {@code byteOffset}, widened to one double vector. */
    static DoubleVector loadF32(MemorySegment a, long byteOffset) {
        return (DoubleVector) FloatVector.fromMemorySegment(F, a, byteOffset, LE).convertShape(VectorOperators.F2D, D, 0);
    }

    /** {@code y[yIndex + j] += alpha * a[aIndex + j]} over {@code len} doubles (one FMA per element). */
    public static void axpy(double alpha, MemorySegment a, long aIndex, MemorySegment y, long yIndex, int len) {
        long ab = aIndex * 8, yb = yIndex * 8;
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int j = 0;
        for (; j <= len - L; j += L) {
            long o = 8L * j;
            DoubleVector.fromMemorySegment(D, a, ab + o, LE)
                    .fma(va, DoubleVector.fromMemorySegment(D, y, yb + o, LE))
                    .intoMemorySegment(y, yb + o, LE);
        }
        for (; j < len; j++) {
            long o = 8L * j;
            y.set(F64_LE, yb + o, Math.fma(alpha, a.get(F64_LE, ab + o), y.get(F64_LE, yb + o)));
        }
    }

    /** {@link #axpy} with {@code a} stored as floats. */
    public static void axpyF32(double alpha, MemorySegment a, long aIndex, MemorySegment y, long yIndex, int len) {
        long ab = aIndex * 4, yb = yIndex * 8;
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int j = 0;
        for (; j <= len - L; j += L) {
            loadF32(a, ab + 4L * j)
                    .fma(va, DoubleVector.fromMemorySegment(D, y, yb + 8L * j, LE))
                    .intoMemorySegment(y, yb + 8L * j, LE);
        }
        for (; j < len; j++) {
            y.set(F64_LE, yb + 8L * j, Math.fma(alpha, a.get(F32_LE, ab + 4L * j), y.get(F64_LE, yb + 8L * j)));
        }
    }

    /**
     * Four {@link #axpy}s into the same {@code y} in one sweep, {@code y += a0 A0 + a1 A1 + a2 A2 + a3 A3}
     * applied in that order per element: bitwise equal to the four calls one after another, with one
     * read and write of {@code y} instead of four.
     */
    public static void axpy4(double alpha0, long aIndex0, double alpha1, long aIndex1,
                             double alpha2, long aIndex2, double alpha3, long aIndex3,
                             MemorySegment a, MemorySegment y, long yIndex, int len) {
        long b0 = aIndex0 * 8, b1 = aIndex1 * 8, b2 = aIndex2 * 8, b3 = aIndex3 * 8, yb = yIndex * 8;
        DoubleVector v0 = DoubleVector.broadcast(D, alpha0), v1 = DoubleVector.broadcast(D, alpha1);
        DoubleVector v2 = DoubleVector.broadcast(D, alpha2), v3 = DoubleVector.broadcast(D, alpha3);
        int j = 0;
        for (; j <= len - L; j += L) {
            long o = 8L * j;
            DoubleVector acc = DoubleVector.fromMemorySegment(D, y, yb + o, LE);
            acc = DoubleVector.fromMemorySegment(D, a, b0 + o, LE).fma(v0, acc);
            acc = DoubleVector.fromMemorySegment(D, a, b1 + o, LE).fma(v1, acc);
            acc = DoubleVector.fromMemorySegment(D, a, b2 + o, LE).fma(v2, acc);
            acc = DoubleVector.fromMemorySegment(D, a, b3 + o, LE).fma(v3, acc);
            acc.intoMemorySegment(y, yb + o, LE);
        }
        for (; j < len; j++) {
            long o = 8L * j;
            double acc = y.get(F64_LE, yb + o);
            acc = Math.fma(alpha0, a.get(F64_LE, b0 + o), acc);
            acc = Math.fma(alpha1, a.get(F64_LE, b1 + o), acc);
            acc = Math.fma(alpha2, a.get(F64_LE, b2 + o), acc);
            acc = Math.fma(alpha3, a.get(F64_LE, b3 + o), acc);
            y.set(F64_LE, yb + o, acc);
        }
    }

    /** {@link #axpy4} with {@code a} stored as floats. */
    public static void axpy4F32(double alpha0, long aIndex0, double alpha1, long aIndex1,
                                double alpha2, long aIndex2, double alpha3, long aIndex3,
                                MemorySegment a, MemorySegment y, long yIndex, int len) {
        long b0 = aIndex0 * 4, b1 = aIndex1 * 4, b2 = aIndex2 * 4, b3 = aIndex3 * 4, yb = yIndex * 8;
        DoubleVector v0 = DoubleVector.broadcast(D, alpha0), v1 = DoubleVector.broadcast(D, alpha1);
        DoubleVector v2 = DoubleVector.broadcast(D, alpha2), v3 = DoubleVector.broadcast(D, alpha3);
        int j = 0;
        for (; j <= len - L; j += L) {
            DoubleVector acc = DoubleVector.fromMemorySegment(D, y, yb + 8L * j, LE);
            acc = loadF32(a, b0 + 4L * j).fma(v0, acc);
            acc = loadF32(a, b1 + 4L * j).fma(v1, acc);
            acc = loadF32(a, b2 + 4L * j).fma(v2, acc);
            acc = loadF32(a, b3 + 4L * j).fma(v3, acc);
            acc.intoMemorySegment(y, yb + 8L * j, LE);
        }
        for (; j < len; j++) {
            double acc = y.get(F64_LE, yb + 8L * j);
            acc = Math.fma(alpha0, a.get(F32_LE, b0 + 4L * j), acc);
            acc = Math.fma(alpha1, a.get(F32_LE, b1 + 4L * j), acc);
            acc = Math.fma(alpha2, a.get(F32_LE, b2 + 4L * j), acc);
            acc = Math.fma(alpha3, a.get(F32_LE, b3 + 4L * j), acc);
            y.set(F64_LE, yb + 8L * j, acc);
        }
    }

    /**
     * Packed symmetric product with doubled off-diagonals: for U, V n x k given transposed ({@code ut},
     * {@code vt}: k x n, row-major), {@code out} (packed, n(n+1)/2) receives {@code S = (U V^T + V U^T)/2}
     * with every off-diagonal element doubled, so that {@code <A, S>} for a symmetric A is the plain
     * dot of packed A with {@code out}. With {@code ut == vt} this is the Gram {@code X X^T} (doubled off
     * the diagonal), computed with one FMA per term.
     */
    public static void packedSymProduct(MemorySegment ut, MemorySegment vt, int n, int k, MemorySegment out) {
        boolean gram = ut == vt;
        for (int p = 0; p < n; p++) {
            long rowB = packedRowStart(n, p) * 8;
            int q = p;
            for (; q <= n - L; q += L) {
                DoubleVector acc = DoubleVector.zero(D);
                for (int j = 0; j < k; j++) {
                    long rj = (long) j * n;
                    double up = ut.get(F64_LE, 8L * (rj + p));
                    if (gram) {
                        acc = DoubleVector.fromMemorySegment(D, ut, 8L * (rj + q), LE).fma(DoubleVector.broadcast(D, 2 * up), acc);
                    } else {
                        double vp = vt.get(F64_LE, 8L * (rj + p));
                        acc = DoubleVector.fromMemorySegment(D, vt, 8L * (rj + q), LE).fma(DoubleVector.broadcast(D, up), acc);
                        acc = DoubleVector.fromMemorySegment(D, ut, 8L * (rj + q), LE).fma(DoubleVector.broadcast(D, vp), acc);
                    }
                }
                acc.intoMemorySegment(out, rowB + 8L * (q - p), LE);
            }
            for (; q < n; q++) {
                double acc = 0;
                for (int j = 0; j < k; j++) {
                    long rj = (long) j * n;
                    double up = ut.get(F64_LE, 8L * (rj + p));
                    if (gram) {
                        acc = Math.fma(2 * up, ut.get(F64_LE, 8L * (rj + q)), acc);
                    } else {
                        double vp = vt.get(F64_LE, 8L * (rj + p));
                        acc = Math.fma(up, vt.get(F64_LE, 8L * (rj + q)), acc);
                        acc = Math.fma(vp, ut.get(F64_LE, 8L * (rj + q)), acc);
                    }
                }
                out.set(F64_LE, rowB + 8L * (q - p), acc);
            }
            // The diagonal was accumulated doubled like the rest; halving is exact.
            out.set(F64_LE, rowB, 0.5 * out.get(F64_LE, rowB));
        }
    }

    /**
     * {@code outT = (G X)^T} (k x n) for a packed symmetric G (plain values, not doubled) and X given
     * transposed ({@code xt}, k x n). Row p of packed G adds {@code X[p,:] G[p,q]} to column q >= p and
     * {@code sum_{q>p} G[p,q] X[q,:]} to column p; {@code outT} is overwritten.
     */
    public static void packedSymTimes(MemorySegment g, int n, MemorySegment xt, int k, MemorySegment outT) {
        zero(outT, 0, k * n);
        for (int p = 0; p < n; p++) {
            long row = packedRowStart(n, p);
            for (int j = 0; j < k; j++) {
                long rj = (long) j * n;
                double xjp = xt.get(F64_LE, 8L * (rj + p));
                double lower = dot(g, row + 1, xt, rj + p + 1, n - p - 1);
                axpy(xjp, g, row, outT, rj + p, n - p);
                outT.set(F64_LE, 8L * (rj + p), outT.get(F64_LE, 8L * (rj + p)) + lower);
            }
        }
    }

    /** Sets {@code len} doubles from {@code index} to +0.0 (without the slice a {@code fill} would need). */
    public static void zero(MemorySegment y, long index, int len) {
        long yb = index * 8;
        DoubleVector z = DoubleVector.zero(D);
        int j = 0;
        for (; j <= len - L; j += L) z.intoMemorySegment(y, yb + 8L * j, LE);
        for (; j < len; j++) y.set(F64_LE, yb + 8L * j, 0.0);
    }

    /** Copies row-major {@code x} (n x k) transposed into {@code xt} (k x n). */
    public static void transposeInto(double[] x, int n, int k, MemorySegment xt) {
        for (int j = 0; j < k; j++) {
            long rj = (long) j * n;
            for (int p = 0; p < n; p++) xt.set(F64_LE, 8L * (rj + p), x[p * k + j]);
        }
    }

    /** Copies {@code xt} (k x n) transposed into row-major {@code x} (n x k), times {@code scale}. */
    public static void transposeFrom(MemorySegment xt, int n, int k, double scale, double[] x) {
        for (int j = 0; j < k; j++) {
            long rj = (long) j * n;
            for (int p = 0; p < n; p++) x[p * k + j] = scale * xt.get(F64_LE, 8L * (rj + p));
        }
    }
}
