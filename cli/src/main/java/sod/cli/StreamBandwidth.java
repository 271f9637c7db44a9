package sod.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's streaming read bandwidth, the reference of every efficiency figure: a vectorised sum
 * over a 256 MB off-heap array split across the threads, best of five passes after a warm-up that gets
 * the kernel compiled. It is a property of the machine, not of the run, so it is measured once per
 * machine and thread count and cached in {@code ~/.cache/sod/stream-bandwidth.properties} (or under
 * {@code $XDG_CACHE_HOME}), keyed by the processor's name, the core count and the thread count: a
 * solve on a loaded machine no longer re-measures a slowed-down stream (which printed efficiencies over
 * 100%) nor pays a quarter of a second for it. Delete the file, or set {@code SOD_STREAM_REMEASURE=1},
 * to measure again (e.g. after moving the cache to another machine kind). If the cache cannot be read
 * or written the figure is measured per process, as before.
 */
final class StreamBandwidth {
    static final long BYTES = 256L << 20;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final ConcurrentHashMap<Integer, Double> MEASURED = new ConcurrentHashMap<>();
    /** Keeps the sums alive so the loops cannot be removed. */
    static volatile double sink;

    private StreamBandwidth() {
    }

    /** GB/s (10^9 bytes per second) of a streaming read with {@code threads} threads; cached per machine. */
    static double gbps(int threads) {
        return MEASURED.computeIfAbsent(Math.max(1, threads), t -> cachedOrMeasured(cacheFile(), t));
    }

    /** The cache file: {@code $XDG_CACHE_HOME/sod} or {@code ~/.cache/sod}. */
    static Path cacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sod").resolve("stream-bandwidth.properties");
    }

    /** The cache key of this machine at {@code threads} threads. */
    static String key(int threads) {
        return (processorName() + " x" + Runtime.getRuntime().availableProcessors() + " threads=" + threads)
                .replaceAll("\\s+", " ").trim();
    }

    /** The processor's model name from /proc/cpuinfo (Linux), else os.arch. */
    static String processorName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall through
        }
        return System.getProperty("os.arch", "unknown");
    }

    /** The cached figure for {@code threads}, else a fresh measurement stored in the cache (under a file lock). */
    static double cachedOrMeasured(Path file, int threads) {
        return cachedOrMeasured(file, threads, StreamBandwidth::measure);
    }

    /** {@link #cachedOrMeasured(Path, int)} with the measurement given (tests). */
    static double cachedOrMeasured(Path file, int threads, java.util.function.IntToDoubleFunction measurer) {
        String key = key(threads);
        boolean remeasure = "1".equals(System.getenv("SOD_STREAM_REMEASURE"));
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                Properties cache = new Properties();
                ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 20));
                while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                    // read the whole (small) file
                }
                try {
                    cache.load(new StringReader(new String(bytes.array(), 0, bytes.position(), StandardCharsets.ISO_8859_1)));
                } catch (IllegalArgumentException e) {
                    cache.clear(); // a damaged file is measured again
                }
                Double known = remeasure ? null : parse(cache.getProperty(key));
                if (known != null) return known;
                double measured = measurer.applyAsDouble(threads);
                cache.setProperty(key, String.format(Locale.ROOT, "%.3f", measured));
                StringWriter text = new StringWriter();
                cache.store(text, "sod: streaming-read GB/s per machine and thread count (delete to re-measure)");
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1)), 0);
                return measured;
            }
        } catch (IOException | RuntimeException e) {
            return measurer.applyAsDouble(threads);
        }
    }

    private static Double parse(String value) {
        if (value == null) return null;
        try {
            double v = Double.parseDouble(value);
            return v > 0 && Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double measure(int threads) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment data = arena.allocate(BYTES, 64);
            data.fill((byte) 1);
            // Warm-up on a cache-sized slice until C2 has compiled the kernel.
            MemorySegment warm = data.asSlice(0, 1 << 20);
            for (int i = 0; i < 3000; i++) sink += sum(warm);
            double best = 0;
            for (int pass = 0; pass < 5; pass++) {
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
