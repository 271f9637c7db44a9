package sod.kernels;

import static sod.kernels.Kernels.F32_LE;
import static sod.kernels.Kernels.F64_LE;
import static sod.kernels.Kernels.packedRowStart;

import java.lang.foreign.MemorySegment;

/**
 * Plain-loop twins of {@link Kernels} with the same signatures and meaning, in the obvious summation
 * order: the independent reference the vector kernels are tested against.
 */
public final class ScalarKernels {

    private ScalarKernels() {
    }

    public static double dot(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += a.getAtIndex(F64_LE, aIndex + j) * x.getAtIndex(F64_LE, xIndex + j);
        return s;
    }

    public static double dotF32(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += (double) a.getAtIndex(F32_LE, aIndex + j) * x.getAtIndex(F64_LE, xIndex + j);
        return s;
    }

    public static void axpy(double alpha, MemorySegment a, long aIndex, MemorySegment y, long yIndex, int len) {
        for (int j = 0; j < len; j++) {
            y.setAtIndex(F64_LE, yIndex + j, y.getAtIndex(F64_LE, yIndex + j) + alpha * a.getAtIndex(F64_LE, aIndex + j));
        }
    }

    public static void axpyF32(double alpha, MemorySegment a, long aIndex, MemorySegment y, long yIndex, int len) {
        for (int j = 0; j < len; j++) {
            y.setAtIndex(F64_LE, yIndex + j, y.getAtIndex(F64_LE, yIndex + j) + alpha * a.getAtIndex(F32_LE, aIndex + j));
        }
    }

    public static void axpy4(double alpha0, long aIndex0, double alpha1, long aIndex1,
                             double alpha2, long aIndex2, double alpha3, long aIndex3,
                             MemorySegment a, MemorySegment y, long yIndex, int len) {
        axpy(alpha0, a, aIndex0, y, yIndex, len);
        axpy(alpha1, a, aIndex1, y, yIndex, len);
        axpy(alpha2, a, aIndex2, y, yIndex, len);
        axpy(alpha3, a, aIndex3, y, yIndex, len);
    }

    public static void axpy4F32(double alpha0, long aIndex0, double alpha1, long aIndex1,
                                double alpha2, long aIndex2, double alpha3, long aIndex3,
                                MemorySegment a, MemorySegment y, long yIndex, int len) {
        axpyF32(alpha0, a, aIndex0, y, yIndex, len);
        axpyF32(alpha1, a, aIndex1, y, yIndex, len);
        axpyF32(alpha2, a, aIndex2, y, yIndex, len);
        axpyF32(alpha3, a, aIndex3, y, yIndex, len);
    }

    public static double dotOneChain(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        return dot(a, aIndex, x, xIndex, len);
    }

    public static double dotOneChainF32(MemorySegment a, long aIndex, MemorySegment x, long xIndex, int len) {
        return dotF32(a, aIndex, x, xIndex, len);
    }

    public static void dot4(MemorySegment a, long aIndex, long aStride, MemorySegment x, long xIndex,
                            double[] out, int outIndex, int len) {
        for (int k = 0; k < 4; k++) out[outIndex + k] = dot(a, aIndex + k * aStride, x, xIndex, len);
    }

    public static void dot4F32(MemorySegment a, long aIndex, long aStride, MemorySegment x, long xIndex,
                               double[] out, int outIndex, int len) {
        for (int k = 0; k < 4; k++) out[outIndex + k] = dotF32(a, aIndex + k * aStride, x, xIndex, len);
    }

    public static void dot4Axpy4F32(MemorySegment a, long dotIndex, long axpyIndex, long stride,
                                    MemorySegment x, long xIndex, double[] out, int outIndex,
                                    double alpha0, double alpha1, double alpha2, double alpha3,
                                    MemorySegment y, long yIndex, int len) {
        dot4F32(a, dotIndex, stride, x, xIndex, out, outIndex, len);
        axpy4F32(alpha0, axpyIndex, alpha1, axpyIndex + stride, alpha2, axpyIndex + 2 * stride,
                alpha3, axpyIndex + 3 * stride, a, y, yIndex, len);
    }

    public static void packedSymProduct(MemorySegment ut, MemorySegment vt, int n, int k, MemorySegment out) {
        for (int p = 0; p < n; p++) {
            for (int q = p; q < n; q++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    double upvq = ut.getAtIndex(F64_LE, (long) j * n + p) * vt.getAtIndex(F64_LE, (long) j * n + q);
                    double vpuq = vt.getAtIndex(F64_LE, (long) j * n + p) * ut.getAtIndex(F64_LE, (long) j * n + q);
                    s += upvq + vpuq;
                }
                out.setAtIndex(F64_LE, packedRowStart(n, p) + q - p, p == q ? s / 2 : s);
            }
        }
    }

    public static void packedSymTimes(MemorySegment g, int n, MemorySegment xt, int k, MemorySegment outT) {
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < n; p++) {
                double s = 0;
                for (int q = 0; q < n; q++) {
                    long e = p <= q ? packedRowStart(n, p) + q - p : packedRowStart(n, q) + p - q;
                    s += g.getAtIndex(F64_LE, e) * xt.getAtIndex(F64_LE, (long) j * n + q);
                }
                outT.setAtIndex(F64_LE, (long) j * n + p, s);
            }
        }
    }
}
