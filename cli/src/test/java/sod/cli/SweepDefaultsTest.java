package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import sod.testing.Assertions;
import sod.testing.Tolerances;

/**
 * A sweep's trial is the solve a user would run with the same problem, seed and flags: every built-in
 * problem sweeps with the per-problem defaults of {@code sod solve} (the reference is the solve
 * command's own JSON, a separate code path), eps only forms cells for PMC, and the solver flags of a
 * solve ({@code --step-rule}, {@code --init-scale}) mean the same on a sweep.
 */
class SweepDefaultsTest {
    @TempDir
    Path dir;

    /** trials.csv columns: problem,n,eps,method,escape,seed,success,iterations,seconds,distance,h,... */
    static List<String[]> trials(Path out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(out.resolve("trials.csv"));
        for (String line : lines.subList(1, lines.size())) rows.add(line.split(",", -1));
        return rows;
    }

    static void assertTrialIsTheSolve(String[] trial, String problemArgs, String... flags) throws IOException {
        Path json = Files.createTempFile("solve", ".json");
        List<String> args = new ArrayList<>(List.of("solve"));
        args.addAll(List.of(problemArgs.split(" ")));
        // a sweep stops at the paper's success criterion: the solve is asked for the same target
        args.addAll(List.of("--seed", trial[5], "--method", trial[3], "--threads", "1", "--quiet", "--stream-gbps", "0",
                "--json", json.toString(), "--target-distance", "0.05"));
        if (!trial[4].equals("-")) args.addAll(List.of("--escape", trial[4]));
        args.addAll(List.of(flags));
        CliTest.Run solve = CliTest.sod(args.toArray(String[]::new));
        String text = Files.readString(json);
        String what = String.join(" ", args) + " vs trial " + String.join(",", trial);
        assertEquals(trial[6].equals("true") ? 0 : 1, solve.code(), what + "\n" + solve.out() + solve.err());
        assertEquals(Integer.parseInt(trial[7]), (int) CliTest.number(text, "\"iterations\": (\\d+)"), what);
        Assertions.assertClose(CliTest.number(text, "\"h\": (\\S+),"), Double.parseDouble(trial[10]),
                Tolerances.OTHER_WIDTH_OR_THREADS, 1e-300, what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--problem gaussian --n 12 --rank 2", "--problem rank-one --n 12 --rank 1",
            "--problem completion --n 40 --rank 1", "--problem pmc --n 12 --eps 0.15", "--problem counterexample --n 2",
            "--problem pmc-blocks --n 12 --rank 2 --eps 0.15"})
    void everyBuiltInProblemSweepsWithTheDefaultsOfSolve(String problem) throws IOException {
        Path out = dir.resolve("sweep");
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(List.of(problem.split(" ")));
        args.addAll(List.of("--seeds", "2", "--method", "gd,sod", "--threads", "1", "--quiet", "--out", out.toString()));
        CliTest.Run sweep = CliTest.sod(args.toArray(String[]::new));
        assertEquals(0, sweep.code(), sweep.out() + sweep.err());
        List<String[]> trials = trials(out);
        assertEquals(2 * 2, trials.size(), "one cell per method (eps only forms cells for pmc): " + sweep.out());
        for (String[] trial : trials) assertTrialIsTheSolve(trial, problem);
    }

    @Test
    void aGaussianSweepRecoversEverySeedLikeASolve() throws IOException {
        Path out = dir.resolve("gauss");
        CliTest.Run sweep = CliTest.sod("sweep", "--problem", "gaussian", "--n", "16", "--rank", "2", "--seeds", "4",
                "--method", "sod", "--threads", "2", "--quiet", "--out", out.toString());
        assertEquals(0, sweep.code(), sweep.err());
        List<String[]> trials = trials(out);
        assertEquals(4, trials.size());
        for (String[] t : trials) assertEquals("true", t[6], "seed " + t[5] + " missed the target: " + String.join(",", t));
    }

    @Test
    void stepRuleInitScaleAndJsonWorkOnSweepsAsOnSolves() throws IOException {
        Path out = dir.resolve("flags"), json = dir.resolve("sweep.json");
        String problem = "--problem gaussian --n 10 --rank 1";
        String[] flags = {"--step-rule", "fixed", "--step", "0.2", "--init-scale", "0.3", "--iters", "400"};
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(List.of(problem.split(" ")));
        args.addAll(List.of("--seeds", "2", "--method", "gd", "--threads", "1", "--quiet", "--out", out.toString(),
                "--json", json.toString()));
        args.addAll(List.of(flags));
        CliTest.Run sweep = CliTest.sod(args.toArray(String[]::new));
        assertEquals(0, sweep.code(), sweep.err());
        List<String[]> trials = trials(out);
        assertEquals(2, trials.size());
        for (String[] trial : trials) assertTrialIsTheSolve(trial, problem, flags);
        String text = Files.readString(json);
        assertTrue(text.contains("\"successRate\"") && text.contains("\"initScale\": 0.3"), text);
    }
}
