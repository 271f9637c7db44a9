package sod.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The species are static final, so other widths need another JVM: runs {@link KernelCheck} in a child
 * JVM (same java binary and class path) with {@code -Dsod.vector.bits} forced. 512 bits also runs on
 * AVX2 machines, where the Vector API falls back to (slow but correct) Java code.
 */
class ForcedWidthTest {

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void kernelsMatchScalarAtForcedWidth(int bits) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dsod.vector.bits=" + bits,
                "-cp", System.getProperty("java.class.path"), KernelCheck.class.getName(), "40"))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("bits=" + bits + " "), output);
    }
}
