package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.bash;
import static sod.cli.Hostile.quote;
import static sod.cli.Hostile.shellCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.io.Npy;

/**
 * Issue 17 classes 4 (a bad JVM setting), 6 (faults lose results), 7 (signals) and 9 (an explicit
 * OpenBLAS path), in child JVMs: a full disk (a small tmpfs) or a 1 kB file size limit stops a sweep
 * at the first failed append with every written trial intact and resumable, and a solve with one line
 * and no half or temporary file; a closed or full standard output is exit 3; SIGINT, SIGTERM and SIGHUP
 * exit 130, 143, 129 after writing the stopped result; signals at random moments of start-up or of a
 * {@code gen} leave no temporary file and only complete files. A stop after the result is computed
 * still prints and writes it (in-process).
 */
class FaultsAndSignalsTest {
    @TempDir
    Path dir;

    static final List<String> SMALL_HEAP = List.of("-Xmx256m");

    private boolean mountTmpfs(Path at, String size) throws Exception {
        Files.createDirectories(at);
        return bash("mount -t tmpfs -o size=" + size + " tmpfs " + quote(at.toString()), 30).code() == 0;
    }

    private void unmount(Path at) throws Exception {
        bash("umount " + quote(at.toString()), 30);
    }

    static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".tmp") || p.getFileName().toString().startsWith("sod-openblas"))
                    .toList();
        }
    }

    @Test
    void aFullDiskStopsASweepAtTheFirstFailedAppendAndTheTrialsResume() throws Exception {
        Path disk = dir.resolve("disk");
        assumeTrue(mountTmpfs(disk, "12k"), "cannot mount a tmpfs here");
        try {
            String[] sweep = {"sweep", "--n", "6", "--eps", "0.1,0.15", "--seeds", "60", "--method", "gd", "--iters", "40",
                    "--threads", "1", "--quiet", "--out", disk.resolve("s").toString()};
            Hostile.Run run = bash(shellCommand(SMALL_HEAP, sweep), 120);
            assertCleanFailure(run, 3, "sweep on a full disk");
            assertTrue(run.err().contains("cannot append a trial") && run.err().contains("--resume"), run.err());
            String trials = Files.readString(disk.resolve("s").resolve("trials.csv"));
            assertTrue(trials.endsWith("\n"), "no cut line");
            int kept = (int) trials.lines().count() - 1;
            assertTrue(kept > 10 && kept < 120, kept + " trials kept");
            assertTrue(temporaries(disk).isEmpty(), "no temporary file: " + temporaries(disk));
            // every kept line is intact: on a disk with room, --resume runs only the missing trials to the full table
            Path copy = dir.resolve("copy");
            Files.createDirectories(copy);
            for (String f : List.of("trials.csv", "sweep-settings.txt")) Files.copy(disk.resolve("s").resolve(f), copy.resolve(f));
            sweep[sweep.length - 1] = copy.toString();
            String[] resume = java.util.Arrays.copyOf(sweep, sweep.length + 1);
            resume[sweep.length] = "--resume";
            Hostile.Run resumed = Hostile.sod(resume);
            assertEquals(0, resumed.code(), resumed.all());
            assertEquals(121, Files.readAllLines(copy.resolve("trials.csv")).size());
            assertEquals(Files.readString(copy.resolve("trials.csv")).substring(0, trials.length()), trials, "kept lines unchanged");
            Hostile.count("class 6 (sweep on a full disk)", 1, 1);
        } finally {
            unmount(disk);
        }
    }

    @Test
    void solveOutputsOnAFullDiskOrUnderAFileSizeLimitFailWithOneLineAndNoHalfFile() throws Exception {
        Path disk = dir.resolve("disk");
        assumeTrue(mountTmpfs(disk, "64k"), "cannot mount a tmpfs here");
        int cases = 0, clean = 0;
        try {
            // fill it: the outputs' folder is fine when checked, the writes fail
            bash("head -c 1000000 /dev/zero > " + quote(disk.resolve("filler").toString()) + " 2>/dev/null; true", 30);
            for (String output : List.of("--save-x", "--checkpoint", "--trace", "--json", "--plot")) {
                Path target = disk.resolve("out-" + output.substring(2));
                cases++;
                Hostile.Run run = bash(shellCommand(SMALL_HEAP, "solve", "--problem", "pmc", "--n", "40", "--iters", "200",
                        "--quiet", "--stream-gbps", "0", output, target.toString()), 120);
                assertCleanFailure(run, 3, output + " on a full disk");
                assertTrue(run.err().contains("no space left"), run.err());
                assertFalse(Files.exists(target), output + ": no half file");
                assertTrue(temporaries(disk).isEmpty(), output + ": no temporary file");
                clean++;
            }
        } finally {
            unmount(disk);
        }
        for (String output : List.of("--trace", "--json", "--save-x")) {
            Path target = dir.resolve("limited-" + output.substring(2));
            cases++;
            Hostile.Run run = bash("ulimit -f 1; " + shellCommand(SMALL_HEAP, "solve", "--problem", "pmc", "--n", "150",
                    "--iters", "50", "--quiet", "--stream-gbps", "0", output, target.toString()), 120);
            assertCleanFailure(run, 3, output + " under ulimit -f 1");
            assertTrue(run.err().contains("file too large"), run.err());
            assertFalse(Files.exists(target), output + ": no half file");
            assertTrue(temporaries(dir).isEmpty(), output + ": no temporary file");
            clean++;
        }
        Path full = dir.resolve("full");
        boolean device = Hostile.mknod(full, 1, 7);
        for (String redirect : device ? List.of(">&-", "> " + quote(full.toString())) : List.of(">&-")) {
            cases++;
            Path json = dir.resolve("kept" + cases + ".json");
            Hostile.Run run = bash(shellCommand(SMALL_HEAP, "solve", "--problem", "pmc", "--n", "10", "--iters", "20",
                    "--quiet", "--stream-gbps", "0", "--json", json.toString()) + redirect, 60);
            assertCleanFailure(run, 3, "standard output " + redirect);
            assertTrue(run.err().contains("standard output"), run.err());
            assertTrue(Files.readString(json).contains("\"result\""), "the --json file is complete all the same");
            clean++;
        }
        Hostile.count("class 6 (full disk, file size limit, closed or full stdout)", cases, clean);
    }

    @Test
    void signalsExitWith128PlusTheSignalAfterWritingTheStoppedResult() throws Exception {
        int cases = 0, clean = 0;
        for (String[] signal : List.of(new String[] {"INT", "130"}, new String[] {"TERM", "143"}, new String[] {"HUP", "129"})) {
            Path checkpoint = dir.resolve("ckpt-" + signal[0] + ".npy"), json = dir.resolve("run-" + signal[0] + ".json");
            Path tmp = dir.resolve("tmp-" + signal[0]);
            Files.createDirectories(tmp);
            Path log = dir.resolve("log-" + signal[0]);
            List<String> command = new java.util.ArrayList<>(Hostile.javaCommand(List.of("-Djava.io.tmpdir=" + tmp)));
            command.addAll(List.of("solve", "--problem", "pmc", "--n", "20", "--method", "gd", "--step", "1e-7", "--iters",
                    "2000000000", "--stream-gbps", "0", "--quiet", "--checkpoint", checkpoint.toString(), "--checkpoint-every",
                    "0.1", "--json", json.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(p.isAlive(), Files.readString(log));
            cases++;
            new ProcessBuilder("kill", "-s", signal[0], Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String output = Hostile.withoutIncubatorLine(Files.readString(log));
            assertEquals(Integer.parseInt(signal[1]), p.exitValue(), "SIG" + signal[0] + ": " + output);
            assertTrue(output.contains("STOPPED"), output);
            assertTrue(Files.readString(json).contains("\"status\": \"STOPPED\""), "the stopped result is written");
            Npy.readDoubles(checkpoint, 20, 1);
            assertTrue(temporaries(dir).isEmpty(), "no temporary file: " + temporaries(dir));
            clean++;
        }
        Hostile.count("class 7 (SIGINT/SIGTERM/SIGHUP exit codes)", cases, clean);
    }

    @Test
    void signalsAtRandomMomentsOfStartUpOrGenLeaveOnlyCompleteFiles() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        int cases = 0, clean = 0;
        for (int k = 0; k < 8; k++) {
            String signal = k % 2 == 0 ? "INT" : "TERM";
            Path out = dir.resolve("gen" + k), tmp = dir.resolve("tmp" + k);
            Files.createDirectories(tmp);
            List<String> command = new java.util.ArrayList<>(Hostile.javaCommand(List.of("-Djava.io.tmpdir=" + tmp)));
            command.addAll(List.of("gen", "--problem", "gaussian", "--n", "40", "--m", "3000", "--quiet", "--out", out.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(random.nextInt(1200));
            cases++;
            new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            int code = p.exitValue();
            assertTrue(code == 0 || code == (signal.equals("INT") ? 130 : 143), signal + " exit " + code);
            assertTrue(temporaries(dir).isEmpty(), "no temporary file after SIG" + signal + ": " + temporaries(dir));
            try (Stream<Path> files = Files.exists(out) ? Files.list(out) : Stream.empty()) {
                for (Path f : files.toList()) Npy.readDoubles(f); // complete, or absent
            }
            clean++;
        }
        Hostile.count("class 7 (signals during start-up or gen: no temporary file, complete files)", cases, clean);
    }

    /** A stop that arrives while the result is being printed only marks the stop: every output is still written. */
    @Test
    void aStopAfterTheResultStillPrintsAndWritesIt() throws Exception {
        Path json = dir.resolve("after.json"), saved = dir.resolve("after.npy");
        StringWriter text = new StringWriter();
        Writer triggering = new Writer() {
            boolean fired;

            @Override
            public void write(char[] c, int off, int len) {
                text.write(c, off, len);
                if (!fired && text.toString().contains("result:")) {
                    fired = true;
                    Stop.trigger(2); // inside the run's registration: runs the action, never exits
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            int code = Main.run(new PrintWriter(triggering, true), new PrintWriter(new StringWriter(), true), "solve", "--problem",
                    "pmc", "--n", "10", "--iters", "30", "--quiet", "--stream-gbps", "0", "--json", json.toString(), "--save-x",
                    saved.toString());
            assertTrue(Stop.requested(), "the stop was seen");
            assertEquals(1, code, "the run itself finished (the process would then exit 130)");
            assertTrue(Files.readString(json).contains("\"result\""), "the JSON is written");
            Npy.readDoubles(saved, 10, 1);
            assertTrue(text.toString().contains("json:"), text.toString());
        } finally {
            Stop.reset();
        }
        Hostile.count("class 7 (stop after the result)", 1, 1);
    }

    @Test
    void badJvmSettingsAreOneLine() throws Exception {
        int cases = 0, clean = 0;
        for (String bits : List.of("999", "abc", "64")) {
            cases++;
            Hostile.Run run = bash(shellCommand(List.of("-Dsod.vector.bits=" + bits), "solve", "--problem", "pmc", "--n", "6",
                    "--quiet"), 60);
            assertCleanFailure(run, 2, "-Dsod.vector.bits=" + bits);
            assertTrue(run.err().contains("sod.vector.bits=" + bits), run.err());
            clean++;
        }
        for (String how : List.of("property", "environment")) {
            cases++;
            String missing = dir.resolve("no-such-openblas.so").toString();
            Hostile.Run run = bash((how.equals("environment") ? "SOD_OPENBLAS_PATH=" + quote(missing) + " " : "")
                    + shellCommand(how.equals("property") ? List.of("-Dsod.openblas.path=" + missing) : List.of(), "solve",
                    "--problem", "pmc", "--n", "6", "--iters", "5", "--quiet", "--stream-gbps", "0"), 60);
            assertCleanFailure(run, 3, "explicit OpenBLAS path by " + how);
            assertTrue(run.err().contains(missing), run.err());
            clean++;
        }
        // an allocation the estimates cannot foresee (gen's m x n x n copy under a 64 MB heap): one line, exit 3
        cases++;
        Hostile.Run oom = bash(shellCommand(List.of("-Xmx64m"), "gen", "--problem", "gaussian", "--n", "100", "--m", "20000",
                "--quiet", "--out", dir.resolve("oom").toString()), 120);
        assertCleanFailure(oom, 3, "out of memory");
        assertTrue(oom.err().contains("out of memory") && oom.err().contains("-Xmx"), oom.err());
        clean++;
        Hostile.count("class 4/9 (bad -Dsod.vector.bits, explicit OpenBLAS path, out of memory)", cases, clean);
    }

    /**
     * {@code --json} naming this process's standard output by a path (a link to /proc/self/fd/1, as
     * /dev/stdout is): written through the descriptor, after the report and never over it; the link
     * stays a link, whether stdout is a pipe or a regular file.
     */
    @Test
    void standardOutputByPathIsWrittenThroughTheDescriptor() throws Exception {
        Path link = dir.resolve("stdout"), file = dir.resolve("redirected.txt"), piped = dir.resolve("piped.txt");
        Files.createSymbolicLink(link, Path.of("/proc/self/fd/1"));
        String solve = shellCommand(SMALL_HEAP, "solve", "--problem", "pmc", "--n", "10", "--iters", "20", "--quiet",
                "--stream-gbps", "0", "--json", link.toString());
        int cases = 0, clean = 0;
        for (String redirect : List.of(" > " + quote(file.toString()), " | cat > " + quote(piped.toString()))) {
            cases++;
            Hostile.Run run = bash("set -o pipefail; " + solve + redirect, 60);
            assertEquals(1, run.code(), run.all());
            String text = Files.readString(redirect.contains("cat") ? piped : file);
            assertTrue(text.startsWith("problem:") && text.contains("\"config\"") && text.contains("\"stats\"")
                    && text.strip().endsWith("json:        " + link), "report, then the whole JSON, then its line: " + text);
            assertTrue(Files.isSymbolicLink(link), "the link is kept");
            clean++;
        }
        Hostile.count("18.3 (--json naming standard output)", cases, clean);
    }
}
