package sod.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a fresh JVM on the test class path and returns what it printed.
 * For properties of a JVM as a user has it: allocation in steady state depends on what C2 has
 * compiled, and a test JVM that has run hundreds of other tests (other shapes, deoptimised and
 * recompiled kernels) is not that JVM.
 */
public final class FreshJvm {
    private FreshJvm() {
    }

    public static String run(Class<?> main, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), main.getSimpleName() + " timed out");
        assertEquals(0, p.exitValue(), out + err);
        return out.strip();
    }
}
