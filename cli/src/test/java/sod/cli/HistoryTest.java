package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sod.solver.Escape;

class HistoryTest {
    @Test
    void anEscapeSpansTheIterationsItsProbesCharged() {
        History h = new History();
        for (int i = 0; i <= 600; i++) h.record(i, 1, 1);
        h.recordEscape(ChartsTest.escape(600, Escape.Kind.GAMMA, 1, 0.1));
        assertEquals(0, h.escapes().getFirst().charged(), "not resumed yet");
        h.record(1200, 0.1, 0.5);
        h.recordEscape(ChartsTest.escape(1200, Escape.Kind.SINGLE, 0.1, 0.01)); // a single step charges nothing
        h.record(1200, 0.01, 0.2);
        List<History.EscapeMark> marks = h.escapes();
        assertEquals(2, marks.size());
        assertEquals(600, marks.get(0).charged());
        assertEquals(1200, marks.get(0).resumedAt());
        assertEquals(0.1, marks.get(0).hAfter());
        assertEquals(0, marks.get(1).charged());
    }

    @Test
    void memoryStaysBoundedAndEscapesSurviveTheThinning() {
        History h = new History();
        for (int i = 0; i < 100_000; i++) {
            h.record(i, 1.0 / (i + 1), Double.NaN);
            if (i % 10_000 == 5_000) h.recordEscape(ChartsTest.escape(i, Escape.Kind.BETA, 1, 0.5));
        }
        assertTrue(h.size() <= History.CAPACITY && h.size() >= History.CAPACITY / 2, "size " + h.size());
        assertEquals(10, h.escapes().size());
        double[] it = h.iterations();
        for (int k = 1; k < it.length; k++) assertTrue(it[k] > it[k - 1]);
        assertTrue(it[it.length - 1] >= 100_000 - 16, "the recent end is kept: " + it[it.length - 1]);
        assertTrue(!h.hasDistance());
    }
}
