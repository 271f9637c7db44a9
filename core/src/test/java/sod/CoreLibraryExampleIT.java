package sod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example ({@code examples/library/QuickStart.java}) compiled with {@code javac}
 * and run with {@code java} against the packaged sod-core jar and its run-time class path (OpenBLAS)
 * alone, as a program that depends on sod-core from Maven would be: no CLI jars, no test classes, no
 * native-libs folder (the loader takes OpenBLAS from its jar). Run by Failsafe after the jar is built.
 */
class CoreLibraryExampleIT {
    @TempDir
    Path dir;

    private static Path property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null, name + " is set by the core pom's Failsafe configuration");
        return Path.of(value);
    }

    @Test
    void readmeExampleCompilesAndSolvesOnTheCoreJarAlone() throws Exception {
        Path coreJar = property("sod.core.jar"), libs = property("sod.core.libs"), example = property("sod.example");
        assertTrue(Files.isRegularFile(coreJar), coreJar + " exists");
        List<Path> classPath = new ArrayList<>(List.of(coreJar));
        try (Stream<Path> jars = Files.list(libs)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(classPath::add);
        }
        for (Path jar : classPath) {
            String name = jar.getFileName().toString();
            assertTrue(name.startsWith("sod-core") || name.startsWith("openblas"), "only the core and OpenBLAS: " + name);
        }
        String cp = classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path classes = Files.createDirectories(dir.resolve("classes"));

        Run javac = run(List.of(bin.resolve("javac").toString(), "--add-modules", "jdk.incubator.vector", "-cp", cp,
                "-d", classes.toString(), example.toString()));
        assertEquals(0, javac.code, "javac: " + javac.output);

        // the two flags the README names, nothing else
        Run plain = run(List.of(bin.resolve("java").toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", cp + File.pathSeparator + classes, "QuickStart"));
        assertEquals(0, plain.code, "java: " + plain.output);
        String last = plain.output.strip().lines().reduce((a, b) -> b).orElse("");
        // PMC(80, 0.10) from seed 7: plain GD stalls at a spurious minimum, GD+SOD escapes and converges
        assertTrue(last.startsWith("CONVERGED success=true"), plain.output);
        assertTrue(!last.contains("escapes=0"), "at least one escape: " + last);

        // and as a named module on the module path (sod.core exports its API packages)
        Run module = run(List.of(bin.resolve("java").toString(), "--module-path", coreJar.toString(),
                "--add-modules", "sod.core", "--enable-native-access=sod.core",
                "-cp", classPath.subList(1, classPath.size()).stream().map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator)) + File.pathSeparator + classes,
                "QuickStart"));
        assertEquals(0, module.code, "java --module-path: " + module.output);
        assertTrue(module.output.strip().lines().reduce((a, b) -> b).orElse("").equals(last),
                "the same result on the module path: " + module.output);
    }

    private record Run(int code, String output) {
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + command);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
