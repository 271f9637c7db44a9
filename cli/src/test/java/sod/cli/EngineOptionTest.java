package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code --engine}: without an engine on the class path (the core's own tests) a one-line error that
 * says how to build it; an engine needs {@code --observed}.
 */
class EngineOptionTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void anAbsentEngineIsOneLineSayingHowToBuildIt() {
        String[] r = run("solve", "--engine", "spark", "--master", "local[2]", "--observed", "hdfs://nn/obs.parquet", "-q");
        assertEquals("2", r[0]);
        String err = r[2].strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains("--engine spark") && err.contains("sod-spark") && err.contains("scripts/sod"), err);
    }

    @Test
    void anEngineNeedsObservations() {
        String[] r = run("solve", "--engine", "spark", "-q");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("needs --observed"), r[2]);
    }
}
