package sod.problems;

import java.util.Locale;
import sod.SodInputException;

/**
 * Refuses a problem whose arrays cannot exist on this machine before anything is allocated, with the
 * figure and the limit: a 2.5 TB operator must be one line of bad input, not an
 * {@link OutOfMemoryError} minutes later (or a machine swapping to death). The estimates are the
 * problem's own arrays plus the solver's per-measurement and per-entry workspace; Java heap and native
 * memory (the dense and rank-one operators live off-heap) are checked against their own limits: the
 * heap against {@code -Xmx}, native memory against the machine's physical memory less the heap.
 */
public final class MemoryCheck {
    /** Solver workspace per measurement (residual, weighted residual, scratch: 4 doubles) in bytes. */
    static final long SOLVER_BYTES_PER_MEASUREMENT = 32;
    /** Solver workspace per entry of X (X, gradient, step candidates, distance work: 8 doubles) in bytes. */
    static final long SOLVER_BYTES_PER_FACTOR_ENTRY = 64;

    private MemoryCheck() {
    }

    /**
     * Checks that {@code heapBytes} of Java heap and {@code nativeBytes} of native memory can be had.
     *
     * @param what     what is being built, with the sizes that set it ("--n 5000, --m 125000: the gaussian problem")
     * @param remedy   what to choose instead ("a smaller --n or --m")
     * @throws SodInputException when either does not fit
     */
    public static void require(String what, double heapBytes, double nativeBytes, String remedy) {
        long heapLimit = Runtime.getRuntime().maxMemory();
        Runtime rt = Runtime.getRuntime();
        double heapFree = heapLimit - (double) (rt.totalMemory() - rt.freeMemory());
        long physical = physicalMemoryBytes();
        double nativeLimit = physical > 0 ? physical - (double) rt.totalMemory() : Double.POSITIVE_INFINITY;
        if (nativeBytes > nativeLimit) {
            throw new SodInputException(what + " needs about " + bytes(nativeBytes + heapBytes) + " of memory ("
                    + bytes(nativeBytes) + " outside the Java heap), more than the " + bytes(Math.max(nativeLimit, 0))
                    + " this machine has; choose " + remedy);
        }
        if (heapBytes > heapFree) {
            throw new SodInputException(what + " needs about " + bytes(heapBytes) + " of Java heap, more than the "
                    + bytes(Math.max(heapFree, 0)) + " free under the " + bytes(heapLimit) + " limit (-Xmx); choose " + remedy
                    + (physical > 0 && heapBytes * 1.25 < physical
                    ? ", or raise the limit (e.g. SOD_JAVA_OPTS=-Xmx" + (long) Math.ceil(heapBytes * 1.25 / (1L << 30)) + "g)" : ""));
        }
    }

    /** The solver's heap for m measurements and an n x r factor. */
    public static double solverHeap(double n, double r, double m) {
        return SOLVER_BYTES_PER_MEASUREMENT * m + SOLVER_BYTES_PER_FACTOR_ENTRY * n * r;
    }

    /** Physical memory of the machine (or its container), or 0 when unknown. */
    public static long physicalMemoryBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** A byte count for people: 1.5 GB, 2.5 TB (decimal units). */
    public static String bytes(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB"};
        int u = 0;
        while (bytes >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    }
}
