package sod.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A newcomer's solve of each built-in problem, with no tuning flags, converges to the truth. */
class DefaultSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "--problem gaussian --n 24 --rank 2",
            "--problem rank-one --n 20 --rank 2",
            "--problem completion --n 300 --rank 2 --observations 9000",
            "--problem pmc --n 20 --eps 0.15"})
    void builtInProblemRecoversWithDefaults(String problem) {
        String[] args = ("solve " + problem + " --quiet --threads 1").split(" ");
        CliTest.Run run = CliTest.sod(args);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("CONVERGED"), run.out());
    }
}
