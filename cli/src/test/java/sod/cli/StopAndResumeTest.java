package sod.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.experiment.Outcome;
import sod.experiment.TrialLog;
import sod.io.Npy;

/**
 * A sweep and a long solve in a child JVM (what {@code scripts/sod} runs: same java, class path and
 * module flags), stopped with SIGTERM ({@link Process#destroy}) midway: exit code 143 (128 + 15), every trial line
 * written before the stop is intact, {@code --resume} completes to the same table as a straight run;
 * a stopped solve leaves its checkpoint, from which {@code --x0} resumes.
 */
class StopAndResumeTest {
    @TempDir
    Path dir;

    static Process child(Path output, String... args) throws IOException {
        return child(List.of(), output, args);
    }

    static Process child(List<String> properties, Path output, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    static String[] sweepArgs(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--n", "10,12", "--eps", "0.1,0.15", "--seeds", "5",
                "--method", "gd,sod", "--iters", "800", "--threads", "1", "--quiet", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static int lines(Path file) throws IOException {
        return Files.exists(file) ? (int) Files.readString(file).chars().filter(c -> c == '\n').count() : 0;
    }

    @Test
    void sigtermStopsASweepWithIntactTrialsAndResumeGivesTheStraightTable() throws Exception {
        int total = 2 * 2 * 2 * 5;
        Path straight = dir.resolve("straight"), stopped = dir.resolve("stopped");
        CliTest.Run run = CliTest.sod(sweepArgs(straight));
        assertEquals(0, run.code(), run.err());

        Path log = dir.resolve("child.log");
        Process sweep = child(List.of("-Dsod.sweep.throttleMillis=100"), log, sweepArgs(stopped));
        Path trials = stopped.resolve("trials.csv");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lines(trials) < 1 + 8 && System.nanoTime() < deadline && sweep.isAlive()) Thread.sleep(20);
        assertTrue(sweep.isAlive(), "the sweep finished before it could be stopped: " + Files.readString(log));
        sweep.destroy(); // SIGTERM
        assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "child did not stop");
        String childOutput = Files.readString(log);
        assertEquals(143, sweep.exitValue(), "128 + SIGTERM: " + childOutput);

        String content = Files.readString(trials, StandardCharsets.UTF_8);
        assertTrue(content.endsWith("\n"), "the last trial line was cut: " + content);
        List<String> rows = content.lines().toList();
        assertEquals(TrialLog.HEADER, rows.get(0));
        assertTrue(rows.size() - 1 >= 8 && rows.size() - 1 < total, "stopped midway: " + (rows.size() - 1) + " trials");
        for (String row : rows.subList(1, rows.size())) Outcome.parse(row.substring(0, row.lastIndexOf(','))); // intact
        assertTrue(!Files.exists(stopped.resolve("table.csv")), "no table from a stopped sweep");

        CliTest.Run resumed = CliTest.sod(sweepArgs(stopped, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(total + 1, lines(trials));
        assertEquals(withoutSeconds(straight.resolve("table.csv")), withoutSeconds(stopped.resolve("table.csv")));
    }

    @Test
    void sigtermStopsASolveThatLeavesACheckpointToResumeFrom() throws Exception {
        Path checkpoint = dir.resolve("ckpt.npy"), json = dir.resolve("run.json"), log = dir.resolve("solve.log");
        // A tiny step: GD creeps and would run for the whole (huge) budget.
        Process solve = child(log, "solve", "--problem", "pmc", "--n", "20", "--method", "gd", "--step", "1e-7",
                "--iters", "2000000000", "--threads", "1", "--stream-gbps", "0", "--checkpoint", checkpoint.toString(),
                "--checkpoint-every", "0.2", "--json", json.toString(), "--quiet");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(checkpoint) && System.nanoTime() < deadline && solve.isAlive()) Thread.sleep(20);
        assertTrue(solve.isAlive(), Files.readString(log));
        Thread.sleep(300);
        solve.destroy();
        assertTrue(solve.waitFor(60, TimeUnit.SECONDS), "child did not stop");
        String output = Files.readString(log);
        assertEquals(143, solve.exitValue(), "128 + SIGTERM: " + output);
        assertTrue(output.contains("STOPPED"), output);
        String result = Files.readString(json);
        assertTrue(result.contains("\"status\": \"STOPPED\""), result);
        double[] x = Npy.readDoubles(checkpoint, 20, 1);
        // The checkpoint is the final iterate: resuming from it with no iterations gives the reported h.
        double reportedH = CliTest.number(output, "result: .* h (\\S+)");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "solve", "--problem", "pmc", "--n", "20",
                "--method", "gd", "--x0", checkpoint.toString(), "--iters", "0", "--quiet", "--stream-gbps", "0",
                "--save-x", dir.resolve("again.npy").toString());
        assertEquals(1, code, err.toString());
        assertEquals(reportedH, CliTest.number(out.toString(), "result: .* h (\\S+)"), 1e-4 * reportedH);
        assertArrayEquals(x, Npy.readDoubles(dir.resolve("again.npy")));
    }

    private static List<String> withoutSeconds(Path table) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(table)) rows.add(line.substring(0, line.lastIndexOf(',')));
        return rows;
    }
}
