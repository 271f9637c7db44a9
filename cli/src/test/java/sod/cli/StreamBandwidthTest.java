package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming-read reference is measured once per machine and thread count, then read from the cache file. */
class StreamBandwidthTest {

    @Test
    void measuresOncePerThreadCountThenReadsTheCache(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sod").resolve("stream-bandwidth.properties");
        AtomicInteger calls = new AtomicInteger();
        java.util.function.IntToDoubleFunction measure = t -> {
            calls.incrementAndGet();
            return 10.0 * t + 0.25;
        };
        assertEquals(10.25, StreamBandwidth.cachedOrMeasured(file, 1, measure), 1e-9);
        assertEquals(10.25, StreamBandwidth.cachedOrMeasured(file, 1, measure), 1e-9);
        assertEquals(1, calls.get(), "the second call reads the cache");
        assertEquals(20.25, StreamBandwidth.cachedOrMeasured(file, 2, measure), 1e-9);
        assertEquals(2, calls.get(), "another thread count is another key");
        String text = Files.readString(file);
        assertTrue(text.contains(StreamBandwidth.processorName().replaceAll("\\s+", " ").split(" ")[0]), text);
        assertTrue(StreamBandwidth.key(2).endsWith("threads=2"), StreamBandwidth.key(2));
        assertEquals(10.25, StreamBandwidth.cachedOrMeasured(file, 1, measure), 1e-9);
        assertEquals(2, calls.get());
    }

    @Test
    void aDamagedOrForeignFileIsMeasuredAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stream-bandwidth.properties");
        Files.writeString(file, StreamBandwidth.key(1).replace(" ", "\\ ") + "=not-a-number\n\\u00zz broken\n");
        AtomicInteger calls = new AtomicInteger();
        assertEquals(7.0, StreamBandwidth.cachedOrMeasured(file, 1, t -> {
            calls.incrementAndGet();
            return 7.0;
        }), 0.0);
        assertEquals(1, calls.get());
        assertEquals(7.0, StreamBandwidth.cachedOrMeasured(file, 1, t -> 99.0), 0.0, "stored after the re-measure");
    }

    @Test
    void anUnwritableCacheFallsBackToMeasuring(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertEquals(3.0, StreamBandwidth.cachedOrMeasured(blocker.resolve("sub").resolve("c.properties"), 1, t -> 3.0), 0.0);
    }
}
