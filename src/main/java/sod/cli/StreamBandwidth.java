package sod.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's streaming read bandwidth, measured once per process and thread count: a vectorised
 * sum over a 256 MB off-heap array split across the threads, best of three passes after a warm-up
 * that gets the kernel compiled. Efficiency figures are reported against this number.
 */
final class StreamBandwidth {
    static final long BYTES = 256L << 20;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final ConcurrentHashMap<Integer, Double> MEASURED = new ConcurrentHashMap<>();
    /** Keeps the sums alive so the loops cannot be removed. */
    static volatile double sink;

    private StreamBandwidth() {
    }

    /** GB/s (10^9 bytes per second) of a streaming read with {@code threads} threads; cached. */
    static double gbps(int threads) {
        return MEASURED.computeIfAbsent(Math.max(1, threads), StreamBandwidth::measure);
    }

    private static double measure(int threads) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment data = arena.allocate(BYTES, 64);
            data.fill((byte) 1);
            // Warm-up on a cache-sized slice until C2 has compiled the kernel.
            MemorySegment warm = data.asSlice(0, 1 << 20);
            for (int i = 0; i < 3000; i++) sink += sum(warm);
            double best = 0;
            for (int pass = 0; pass < 3; pass++) {
                long start = System.nanoTime();
                sink += parallelSum(data, threads);
                long nanos = System.nanoTime() - start;
                best = Math.max(best, BYTES / (double) nanos);
            }
            return best;
        }
    }

    private static double parallelSum(MemorySegment data, int threads) {
        if (threads == 1) return sum(data);
        long chunk = data.byteSize() / threads / 64 * 64;
        double[] partial = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            long offset = t * chunk;
            long length = t == threads - 1 ? data.byteSize() - offset : chunk;
            workers[t] = Thread.ofPlatform().start(() -> partial[id] = sum(data.asSlice(offset, length)));
        }
        double total = 0;
        for (int t = 0; t < threads; t++) {
            try {
                workers[t].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            total += partial[t];
        }
        return total;
    }

    static double sum(MemorySegment segment) {
        long step = SPECIES.vectorByteSize();
        long bound = segment.byteSize() - 4 * step;
        DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        long offset = 0;
        for (; offset <= bound; offset += 4 * step) {
            a0 = a0.add(DoubleVector.fromMemorySegment(SPECIES, segment, offset, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(DoubleVector.fromMemorySegment(SPECIES, segment, offset + step, ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(DoubleVector.fromMemorySegment(SPECIES, segment, offset + 2 * step, ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(DoubleVector.fromMemorySegment(SPECIES, segment, offset + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        double total = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; offset + 8 <= segment.byteSize(); offset += 8) {
            total += segment.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, offset);
        }
        return total;
    }
}
