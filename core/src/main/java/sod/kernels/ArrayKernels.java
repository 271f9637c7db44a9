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

    /**
     * Below this length {@link #dot} runs {@link #laneOrderDot}: the per-iteration norms of a small factor
     * (n r up to a few hundred) then never depend on how C2 compiled the vector path into its caller. In a
     * warm solver loop it sometimes leaves that path's vectors boxed (measured: 2 of the 3 norms per GD
     * iteration at PMC n = 80 allocating, 70% of a small solve's bytes and ~60 ns per iteration), which the
     * scalar form, a few dozen nanoseconds at these lengths, cannot do.
     */
    static final int LANE_ORDER_BELOW = 64 * L;

    /** {@code sum_j a[aOff + j] * b[bOff + j]} over {@code len} doubles. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        return len < LANE_ORDER_BELOW ? laneOrderDot(a, aOff, b, bOff, len) : vectorDot(a, aOff, b, bOff, len);
    }

    /** The vector path of {@link #dot}, at any length (package-private for the bitwise test of {@link #laneOrderDot}). */
    static double vectorDot(double[] a, int aOff, double[] b, int bOff, int len) {
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
     * {@link #vectorDot} without vectors, in its order, so the bits are the same: lane l of accumulator c
     * sums the elements {@code c L + l} of every block of four vectors, the single vectors after the blocks
     * go to accumulator 0, each lane is {@code (c0 + c1) + (c2 + c3)}, the lanes are added from lane 0, then
     * the tail. The lanes' chains are independent, so the CPU overlaps them.
     */
    static double laneOrderDot(double[] a, int aOff, double[] b, int bOff, int len) {
        final int blocks = len / (4 * L) * (4 * L), vectors = len / L * L;
        double s = 0;
        for (int l = 0; l < L; l++) {
            double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (int j = l; j < blocks; j += 4 * L) {
                c0 = Math.fma(a[aOff + j], b[bOff + j], c0);
                c1 = Math.fma(a[aOff + j + L], b[bOff + j + L], c1);
                c2 = Math.fma(a[aOff + j + 2 * L], b[bOff + j + 2 * L], c2);
                c3 = Math.fma(a[aOff + j + 3 * L], b[bOff + j + 3 * L], c3);
            }
            for (int j = blocks + l; j < vectors; j += L) c0 = Math.fma(a[aOff + j], b[bOff + j], c0);
            double lane = (c0 + c1) + (c2 + c3);
            s = l == 0 ? lane : s + lane;
        }
        for (int j = vectors; j < len; j++) s = Math.fma(a[aOff + j], b[bOff + j], s);
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
