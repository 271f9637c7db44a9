package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --local}, {@code --damping}, {@code --cg-iters}, {@code --method restarts} and l2 {@code --rank-search} end to end. */
class LocalMethodCliTest {
    @TempDir
    Path dir;

    @Test
    void solveUnderLevenbergMarquardtWithSodRecoversPmcAndSaysSo() throws Exception {
        Path json = dir.resolve("run.json");
        CliTest.Run run = CliTest.sod("solve", "--problem", "pmc", "--n", "20", "--eps", "0.10", "--seed", "1", "--local", "lm",
                "--json", json.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("local method lm"), run.err());
        String text = Files.readString(json);
        assertTrue(text.contains("\"local\": \"lm\"") && text.contains("\"status\": \"CONVERGED\""), text);
        assertTrue(CliTest.number(run.out(), "iterations (\\d+)") < 200, run.out());
    }

    @Test
    void rankSearchUnderTheTrustRegionTruncatesToTheProblemsRank() throws Exception {
        Path x = dir.resolve("x.npy");
        CliTest.Run run = CliTest.sod("solve", "--problem", "pmc", "--n", "20", "--eps", "0.10", "--seed", "2", "--local",
                "trust-region", "--method", "gd", "--rank-search", "2", "--save-x", x.toString(), "--quiet");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("after a search at rank 2"), run.out());
        assertEquals(20, sod.io.Npy.read(x).shape()[0]);
        assertEquals(1, sod.io.Npy.read(x).shape()[1], "truncated to rank 1");
        CliTest.Run below = CliTest.sod("solve", "--problem", "gaussian", "--n", "10", "--rank", "2", "--rank-search", "1", "--quiet");
        assertEquals(2, below.code());
        assertTrue(below.err().startsWith("sod: --rank-search: "), below.err());
    }

    @Test
    void badLocalSettingsGetTheOneLineError() {
        List<List<String>> cases = List.of(List.of("--local", "lm", "--damping", "0"), List.of("--local", "lm", "--damping", "-1"),
                List.of("--local", "trust-region", "--cg-iters", "0"), List.of("--local", "newton"), List.of("--local", "lm,gd"));
        List<String> options = List.of("--damping", "--damping", "--cg-iters", "--local", "--local");
        for (int k = 0; k < cases.size(); k++) {
            List<String> args = new java.util.ArrayList<>(List.of("solve", "--problem", "pmc", "--n", "12", "--quiet"));
            args.addAll(cases.get(k));
            CliTest.Run run = CliTest.sod(args.toArray(String[]::new));
            assertEquals(2, run.code(), cases.get(k) + ": " + run.err());
            String line = run.err().strip();
            assertTrue(line.startsWith("sod: ") && line.contains(options.get(k)) && !line.contains("\n"), cases.get(k) + ": " + line);
            assertTrue(line.contains(";"), "says what to do: " + line);
        }
    }

    @Test
    void sweepSearchesAtAHigherRankAndTruncates() {
        CliTest.Run run = CliTest.sod("sweep", "--n", "16", "--eps", "0.10", "--seeds", "3", "--local", "trust-region", "--method",
                "gd", "--rank-search", "2", "--quiet");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.contains("trust-region ") && l.contains(" 1.000 ")), run.out());
        CliTest.Run bad = CliTest.sod("sweep", "--n", "16", "--rank", "2", "--rank-search", "1", "--quiet");
        assertEquals(2, bad.code());
        assertTrue(bad.err().strip().startsWith("sod: --rank-search: ") && bad.err().contains(";"), bad.err());
    }

    @Test
    void sweepComparesLocalMethodsAndRestartsInOneTable() {
        CliTest.Run run = CliTest.sod("sweep", "--n", "16", "--eps", "0.10", "--seeds", "3", "--local", "lm,trust-region",
                "--method", "gd,sod,restarts", "--quiet");
        assertEquals(0, run.code(), run.out() + run.err());
        for (String method : List.of("lm ", "lm+sod ", "lm+restarts ", "trust-region ", "trust-region+sod ", "trust-region+restarts "))
            assertTrue(run.out().contains(method), method + " in\n" + run.out());
        for (String line : run.out().split("\n"))
            if (line.contains("+sod ")) assertTrue(line.contains(" 1.000 "), "SOD recovers every seed: " + line);
    }
}
