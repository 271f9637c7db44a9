package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sod.SodInputException;
import sod.solver.Result;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

class TrialLogTest {
    @TempDir
    Path dir;

    static Outcome outcome(String problem, double eps, Variant v, long seed) {
        return new Outcome(new Trial(problem, 12, eps, v, seed), seed % 2 == 0, 100 + (int) seed, 0.25, 0.01 * seed, 0.125 * seed,
                seed, seed % 2 == 0 ? Result.Status.TARGET_REACHED : Result.Status.STATIONARY, new Stalls(1, 2, 3, (int) seed));
    }

    @Test
    void aLineIsTheOutcomeAndParsesBack() {
        Outcome pmc = outcome("pmc", 0.1, Variant.sod(EscapeMode.LINE_SEARCH), 3);
        assertEquals("pmc,12,0.1,sod,line-search,3,false,103,0.25,0.03,0.375,3,STATIONARY,1,2,3,3", pmc.csv());
        assertEquals(pmc, Outcome.parse(pmc.csv()));
        Outcome gauss = outcome("gaussian", Double.NaN, Variant.of(Method.GD), 2);
        assertTrue(gauss.csv().startsWith("gaussian,12,-,gd,-,2,true,"), gauss.csv());
        assertEquals(gauss, Outcome.parse(gauss.csv()));
        assertEquals(17, TrialLog.HEADER.split(",").length);
    }

    @Test
    void resumeKeepsTheIntactLinesOfAKilledSweep() throws IOException {
        Path file = dir.resolve("trials.csv");
        try (TrialLog log = TrialLog.open(file, false)) {
            for (long seed = 0; seed < 4; seed++) assertTrue(log.record(outcome("pmc", 0.1, Variant.of(Method.GD), seed)));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(TrialLog.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 5); // the kill cut the fourth line
        }
        assertThrows(SodInputException.class, () -> TrialLog.open(file, false), "an existing sweep needs --resume");
        try (TrialLog log = TrialLog.open(file, true)) {
            assertEquals(3, log.size());
            assertTrue(log.contains(new Trial("pmc", 12, 0.1, Variant.of(Method.GD), 2)));
            assertFalse(log.contains(new Trial("pmc", 12, 0.1, Variant.of(Method.GD), 3)));
            log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 3));
        }
        assertEquals(Files.readAllLines(file).subList(0, 4), lines.subList(0, 4));
        assertEquals(lines, Files.readAllLines(file), "the rerun trial is the same line again");
    }

    @Test
    void anotherVersionsFileIsRejected() throws IOException {
        Path file = dir.resolve("old.csv");
        Files.writeString(file, "problem,n,eps,method,seed,success\npmc,40,0.1,gd,0,true\n");
        SodInputException e = assertThrows(SodInputException.class, () -> TrialLog.open(file, true));
        assertTrue(e.getMessage().contains("header differs"), e.getMessage());
    }

    @Test
    void aSealedLogIgnoresLaterTrials() throws IOException {
        Path file = dir.resolve("trials.csv");
        TrialLog log = TrialLog.open(file, false);
        log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 0));
        assertEquals(1, log.seal());
        assertFalse(log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 1)));
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals(1, log.outcomes().size());
    }
}
