package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The reductions of {@link Factors} on {@code double[]}: four vector accumulators with FMA, combined as
 * {@code (s0 + s1) + (s2 + s3)}, lanes summed from lane 0, then the scalar tail, so a result is bitwise
 * reproducible for a given vector width (as {@link Kernels}, which works on segments). They run on every
 * iteration (norms of X and of the gradient, the distance to the truth), where a scalar chain of n
 * dependent additions costs more than the O(n) work itself. Twins in {@link ScalarKernels}.
 */
public final class ArrayKernels {

    private static final VectorSpecies<Double> D = VectorShapes.F64;
    private static final int L = D.length();

    private ArrayKernels() {
    }

    /** {@code sum_j a[aOff + j] * b[bOff + j]} over {@code len} doubles. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        if (len < 4 * L) return shortDot(a, aOff, b, bOff, len);
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= len - 4 * L; j += 4 * L) {
            s0 = DoubleVector.fromArray(D, a, aOff + j).fma(DoubleVector.fromArray(D, b, bOff + j), s0);
            s1 = DoubleVector.fromArray(D, a, aOff + j + L).fma(DoubleVector.fromArray(D, b, bOff + j + L), s1);
            s2 = DoubleVector.fromArray(D, a, aOff + j + 2 * L).fma(DoubleVector.fromArray(D, b, bOff + j + 2 * L), s2);
            s3 = DoubleVector.fromArray(D, a, aOff + j + 3 * L).fma(DoubleVector.fromArray(D, b, bOff + j + 3 * L), s3);
        }
        for (; j <= len - L; j += L) s0 = DoubleVector.fromArray(D, a, aOff + j).fma(DoubleVector.fromArray(D, b, bOff + j), s0);
        double s = Kernels.sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; j < len; j++) s = Math.fma(a[aOff + j], b[bOff + j], s);
        return s;
    }

    /**
     * {@link #dot} below four vectors' length without vectors, in the vector path's order (a sum per
     * lane over the whole vectors, the lanes added from lane 0, then the tail), so the bits are the same.
     * A factor of a small problem (n r = 12) pays no vector set-up, and none of the vector boxing that C2
     * leaves in when it does not scalarise the short vector path (measured: 171-860 bytes per trust-region
     * step, depending on what else the JVM had compiled).
     */
    private static double shortDot(double[] a, int aOff, double[] b, int bOff, int len) {
        int body = len / L * L;
        double s = 0;
        for (int l = 0; l < L && body > 0; l++) {
            double lane = 0;
            for (int j = l; j < body; j += L) lane = Math.fma(a[aOff + j], b[bOff + j], lane);
            s = l == 0 ? lane : s + lane;
        }
        for (int j = body; j < len; j++) s = Math.fma(a[aOff + j], b[bOff + j], s);
        return s;
    }

    /** {@code sum_j a[off + j]^2} over {@code len} doubles ({@link #dot} of a with itself). */
    public static double sumOfSquares(double[] a, int off, int len) {
        return dot(a, off, a, off, len);
    }

    /** {@code y[yOff + j] = fma(alpha, x[xOff + j], y[yOff + j])} over {@code len} doubles. */
    public static void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int j = 0;
        for (; j <= len - L; j += L)
            DoubleVector.fromArray(D, x, xOff + j).fma(va, DoubleVector.fromArray(D, y, yOff + j)).intoArray(y, yOff + j);
        for (; j < len; j++) y[yOff + j] = Math.fma(alpha, x[xOff + j], y[yOff + j]);
    }

    /** {@code a[off + j] *= alpha} over {@code len} doubles. */
    public static void scale(double alpha, double[] a, int off, int len) {
        int j = 0;
        for (; j <= len - L; j += L) DoubleVector.fromArray(D, a, off + j).mul(alpha).intoArray(a, off + j);
        for (; j < len; j++) a[off + j] *= alpha;
    }
}
