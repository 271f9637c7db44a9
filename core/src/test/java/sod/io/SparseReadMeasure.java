package sod.io;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Not a test: reads one sparse sensing file once and prints the time and the heap it took. Run with
 * {@code java -Xmx<limit> -cp target/classes:target/test-classes sod.io.SparseReadMeasure FILE [--symmetrise]};
 * the smallest -Xmx that still succeeds bounds the reader's live peak, the pools' peak usage is what
 * the collector let accumulate under that limit.
 */
public final class SparseReadMeasure {
    private SparseReadMeasure() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        boolean symmetrise = args.length > 1 && args[1].equals("--symmetrise");
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        SparseSymmetricSet set = SparseSymmetricSet.read(file, symmetrise);
        long elapsed = System.nanoTime() - start;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long resultBytes = 16L * set.nnz() + 8L * (set.m() + 1);
        System.out.printf("%s: n=%d m=%d stored=%d read in %.0f ms; heap pools' peak %.1f MB; result %.1f MB%n",
                file.getFileName(), set.n(), set.m(), set.nnz(), elapsed / 1e6, peak / 1e6, resultBytes / 1e6);
    }
}
