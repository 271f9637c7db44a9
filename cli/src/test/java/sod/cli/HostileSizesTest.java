package sod.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.sod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 classes 3 (hangs) and 4 (out-of-memory traces): built-in problems and Matrix Market files
 * whose arrays cannot exist on this machine (terabytes of sensing matrices, billions of observations,
 * a 10^9 x 10^9 size line with three entries) are refused in well under a second each, before any
 * allocation, with one line that gives the figure and the limit, for {@code solve} and {@code gen}
 * alike; nothing is written.
 */
class HostileSizesTest {
    @TempDir
    Path dir;

    @Test
    void impossibleSizesAreOneLineOfBadInputAtOnce() throws Exception {
        List<String[]> problems = new ArrayList<>();
        for (String n : List.of("5000", "20000", "46000")) problems.add(new String[] {"--problem", "gaussian", "--n", n});
        for (String m : List.of("2147483647", "1000000000")) problems.add(new String[] {"--problem", "gaussian", "--m", m});
        for (String n : List.of("10000000", "100000000", "2147483647")) problems.add(new String[] {"--problem", "rank-one", "--n", n});
        problems.add(new String[] {"--problem", "rank-one", "--n", "100", "--m", "2147483647"});
        for (String n : List.of("10000000", "100000000", "2147483647")) problems.add(new String[] {"--problem", "completion", "--n", n});
        problems.add(new String[] {"--problem", "completion", "--n", "1000000", "--observations", "2000000000"});
        problems.add(new String[] {"--problem", "completion", "--n", "100000", "--rank", "20000"});
        for (String n : List.of("40000", "46340")) problems.add(new String[] {"--problem", "pmc", "--n", n});
        int[] counts = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (String[] p : problems) {
                for (String command : List.of("solve", "gen")) {
                    List<String> args = new ArrayList<>(List.of(command));
                    args.addAll(List.of(p));
                    args.add("--quiet");
                    Path out = dir.resolve("gen-" + counts[0]);
                    if (command.equals("gen")) args.addAll(List.of("--out", out.toString()));
                    long start = System.nanoTime();
                    counts[0]++;
                    Hostile.Run run = sod(args.toArray(String[]::new));
                    assertCleanFailure(run, 2, String.join(" ", args));
                    assertTrue(run.err().contains("B ") && (run.err().contains("-Xmx") || run.err().contains("machine has"))
                            || run.err().contains("one array holds"), "the figure and the limit: " + run.err());
                    assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused at once: " + String.join(" ", args));
                    assertTrue(!Files.exists(out), "nothing written: " + out);
                    counts[1]++;
                }
            }
        });
        Hostile.count("class 3/4 (built-in problems too large for the machine)", counts[0], counts[1]);
    }

    @Test
    void matrixMarketSizeLinesBeyondTheMachineAreRefused() throws Exception {
        int cases = 0, clean = 0;
        for (String size : List.of("1000000000 1000000000 3", "2147483647 2147483647 3", "500000000 500000000 2")) {
            Path file = dir.resolve("big" + cases + ".mtx");
            Files.writeString(file, "%%MatrixMarket matrix coordinate real symmetric\n" + size + "\n1 1 1.0\n2 1 0.5\n"
                    + (size.endsWith(" 3") ? "3 3 2.0\n" : ""));
            byte[] before = Files.readAllBytes(file);
            cases++;
            Hostile.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> sod("solve", "--observed", file.toString(), "--quiet"));
            assertCleanFailure(run, 2, size);
            Hostile.assertBytes(before, file);
            clean++;
        }
        Hostile.count("class 4 (Matrix Market size lines)", cases, clean);
    }
}
