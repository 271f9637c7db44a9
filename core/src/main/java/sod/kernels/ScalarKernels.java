package sod.kernels;

import static sod.kernels.Kernels.F32_LE;
import static sod.kernels.Kernels.F64_LE;
import static sod.kernels.Kernels.packedRowStart;

import java.lang.foreign.MemorySegment;

/**
 * Plain-loop twins of the vector kernels ({@link Kernels}, {@link RowBlockKernels},
 * {@link SparseUpperKernels}, {@link SparseLowerKernels}, {@link EntryWeightedRowKernels},
 * {@link SparseSensingKernels}, {@link WeightedPairKernels}) with the
 * same arguments and meaning, in the obvious summation order (plain multiply and add, no FMA): the
 * independent reference the vector kernels are tested against.
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

    /** Twin of {@link SparseUpperKernels#adjoint} (any k; {@code acc} unused). */
    public static void sparseUpperAdjoint(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                          double[] y, double[] v, int k, double[] out, double[] acc) {
        for (int i = lo; i < hi; i++) {
            for (int q = 0; q < k; q++) out[i * k + q] = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cols[e];
                double c = 0.5 * y[e] * (w == null ? 1.0 : w[e]);
                if (w != null) coef[e] = c;
                double times = j == i ? 2 : 1;
                for (int q = 0; q < k; q++) out[i * k + q] += times * c * v[j * k + q];
            }
        }
    }

    /** Twin of {@link SparseLowerKernels#gather} (any k; {@code acc} unused). */
    public static void sparseLowerGather(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source,
                                         double scale, double[] v, int k, double[] out, double[] acc) {
        for (int i = lo; i < hi; i++) {
            for (int p = start[i]; p < start[i + 1]; p++) {
                double c = scale * source[entry[p]];
                for (int q = 0; q < k; q++) out[i * k + q] += c * v[cols[p] * k + q];
            }
        }
    }

    /** Twin of {@link SparseSensingKernels#gram}: each position's two dots in full, halved and doubled as the definition says. */
    public static void sparseSensingGram(int lo, int hi, int[] upperStart, int[] upperCols, double[] u, double[] v, int k,
                                         double[] out) {
        for (int p = lo; p < hi; p++) {
            for (int s = upperStart[p]; s < upperStart[p + 1]; s++) {
                int q = upperCols[s];
                double sum = 0;
                for (int c = 0; c < k; c++) sum += u[p * k + c] * v[q * k + c] + v[p * k + c] * u[q * k + c];
                out[s] = (q == p ? 1 : 2) * (sum / 2);
            }
        }
    }

    /** Twin of the r = 1 path of {@link EntryWeightedRowKernels#rows} (no lane scratch). */
    public static double entryWeightedRowsRankOne(int n, double[] w, int lo, int hi, double[] x, double[] b,
                                                  double[] residual, double[] g) {
        double h = 0;
        for (int i = lo; i < hi; i++) {
            int base = i * n;
            double xi = x[i];
            double gi = 0;
            for (int j = 0; j < n; j++) {
                double wij = w[base + j];
                double xj = x[j];
                double res = wij * (xi * xj) - b[base + j];
                residual[base + j] = res;
                h += res * res;
                double c = wij * res;
                gi += c * xj;
                g[j] += c * xi;
            }
            g[i] += gi;
        }
        return h;
    }
    /**
     * Twin of {@link WeightedPairKernels#rankOne}: every row of the pairs (the phantom row too, which
     * adds zeros), columns in order, one sum per row.
     */
    public static double weightedPairsRankOne(int n, double[] data, int[] start, int qLo, int qHi, double[] xp, double[] g) {
        int npad = WeightedPairKernels.paddedDimension(n), lanes = WeightedPairKernels.LANES;
        double h = 0;
        for (int i = 2 * qLo; i < 2 * qHi; i++) {
            double xi = xp[i], gi = 0;
            for (int j = WeightedPairKernels.firstColumn(i >> 1); j < npad; j++) {
                int e = WeightedPairKernels.index(start, i, j);
                double d = xi * xp[j] + data[e + lanes];
                double c = data[e] * d;
                h += c * d;
                gi += c * xp[j];
                g[j] += c * xi;
            }
            g[i] += gi;
        }
        return h;
    }

    /** Twin of {@link WeightedPairKernels#general} (no scratch). */
    public static double weightedPairsGeneral(int n, int r, double[] data, int[] start, int qLo, int qHi, double[] xt,
                                              double[] gt) {
        int npad = WeightedPairKernels.paddedDimension(n), lanes = WeightedPairKernels.LANES;
        double h = 0;
        double[] gi = new double[r];
        for (int i = 2 * qLo; i < Math.min(2 * qHi, n); i++) {
            java.util.Arrays.fill(gi, 0);
            for (int j = WeightedPairKernels.firstColumn(i >> 1); j < npad; j++) {
                int e = WeightedPairKernels.index(start, i, j);
                double d = data[e + lanes];
                for (int c = 0; c < r; c++) d += xt[c * npad + i] * xt[c * npad + j];
                double cv = data[e] * d;
                h += cv * d;
                for (int c = 0; c < r; c++) {
                    gi[c] += cv * xt[c * npad + j];
                    gt[c * npad + j] += cv * xt[c * npad + i];
                }
            }
            for (int c = 0; c < r; c++) gt[c * npad + i] += gi[c];
        }
        return h;
    }
    /** Twin of {@link EntryWeightedRowKernels#measure} (no transposes). */
    public static void entryWeightedMeasure(int n, double[] w, int lo, int hi, double[] u, double[] v, int k, double[] out) {
        for (int i = lo; i < hi; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[i * k + c] * v[j * k + c];
                    vu += v[i * k + c] * u[j * k + c];
                }
                out[base + j] = w[base + j] * 0.5 * (uv + vu);
            }
        }
    }
    /** Twin of {@link ArrayKernels#dot}. */
    public static double arrayDot(double[] a, int aOff, double[] b, int bOff, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += a[aOff + j] * b[bOff + j];
        return s;
    }

    /** Twin of {@link ArrayKernels#axpy}. */
    public static void arrayAxpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) y[yOff + j] += alpha * x[xOff + j];
    }
}
