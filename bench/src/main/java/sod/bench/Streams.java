package sod.bench;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import sod.kernels.Kernels;
import sod.kernels.VectorShapes;

/**
 * The streaming-read reference every bandwidth figure is divided by: a vectorised sum (four
 * accumulators, the kernels' own species) over a byte range, on one thread or split in two halves over
 * the caller and one helper thread. It reads each byte once and does one add per double, so it is the
 * fastest any kernel can move the same bytes through this core.
 */
final class Streams {
    private static final VectorSpecies<Double> D = VectorShapes.F64;
    private static final int L = D.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Streams() {
    }

    /** Sum of the doubles in {@code [fromByte, fromByte + bytes)} (bytes a multiple of 8). */
    static double sum(MemorySegment s, long fromByte, long bytes) {
        long doubles = bytes / 8;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        long j = 0;
        for (; j <= doubles - 4L * L; j += 4L * L) {
            long o = fromByte + 8 * j;
            s0 = s0.add(DoubleVector.fromMemorySegment(D, s, o, LE));
            s1 = s1.add(DoubleVector.fromMemorySegment(D, s, o + 8L * L, LE));
            s2 = s2.add(DoubleVector.fromMemorySegment(D, s, o + 16L * L, LE));
            s3 = s3.add(DoubleVector.fromMemorySegment(D, s, o + 24L * L, LE));
        }
        double t = s0.add(s1).add(s2.add(s3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; j < doubles; j++) t += s.get(Kernels.F64_LE, fromByte + 8 * j);
        return t;
    }

    /**
     * Streams a range with the calling thread and, when {@code threads == 2}, one helper thread that
     * sums the second half (handed over by a volatile generation counter; the helper spins briefly,
     * then parks).
     */
    static final class Parallel implements AutoCloseable {
        private final int threads;
        private final Thread helper;
        private volatile long generation, finished;
        private volatile boolean closed;
        private MemorySegment segment;
        private long from, bytes;
        private double helperSum;

        Parallel(int threads) {
            if (threads < 1 || threads > 2) throw new IllegalArgumentException("threads must be 1 or 2, got " + threads);
            this.threads = threads;
            helper = threads == 2 ? Thread.ofPlatform().daemon().name("stream-helper").start(this::helperLoop) : null;
        }

        double sum(MemorySegment s, long fromByte, long length) {
            if (threads == 1) return Streams.sum(s, fromByte, length);
            long half = length / 2 / 64 * 64;
            segment = s;
            from = fromByte + half;
            bytes = length - half;
            long g = generation + 1;
            generation = g;
            LockSupport.unpark(helper);
            double mine = Streams.sum(s, fromByte, half);
            while (finished != g) Thread.onSpinWait();
            return mine + helperSum;
        }

        private void helperLoop() {
            long seen = 0;
            while (!closed) {
                int spins = 0;
                while (generation == seen && !closed) {
                    if (++spins < 100_000) Thread.onSpinWait();
                    else LockSupport.parkNanos(50_000);
                }
                if (closed) return;
                seen = generation;
                helperSum = Streams.sum(segment, from, bytes);
                finished = seen;
            }
        }

        @Override
        public void close() {
            closed = true;
            if (helper != null) LockSupport.unpark(helper);
        }
    }
}
