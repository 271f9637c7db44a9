package sod.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the hostile-case suites (issue 17) share: running the tool in-process or in a child JVM, the
 * clean-failure property (exit code, exactly one line {@code sod: ...}, no Java class name, no NaN),
 * snapshots of a folder to show inputs byte-identical and outputs complete or absent, and the
 * per-class case counts printed at the end of each suite.
 */
final class Hostile {
    private Hostile() {
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** A Java class name as a stack trace or a raw toString() shows it. */
    static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|jdk|sun|picocli|sod)\\.[a-z_]+(\\.[a-zA-Z_$]+)*\\.[A-Z]\\w*|\\b\\w*(Exception|Error)\\b|\\tat ");
    static final Pattern NAN = Pattern.compile("\\bNaN\\b|\\bInfinity\\b");

    static Run sod(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The run failed cleanly: {@code code}, one line {@code sod: ...} on stderr, no class name, no NaN. */
    static void assertCleanFailure(Run run, int code, String what) {
        assertEquals(code, run.code(), what + ": " + run.all());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), what + ": exactly one line of error: " + run.err());
        assertTrue(lines.get(0).startsWith("sod: "), what + ": " + lines.get(0));
        assertFalse(CLASS_NAME.matcher(run.err()).find(), what + ": no Java class name: " + run.err());
        assertNoNaN(run.all(), what);
    }

    static void assertNoNaN(String text, String what) {
        assertFalse(NAN.matcher(text).find(), what + ": NaN or Infinity printed: " + text);
    }

    /** Every entry under {@code dir} (links not followed): regular files with their bytes, others by kind. */
    static Map<String, Object> snapshot(Path dir) throws IOException {
        Map<String, Object> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String name = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) entries.put(name, "link -> " + Files.readSymbolicLink(p));
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) entries.put(name, new Bytes(Files.readAllBytes(p)));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) entries.put(name, "directory");
                else entries.put(name, "special " + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
            }
        }
        return entries;
    }

    /** Bytes with value equality, for snapshots. */
    record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && java.util.Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return value.length + " bytes";
        }
    }

    static void assertUnchanged(Map<String, Object> before, Path dir, String what) throws IOException {
        assertEquals(before, snapshot(dir), what + ": the folder must be exactly as before (inputs intact, nothing written)");
    }

    /** Makes a character device node (root only); false where mknod is not possible. */
    static boolean mknod(Path node, int major, int minor) {
        try {
            Process p = new ProcessBuilder("mknod", node.toString(), "c", Integer.toString(major), Integer.toString(minor))
                    .redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean mkfifo(Path fifo) {
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean isCharacterDevice(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0020000;
    }

    /** The java command of a child JVM running the tool (what scripts/sod runs: same java, class path, flags). */
    static List<String> javaCommand(List<String> properties) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }

    /** A shell-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The java command line as one shell string (for children that need a shell: ulimit, redirections). */
    static String shellCommand(List<String> properties, String... args) {
        StringBuilder s = new StringBuilder();
        for (String w : javaCommand(properties)) s.append(quote(w)).append(' ');
        for (String a : args) s.append(quote(a)).append(' ');
        return s.toString();
    }

    /** Runs {@code script} in bash; returns exit code, stdout and stderr (the JVM's incubator line removed). */
    static Run bash(String script, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sod-child", ".out"), err = Files.createTempFile("sod-child", ".err");
        try {
            Process p = new ProcessBuilder("bash", "-c", script).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("child did not finish in " + timeoutSeconds + " s: " + script);
            }
            return new Run(p.exitValue(), Files.readString(out), withoutIncubatorLine(Files.readString(err)));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String withoutIncubatorLine(String err) {
        return err.replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
    }

    /** Prints the suite's count line, as the closing note of issue 17 reports them. */
    static void count(String defectClass, int cases, int clean) {
        sod.testing.HostileCounts.print(defectClass, cases, clean);
    }

    static void assertBytes(byte[] expected, Path file) throws IOException {
        assertArrayEquals(expected, Files.readAllBytes(file), file.toString());
    }
}
