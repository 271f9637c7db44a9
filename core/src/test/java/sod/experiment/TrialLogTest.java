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

    static final RecordedSettings SETTINGS = settings(SolverSettings.NONE);

    static RecordedSettings settings(SolverSettings solver) {
        return RecordedSettings.of(new SweepSpec(sod.problems.BuiltInProblems.named("pmc"), List.of(12), List.of(0.1),
                List.of(Variant.of(Method.GD)), 4, 0, 1, 0, solver));
    }

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
        assertEquals(18, TrialLog.HEADER.split(",").length);
    }

    @Test
    void resumeKeepsTheIntactLinesOfAKilledSweep() throws IOException {
        Path file = dir.resolve("trials.csv");
        try (TrialLog log = TrialLog.open(file, false, SETTINGS)) {
            for (long seed = 0; seed < 4; seed++) assertTrue(log.record(outcome("pmc", 0.1, Variant.of(Method.GD), seed)));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(TrialLog.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 5); // the kill cut the fourth line
        }
        assertThrows(SodInputException.class, () -> TrialLog.open(file, false, SETTINGS), "an existing sweep needs --resume");
        try (TrialLog log = TrialLog.open(file, true, SETTINGS)) {
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
        Files.writeString(dir.resolve(RecordedSettings.FILE_NAME), SETTINGS.text());
        SodInputException e = assertThrows(SodInputException.class, () -> TrialLog.open(file, true, SETTINGS));
        assertTrue(e.getMessage().contains("header differs"), e.getMessage());
    }

    @Test
    void aSealedLogIgnoresLaterTrials() throws IOException {
        Path file = dir.resolve("trials.csv");
        TrialLog log = TrialLog.open(file, false, SETTINGS);
        log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 0));
        assertEquals(1, log.seal());
        assertFalse(log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 1)));
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals(1, log.outcomes().size());
    }

    /** Resuming with other solver settings is refused, naming the option; the files stay as they were. */
    @Test
    void aResumeWithOtherSettingsIsRefused() throws IOException {
        Path file = dir.resolve("trials.csv");
        try (TrialLog log = TrialLog.open(file, false, SETTINGS)) {
            log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 0));
        }
        byte[] before = Files.readAllBytes(file);
        for (SolverSettings other : List.of(new SolverSettings(null, null, 800, null, null),
                new SolverSettings(null, 0.004, null, null, null), new SolverSettings(null, null, null, null, 0.5))) {
            SodInputException e = assertThrows(SodInputException.class, () -> TrialLog.open(file, true, settings(other)));
            assertTrue(e.getMessage().startsWith("--iters") || e.getMessage().startsWith("--step")
                    || e.getMessage().startsWith("--init-scale"), e.getMessage());
            assertTrue(e.getMessage().contains("recorded with"), e.getMessage());
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
        Files.delete(dir.resolve(RecordedSettings.FILE_NAME));
        SodInputException e = assertThrows(SodInputException.class, () -> TrialLog.open(file, true, SETTINGS));
        assertTrue(e.getMessage().contains("no recorded settings"), e.getMessage());
    }

    /** Any edit of a complete line (a digit, a field, a swapped success) fails its check, with the line number. */
    @Test
    void anEditedLineIsRefusedWithItsLineNumber() throws IOException {
        Path file = dir.resolve("trials.csv");
        try (TrialLog log = TrialLog.open(file, false, SETTINGS)) {
            for (long seed = 0; seed < 3; seed++) log.record(outcome("pmc", 0.1, Variant.of(Method.GD), seed));
        }
        List<String> lines = Files.readAllLines(file);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int edit = 0; edit < 20; edit++) {
            int line = 1 + random.nextInt(3);
            String original = lines.get(line);
            int at = random.nextInt(original.lastIndexOf(','));
            char c = original.charAt(at);
            char replacement = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1 + random.nextInt(9)) % 10) : c == 't' ? 'f' : 'x';
            List<String> edited = new java.util.ArrayList<>(lines);
            edited.set(line, original.substring(0, at) + replacement + original.substring(at + 1));
            Files.write(file, edited);
            SodInputException e = assertThrows(SodInputException.class, () -> TrialLog.open(file, true, SETTINGS), edited.get(line));
            assertTrue(e.getMessage().contains("line " + (line + 1) + " "), e.getMessage());
        }
    }

    /** A failed append (here: the channel closed under it) keeps the complete lines, seals the log and says so once. */
    @Test
    void aFailedAppendKeepsTheCompleteLinesAndSealsTheLog() throws Exception {
        Path file = dir.resolve("trials.csv");
        TrialLog log = TrialLog.open(file, false, SETTINGS);
        log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 0));
        java.lang.reflect.Field appender = TrialLog.class.getDeclaredField("appender");
        appender.setAccessible(true);
        ((FileChannel) appender.get(log)).close();
        var e = assertThrows(sod.io.WriteFailedException.class, () -> log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 1)));
        assertTrue(e.getMessage().contains("the 1 trials before it are kept"), e.getMessage());
        assertFalse(log.record(outcome("pmc", 0.1, Variant.of(Method.GD), 2)), "sealed after the failure");
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals(1, TrialLog.read(file, SETTINGS).size());
    }
}
