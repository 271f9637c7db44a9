package sod.kernels;

import static sod.kernels.Kernels.F32_LE;
import static sod.kernels.Kernels.F64_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares every vector kernel with its scalar twin at awkward sizes and offsets (the sparse and
 * entry-weighted row kernels in {@link SparseRowChecks} and {@link EntryWeightedRowChecks}); a main so that it
 * can also run in a JVM started with another {@code sod.vector.bits} (see {@code ForcedWidthTest}).
 * Exits with status 1 and prints the mismatches if any.
 */
public final class KernelCheck {

    static final int[] SIZES = {1, 2, 3, 7, 13, 31, 64, 65, 127, 200};
    static final int[] OFFSETS = {0, 1, 3};
    static final double TOLERANCE = 1e-13;

    public static void main(String[] args) {
        // Repeat so that C2 compiles the kernels (intrinsified vectors) and the late rounds test that code.
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<String> problems = mismatches();
        for (int round = 1; round < rounds && problems.isEmpty(); round++) problems = mismatches();
        System.out.println("bits=" + VectorShapes.BITS + " lanes=" + VectorShapes.F64.length() + " mismatches=" + problems.size());
        for (String p : problems) System.out.println(p);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** Descriptions of every kernel result that differs from its scalar twin beyond rounding. */
    public static List<String> mismatches() {
        List<String> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        // every length up to past the switch to the vector path, where the lane-order form must be its bits
        for (int len = 0; len < ArrayKernels.LANE_ORDER_BELOW + 3 * VectorShapes.F64.length() + 2; len++) arrays(out, len, len % 3, random);
        try (Arena arena = Arena.ofConfined()) {
            for (int len : SIZES) {
                for (int off : OFFSETS) {
                    int total = 8 * (len + 5) + off + 4 * 256;
                    MemorySegment a = randomDoubles(arena, total, random);
                    MemorySegment af = randomFloats(arena, total, random);
                    MemorySegment x = randomDoubles(arena, total, random);
                    double scale = absDot(a, off, x, len);
                    check(out, "dot", len, off, Kernels.dot(a, off, x, 2 * off, len), ScalarKernels.dot(a, off, x, 2 * off, len), scale);
                    double scaleF = absDotF(af, off, x, len);
                    check(out, "dotF32", len, off, Kernels.dotF32(af, off, x, 2 * off, len), ScalarKernels.dotF32(af, off, x, 2 * off, len), scaleF);

                    MemorySegment y1 = copy(arena, x), y2 = copy(arena, x);
                    Kernels.axpy(0.7, a, off, y1, off + 1, len);
                    ScalarKernels.axpy(0.7, a, off, y2, off + 1, len);
                    compare(out, "axpy", len, off, y1, y2, total);
                    Kernels.axpyF32(-1.3, af, off, y1, off, len);
                    ScalarKernels.axpyF32(-1.3, af, off, y2, off, len);
                    compare(out, "axpyF32", len, off, y1, y2, total);

                    // axpy4 must equal four vector axpys bitwise and the scalar twin within rounding.
                    MemorySegment y3 = copy(arena, x), y4 = copy(arena, x), y5 = copy(arena, x);
                    long i0 = off, i1 = off + len + 5, i2 = 2L * len + 17, i3 = 3L * len + 33;
                    Kernels.axpy4(0.5, i0, -2, i1, 1.25, i2, 3, i3, a, y3, off, len);
                    Kernels.axpy(0.5, a, i0, y4, off, len);
                    Kernels.axpy(-2, a, i1, y4, off, len);
                    Kernels.axpy(1.25, a, i2, y4, off, len);
                    Kernels.axpy(3, a, i3, y4, off, len);
                    ScalarKernels.axpy4(0.5, i0, -2, i1, 1.25, i2, 3, i3, a, y5, off, len);
                    if (y3.mismatch(y4) >= 0) out.add("axpy4 len=" + len + " off=" + off + ": not bitwise equal to 4 axpys");
                    compare(out, "axpy4", len, off, y3, y5, total);
                    MemorySegment z3 = copy(arena, x), z4 = copy(arena, x), z5 = copy(arena, x);
                    Kernels.axpy4F32(0.5, i0, -2, i1, 1.25, i2, 3, i3, af, z3, off, len);
                    Kernels.axpyF32(0.5, af, i0, z4, off, len);
                    Kernels.axpyF32(-2, af, i1, z4, off, len);
                    Kernels.axpyF32(1.25, af, i2, z4, off, len);
                    Kernels.axpyF32(3, af, i3, z4, off, len);
                    ScalarKernels.axpy4F32(0.5, i0, -2, i1, 1.25, i2, 3, i3, af, z5, off, len);
                    if (z3.mismatch(z4) >= 0) out.add("axpy4F32 len=" + len + " off=" + off + ": not bitwise equal to 4 axpys");
                    compare(out, "axpy4F32", len, off, z3, z5, total);
                    rowBlocks(out, arena, len, off, a, af, x, total);
                    arrays(out, len, off, random);
                }
                int n = len;
                for (int k : new int[] {1, 3, 4}) {
                    MemorySegment ut = randomDoubles(arena, (long) k * n, random);
                    MemorySegment vt = randomDoubles(arena, (long) k * n, random);
                    long packed = Kernels.packedLength(n);
                    MemorySegment p1 = arena.allocate(8 * packed, 64), p2 = arena.allocate(8 * packed, 64);
                    Kernels.packedSymProduct(ut, vt, n, k, p1);
                    ScalarKernels.packedSymProduct(ut, vt, n, k, p2);
                    compare(out, "packedSymProduct k=" + k, n, 0, p1, p2, packed, 4.0 * k);
                    Kernels.packedSymProduct(ut, ut, n, k, p1);
                    ScalarKernels.packedSymProduct(ut, ut, n, k, p2);
                    compare(out, "packedGram k=" + k, n, 0, p1, p2, packed, 4.0 * k);
                    MemorySegment o1 = arena.allocate(8L * k * n, 64), o2 = arena.allocate(8L * k * n, 64);
                    Kernels.packedSymTimes(p1, n, vt, k, o1);
                    ScalarKernels.packedSymTimes(p1, n, vt, k, o2);
                    compare(out, "packedSymTimes k=" + k, n, 0, o1, o2, (long) k * n, 8.0 * k * n);
                }
            }
        }
        SparseRowChecks.check(out, random);
        EntryWeightedRowChecks.check(out, random);
        EntryWeightedRowChecks.checkMeasure(out, random);
        WeightedPairChecks.check(out, random);
        return out;
    }

    /**
     * The row-block kernels of the fused sweep: each dot4 row bitwise equal to dotOneChain, dot4Axpy4F32
     * bitwise equal to dot4F32 + axpy4F32, and all within rounding of the scalar twins.
     */
    private static void rowBlocks(List<String> out, Arena arena, int len, int off, MemorySegment a, MemorySegment af,
                                  MemorySegment x, int total) {
        long stride = len + 5;
        for (boolean f32 : new boolean[] {false, true}) {
            MemorySegment rows = f32 ? af : a;
            String tag = f32 ? "F32" : "";
            double[] got = new double[6], alone = new double[6], twin = new double[6];
            if (f32) {
                RowBlockKernels.dot4F32(rows, off, stride, x, 2 * off, got, 1, len);
                ScalarKernels.dot4F32(rows, off, stride, x, 2 * off, twin, 1, len);
            } else {
                RowBlockKernels.dot4(rows, off, stride, x, 2 * off, got, 1, len);
                ScalarKernels.dot4(rows, off, stride, x, 2 * off, twin, 1, len);
            }
            for (int k = 0; k < 4; k++) {
                long row = off + k * stride;
                alone[1 + k] = f32 ? RowBlockKernels.dotOneChainF32(rows, row, x, 2 * off, len) : RowBlockKernels.dotOneChain(rows, row, x, 2 * off, len);
                double oneTwin = f32 ? ScalarKernels.dotOneChainF32(rows, row, x, 2 * off, len) : ScalarKernels.dotOneChain(rows, row, x, 2 * off, len);
                if (Double.doubleToRawLongBits(got[1 + k]) != Double.doubleToRawLongBits(alone[1 + k])) {
                    out.add("dot4" + tag + " len=" + len + " off=" + off + " row " + k + ": not bitwise equal to dotOneChain");
                }
                double bound = len; // entries in [-1, 1]: sum |a_j x_j| <= len
                check(out, "dot4" + tag + " row " + k, len, off, got[1 + k], twin[1 + k], bound);
                check(out, "dotOneChain" + tag + " row " + k, len, off, alone[1 + k], oneTwin, bound);
            }
            if (got[0] != 0 || got[5] != 0) out.add("dot4" + tag + " len=" + len + " off=" + off + ": wrote outside its 4 slots");

            if (!f32) continue;
            // dot4Axpy4F32: dots of rows 4..7 of the block layout, update from rows 0..3 (disjoint ranges).
            long dotIndex = off + 4 * stride;
            MemorySegment y1 = copy(arena, x), y2 = copy(arena, x), y3 = copy(arena, x);
            double[] fused = new double[4], separate = new double[4], fusedTwin = new double[4];
            RowBlockKernels.dot4Axpy4F32(rows, dotIndex, off, stride, x, 0, fused, 0, 0.5, -2, 1.25, 3, y1, off + 1, len);
            RowBlockKernels.dot4F32(rows, dotIndex, stride, x, 0, separate, 0, len);
            Kernels.axpy4F32(0.5, off, -2, off + stride, 1.25, off + 2 * stride, 3, off + 3 * stride, rows, y2, off + 1, len);
            ScalarKernels.dot4Axpy4F32(rows, dotIndex, off, stride, x, 0, fusedTwin, 0, 0.5, -2, 1.25, 3, y3, off + 1, len);
            for (int k = 0; k < 4; k++) {
                if (Double.doubleToRawLongBits(fused[k]) != Double.doubleToRawLongBits(separate[k])) {
                    out.add("dot4Axpy4F32 len=" + len + " off=" + off + " row " + k + ": dot not bitwise equal to dot4F32");
                }
                check(out, "dot4Axpy4F32 dot " + k, len, off, fused[k], fusedTwin[k], len);
            }
            if (y1.mismatch(y2) >= 0) out.add("dot4Axpy4F32 len=" + len + " off=" + off + ": update not bitwise equal to axpy4F32");
            compare(out, "dot4Axpy4F32", len, off, y1, y3, total);
        }
    }

    /** The double[] reductions of {@link ArrayKernels} against their twins at an offset. */
    private static void arrays(List<String> out, int len, int off, SplittableRandom random) {
        double[] a = new double[len + 2 * off + 3], b = new double[len + 2 * off + 3];
        for (int e = 0; e < a.length; e++) {
            a[e] = random.nextDouble(-1, 1);
            b[e] = random.nextDouble(-1, 1);
        }
        check(out, "arrayDot", len, off, ArrayKernels.dot(a, off, b, 2 * off, len), ScalarKernels.arrayDot(a, off, b, 2 * off, len), len);
        check(out, "arraySumOfSquares", len, off, ArrayKernels.sumOfSquares(a, off, len), ScalarKernels.arrayDot(a, off, a, off, len), len);
        double laneOrder = ArrayKernels.laneOrderDot(a, off, b, 2 * off, len), vector = ArrayKernels.vectorDot(a, off, b, 2 * off, len);
        if (Double.doubleToRawLongBits(laneOrder) != Double.doubleToRawLongBits(vector))
            out.add("arrayDot len=" + len + " off=" + off + ": lane-order path " + laneOrder + " not bitwise the vector path " + vector);
        double[] y1 = b.clone(), y2 = b.clone();
        ArrayKernels.axpy(-0.7, a, off, y1, off + 1, len);
        ScalarKernels.arrayAxpy(-0.7, a, off, y2, off + 1, len);
        for (int e = 0; e < y1.length; e++) {
            if (!(Math.abs(y1[e] - y2[e]) <= TOLERANCE * 4)) {
                out.add("arrayAxpy len=" + len + " off=" + off + " element " + e + ": vector " + y1[e] + " scalar " + y2[e]);
                break;
            }
        }
        double[] s1 = a.clone();
        ArrayKernels.scale(1.5, s1, off, len);
        for (int e = 0; e < s1.length; e++) {
            double want = e >= off && e < off + len ? a[e] * 1.5 : a[e];
            if (s1[e] != want) {
                out.add("arrayScale len=" + len + " off=" + off + " element " + e);
                break;
            }
        }
    }

    private static double absDot(MemorySegment a, int off, MemorySegment x, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += Math.abs(a.getAtIndex(F64_LE, off + j) * x.getAtIndex(F64_LE, 2L * off + j));
        return s;
    }

    private static double absDotF(MemorySegment a, int off, MemorySegment x, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += Math.abs(a.getAtIndex(F32_LE, off + j) * x.getAtIndex(F64_LE, 2L * off + j));
        return s;
    }

    private static void check(List<String> out, String what, int len, int off, double got, double want, double scale) {
        if (!(Math.abs(got - want) <= TOLERANCE * Math.max(scale, Double.MIN_NORMAL))) {
            out.add(what + " len=" + len + " off=" + off + ": vector " + got + " scalar " + want);
        }
    }

    private static void compare(List<String> out, String what, int len, int off, MemorySegment got, MemorySegment want, long count) {
        compare(out, what, len, off, got, want, count, 4.0);
    }

    private static void compare(List<String> out, String what, int len, int off, MemorySegment got, MemorySegment want,
                                long count, double magnitude) {
        for (long e = 0; e < count; e++) {
            double g = got.getAtIndex(F64_LE, e), w = want.getAtIndex(F64_LE, e);
            if (!(Math.abs(g - w) <= TOLERANCE * magnitude)) {
                out.add(what + " len=" + len + " off=" + off + " element " + e + ": vector " + g + " scalar " + w);
                return;
            }
        }
    }

    private static MemorySegment randomDoubles(Arena arena, long count, SplittableRandom random) {
        MemorySegment s = arena.allocate(8 * count, 64);
        for (long e = 0; e < count; e++) s.setAtIndex(F64_LE, e, random.nextDouble(-1, 1));
        return s;
    }

    private static MemorySegment randomFloats(Arena arena, long count, SplittableRandom random) {
        MemorySegment s = arena.allocate(4 * count, 64);
        for (long e = 0; e < count; e++) s.setAtIndex(F32_LE, e, (float) random.nextDouble(-1, 1));
        return s;
    }

    private static MemorySegment copy(Arena arena, MemorySegment s) {
        return arena.allocate(s.byteSize(), 64).copyFrom(s);
    }
}
