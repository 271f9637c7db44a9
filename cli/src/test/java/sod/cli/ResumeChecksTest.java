package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.cli.Hostile.assertCleanFailure;
import static sod.cli.Hostile.sod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 class 2, the sweep side: {@code --resume} with any trial-changing option different from
 * the recorded run, or over a trials.csv with an edited line, is refused (exit 2, one line naming the
 * option or the line) and leaves the folder byte-identical; the same settings resume.
 */
class ResumeChecksTest {
    @TempDir
    Path dir;

    static List<String> sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--n", "6", "--eps", "0.1", "--seeds", "3", "--method", "gd",
                "--iters", "60", "--threads", "1", "--quiet", "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void resumingWithOtherSettingsOrEditedLinesIsRefused() throws Exception {
        Path out = dir.resolve("s");
        assertEquals(0, sod(sweep(out).toArray(String[]::new)).code());
        int cases = 0, clean = 0;
        List<String[]> changes = List.of(new String[] {"--iters", "61"}, new String[] {"--step", "0.004"},
                new String[] {"--init-scale", "0.5"}, new String[] {"--step-rule", "armijo"}, new String[] {"--gtol", "1e-6"},
                new String[] {"--ftol", "1e-12"}, new String[] {"--htol", "1e-20"}, new String[] {"--target-distance", "0.01"},
                new String[] {"--time-limit", "100"});
        for (String[] change : changes) {
            List<String> args = sweep(out, "--resume");
            int at = args.indexOf(change[0]);
            if (at >= 0) args.set(at + 1, change[1]);
            else args.addAll(List.of(change));
            Map<String, Object> before = Hostile.snapshot(dir);
            cases++;
            Hostile.Run run = sod(args.toArray(String[]::new));
            assertCleanFailure(run, 2, String.join(" ", change));
            assertTrue(run.err().startsWith("sod: " + change[0] + ":") && run.err().contains("recorded with"), run.err());
            Hostile.assertUnchanged(before, dir, String.join(" ", change));
            clean++;
        }
        Path trials = out.resolve("trials.csv");
        List<String> lines = Files.readAllLines(trials);
        SplittableRandom random = new SplittableRandom(31);
        for (int edit = 0; edit < 12; edit++) {
            int line = 1 + random.nextInt(lines.size() - 1);
            String original = lines.get(line);
            int at = random.nextInt(original.length());
            char c = original.charAt(at);
            char replacement = c == ',' ? ';' : Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : 'Z';
            List<String> edited = new ArrayList<>(lines);
            edited.set(line, original.substring(0, at) + replacement + original.substring(at + 1));
            Files.write(trials, edited);
            Map<String, Object> before = Hostile.snapshot(dir);
            cases++;
            Hostile.Run run = sod(sweep(out, "--resume").toArray(String[]::new));
            assertCleanFailure(run, 2, "edited line " + (line + 1));
            assertTrue(run.err().contains("line " + (line + 1)), run.err());
            Hostile.assertUnchanged(before, dir, "edited line");
            clean++;
        }
        Files.write(trials, lines);
        Hostile.Run same = sod(sweep(out, "--resume").toArray(String[]::new));
        assertEquals(0, same.code(), same.all());
        Hostile.count("class 2 (resume with other settings or edited trial lines)", cases, clean);
    }
}
