package sod.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.io.Npy;
import sod.problems.Counterexample;

/** End-to-end runs of every command through {@link Main#run(PrintWriter, PrintWriter, String...)}. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run sod(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void showcaseWithoutArgumentsShowsGdStuckAndSodRecovering() {
        Run run = sod();
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("stuck"), run.out());
        assertTrue(run.out().contains("recovered"), run.out());
    }

    @Test
    void solveWritesConsistentJsonPlotTraceAndX() throws IOException {
        Path json = dir.resolve("run.json"), png = dir.resolve("run.png"), csv = dir.resolve("trace.csv"), x = dir.resolve("x.npy");
        Run run = sod("solve", "--problem", "pmc", "--n", "12", "--seed", "0", "--json", json.toString(), "--plot",
                png.toString(), "--trace", csv.toString(), "--trace-every", "10", "--save-x", x.toString(), "--quiet", "--stats");
        String text = Files.readString(json);
        assertTrue(text.contains("\"success\": true") && text.contains("\"status\": \"CONVERGED\""), text);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.err().isEmpty(), "quiet run printed: " + run.err());
        for (String key : List.of("\"config\"", "\"result\"", "\"escapes\"", "\"stats\"", "\"itersPerSecond\"",
                "\"effectiveGBps\"", "\"gflops\"", "\"seconds\"", "\"status\"", "\"xPath\"")) {
            assertTrue(text.contains(key), key + " missing in " + text);
        }
        assertTrue(run.out().contains("bandwidth:"), "stream bandwidth not measured: " + run.out());
        // The printed result and the JSON agree.
        double printedH = number(run.out(), "result: .* h (\\S+)");
        double jsonH = number(text, "\"h\": (\\S+),");
        assertEquals(printedH, jsonH, 1e-4 * Math.abs(jsonH));
        int printedIterations = (int) number(run.out(), "iterations (\\d+)");
        assertEquals(printedIterations, (int) number(text, "\"iterations\": (\\d+)"));
        assertTrue(printedIterations > 0, "iterations " + printedIterations);

        byte[] image = Files.readAllBytes(png);
        assertTrue(image.length > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(image, 8));

        List<String> rows = Files.readAllLines(csv);
        assertEquals("iteration,h,grad_norm,distance,seconds", rows.get(0));
        assertTrue(rows.size() >= 3, "trace rows: " + rows.size());
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            assertEquals(5, f.length, rows.get(i));
            assertEquals(0, Integer.parseInt(f[0]) % 10);
            assertTrue(Double.parseDouble(f[1]) >= 0);
        }
        double[] saved = Npy.readDoubles(x, 12, 1);
        assertEquals(12, saved.length);
    }

    @Test
    void solveThatMissesTheTargetExitsWithOne() {
        Run run = sod("solve", "--problem", "pmc", "--n", "12", "--iters", "5", "--quiet", "--stream-gbps", "0");
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("ITERATION_BUDGET"), run.out());
    }

    @Test
    void genThenSolveFromFilesRecoversTheTruth() {
        Path g = dir.resolve("gauss");
        Run gen = sod("gen", "--problem", "gaussian", "--n", "8", "--rank", "1", "--m", "60", "--seed", "3", "--out", g.toString());
        assertEquals(0, gen.code(), gen.err());
        assertEquals(60 * 8 * 8, Npy.readDoubles(g.resolve("A.npy"), 60, 8, 8).length);
        Run run = sod("solve", "--operator", g.resolve("A.npy").toString(), "--measurements", g.resolve("b.npy").toString(),
                "--truth", g.resolve("Z.npy").toString(), "--step", "0.1", "--threads", "1", "--quiet", "--stream-gbps", "0");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("CONVERGED"), run.out());
        assertTrue(number(run.out(), "distance (\\S+)") < 1e-10, run.out());

        Path c = dir.resolve("comp");
        assertEquals(0, sod("gen", "--problem", "completion", "--n", "30", "--rank", "1", "--observations", "300", "--out", c.toString()).code());
        Run completion = sod("solve", "--observed", c.resolve("observed.mtx").toString(), "--truth", c.resolve("Z.npy").toString(),
                "--step", "0.5", "--iters", "20000", "--threads", "1", "--quiet", "--stream-gbps", "0", "--method", "gd");
        assertTrue(completion.out().contains("m 300"), completion.out());
        assertEquals(0, completion.code(), completion.out() + completion.err());
        assertTrue(completion.out().contains("CONVERGED"), completion.out());
        assertTrue(number(completion.out(), "distance (\\S+)") < 1e-10, completion.out());
    }

    @Test
    void escapeAtTheCounterexamplesSpuriousPointReportsTheSpecNumbers() {
        Path x0 = dir.resolve("spurious.npy");
        Npy.write(x0, Counterexample.SPURIOUS_POINT, 2, 1);
        Run run = sod("escape", "--problem", "counterexample", "--x0", x0.toString(), "--quiet");
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(-0.75, number(run.out(), "lambda_n\\s+(\\S+)"), 1e-6);
        assertEquals(Math.sqrt(0.5), number(run.out(), "sigma_r\\s+(\\S+)"), 1e-6);
        assertEquals(0.0, number(run.out(), "AIC\\s+(\\S+)"), 1e-9); // d = 0 at this point
        assertTrue(run.out().contains("tpgd") && run.out().contains("line-search") && run.out().contains("would take"), run.out());
        assertTrue(run.out().contains("verdict    SPURIOUS_SECOND_ORDER"), run.out());
        assertEquals(-0.75, number(run.out(), "lambda_min\\(G\\) (\\S+),"), 1e-6);
    }

    @Test
    void solveWithL1LossRecoversDespiteOutliersAndL2DoesNot() throws IOException {
        String[] problem = {"--problem", "gaussian", "--n", "20", "--rank", "2", "--outliers", "0.2", "--seed", "1",
                "--threads", "1", "--quiet"};
        Path json = dir.resolve("l1.json");
        Run l1 = sod(concat("solve", problem, "--loss", "l1", "--rank-search", "3", "--decay", "0.997", "--alpha", "0.01",
                "--iters", "3000", "--json", json.toString()));
        assertEquals(0, l1.code(), l1.out() + l1.err());
        assertTrue(number(l1.out(), "relative error (\\S+)") < 1e-2, l1.out());
        assertTrue(Files.readString(json).contains("\"loss\": \"l1\""));
        Run l2 = sod(concat("solve", problem, "--method", "gd", "--init", "spectral", "--step", "0.1", "--iters", "2000",
                "--stream-gbps", "0"));
        assertEquals(1, l2.code(), l2.out() + l2.err());
        assertTrue(number(l2.out(), "distance (\\S+)") > 0.1, l2.out());
        assertEquals(2, sod(concat("solve", problem, "--loss", "l3")).code());
        assertEquals(2, sod(concat("solve", problem, "--alpha", "0.1")).code()); // l1-only option with l2
    }

    @Test
    void robustSweepWritesTableAndPlot() throws IOException {
        Path out = dir.resolve("robust"), png = dir.resolve("robust.png");
        Run run = sod("robust-sweep", "--n", "8", "--rank", "1", "--p", "0,0.2", "--rank-search", "1,2", "--iters", "600",
                "--threads", "2", "--out", out.toString(), "--plot", png.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals(1 + 2 * 2 * 2, Files.readAllLines(out.resolve("table.csv")).size());
        assertTrue(run.out().contains("| 2 | l1 |"), run.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void escapeAfterRunningGdToAStall() {
        Run run = sod("escape", "--problem", "pmc", "--n", "12", "--seed", "0", "--quiet");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("EFS") || run.out().contains("did not stall"), run.out());
    }

    @Test
    void resumedSweepGivesTheSameTableAsAnUninterruptedOne() throws IOException {
        String[] grid = {"--n", "10,12", "--eps", "0.1,0.15", "--seeds", "3", "--method", "gd,sod", "--iters", "800",
                "--threads", "2", "--quiet"};
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Run first = sod(concat("sweep", grid, "--out", straight.toString(), "--plot", dir.resolve("bars.png").toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stalls (escape attempts) by kind:"), first.out());
        assertTrue(Files.size(dir.resolve("bars.png")) > 1000);
        Run partial = sod(concat("sweep", grid, "--out", resumed.toString()));
        assertEquals(0, partial.code(), partial.err());
        Path trials = resumed.resolve("trials.csv");
        long half = Files.size(trials) / 2;
        try (FileChannel ch = FileChannel.open(trials, StandardOpenOption.WRITE)) {
            ch.truncate(half); // a kill mid-sweep, most likely in the middle of a line
        }
        Files.delete(resumed.resolve("table.csv"));
        Run again = sod(concat("sweep", grid, "--out", resumed.toString(), "--resume"));
        assertEquals(0, again.code(), again.err());
        assertEquals(withoutSeconds(straight.resolve("table.csv")), withoutSeconds(resumed.resolve("table.csv")));
        assertEquals(1 + 2 * 2 * 2 * 3, Files.readAllLines(trials).size());
        String json = Files.readString(resumed.resolve("table.json"));
        assertTrue(json.contains("\"successRate\"") && json.contains("\"meanIterations\""), json);
        // Without --resume an existing sweep is not overwritten.
        assertEquals(2, sod(concat("sweep", grid, "--out", resumed.toString())).code());
    }

    private static List<String> withoutSeconds(Path table) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(table)) rows.add(line.substring(0, line.lastIndexOf(',')));
        return rows;
    }

    private static String[] concat(String command, String[] grid, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(grid));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void badInputsExitWithTwoAndOneLine() throws IOException {
        Path wrong = dir.resolve("b.npy");
        Npy.write(wrong, new double[] {1, 2, 3}, 3);
        List<String[]> cases = List.of(
                new String[] {"solve", "--operator", dir.resolve("missing.npy").toString(), "--measurements", wrong.toString()},
                new String[] {"solve", "--operator", wrong.toString(), "--measurements", wrong.toString()},
                new String[] {"solve", "--problem", "nonsense"},
                new String[] {"solve", "--step", "-0.1"},
                new String[] {"solve", "--rank", "0"},
                new String[] {"solve", "--eps", "0"},
                new String[] {"solve", "--eps", "-0.5"},
                new String[] {"solve", "--n", "ten"},
                new String[] {"solve", "--no-such-flag"},
                new String[] {"solve", "--x0", wrong.toString(), "--n", "12"},
                new String[] {"sweep", "--eps", "0", "--n", "10"},
                new String[] {"sweep", "--method", "newton"},
                new String[] {"gen", "--problem", "pmc"});
        for (String[] args : cases) {
            Run run = sod(args);
            String what = String.join(" ", args) + " -> " + run.err();
            assertEquals(2, run.code(), what);
            assertTrue(run.err().startsWith("sod: "), what);
            assertEquals(1, run.err().strip().lines().count(), what);
            assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), what);
        }
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("solve", "sweep", "escape", "gen", "info")) {
            Run run = sod(command, "--help");
            assertEquals(0, run.code());
            assertTrue(run.out().contains("Example"), command + ": " + run.out());
        }
    }
}
