package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class EisenstatWalkerTest {

    @Test
    void choiceTwoWithItsSafeguards() {
        EisenstatWalker forcing = new EisenstatWalker(1e-8, 0.5);
        assertEquals(0.5, forcing.next(10), 0.0, "the first term is etaMax");
        // 0.9 (5/10)^2 = 0.225, but the safeguard 0.9 * 0.5^2 = 0.225 is the same: 0.225.
        assertEquals(0.225, forcing.next(5), 1e-15);
        // 0.9 (0.5/5)^2 = 0.009; the safeguard 0.9 * 0.225^2 = 0.0456 > 0.1? no, so 0.009 stands.
        assertEquals(0.009, forcing.next(0.5), 1e-15);
        // Quadratic progress drives the term to etaMin.
        assertEquals(1e-8, forcing.next(1e-8), 0.0);
        forcing.reset();
        assertEquals(0.5, forcing.next(1e-8), 0.0, "reset starts over");
    }

    @Test
    void slowProgressIsCappedAndALuckyStepIsSafeguarded() {
        EisenstatWalker forcing = new EisenstatWalker(1e-10, 0.9);
        forcing.next(1);
        assertEquals(0.9, forcing.next(2), 0.0, "growth is capped at etaMax");
        // 0.9 (0.01/2)^2 = 2.25e-5, but 0.9 * 0.9^2 = 0.729 > 0.1 keeps the term at 0.729.
        assertEquals(0.729, forcing.next(0.01), 1e-15);
    }

    @Test
    void badBoundsGetOneLine() {
        assertThrows(SodInputException.class, () -> new EisenstatWalker(0, 0.5));
        assertThrows(SodInputException.class, () -> new EisenstatWalker(0.6, 0.5));
        assertThrows(SodInputException.class, () -> new EisenstatWalker(1e-3, 1));
        assertThrows(SodInputException.class, () -> ForcingSequence.constant(0));
    }
}
