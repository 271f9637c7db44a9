package sod.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    static List<String> labels(Axis a) {
        return a.ticks().stream().filter(Tick::isMajor).map(t -> t.exponent() == null ? t.label() : t.label() + "^" + t.exponent()).toList();
    }

    @Test
    void iterationAxesStepByOneTwoOrFiveAndShortenThousands() {
        assertEquals(List.of("0", "500", "1000", "1500", "2000", "2500"), labels(Axis.linear(0, 2398, 6)));
        assertEquals(List.of("0", "50k", "100k", "150k", "200k"), labels(Axis.linear(0, 200_000, 6)));
        assertEquals(List.of("0", "2M", "4M", "6M", "8M", "10M"), labels(Axis.linear(0, 1e7, 6)));
        // 2.5 steps only where they stay integers
        assertEquals(25.0, Axis.niceStep(140, 6));
        assertEquals(0.5, Axis.niceStep(1.4, 6));
        Axis a = Axis.linear(0, 2398, 6);
        assertEquals(0, a.fraction(0));
        assertEquals(1, a.fraction(2500));
    }

    @Test
    void rateAxisHasTheSameDecimalsEverywhere() {
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Axis.fixed(0, 1, 0.2)));
    }

    @Test
    void logAxesAreWholeDecadesLabelledAsPowersOfTen() {
        Axis shortRange = Axis.log(0.03, 20);
        assertEquals(List.of("10^\u22122", "10^\u22121", "10^0", "10^1", "10^2"), labels(shortRange));
        assertEquals(0.01, shortRange.min(), 1e-18);
        // short ranges carry 2..9 minor ticks
        assertEquals(4 * 8, shortRange.ticks().stream().filter(t -> !t.isMajor()).count());

        // 30 decades: every 5th labelled, the ends on labelled decades, the rest minor
        Axis longRange = Axis.log(1e-25, 3e3);
        List<String> l = labels(longRange);
        assertTrue(l.size() <= Axis.MAX_LOG_LABELS + 1, l.toString());
        assertTrue(longRange.min() <= 1e-25 && longRange.max() >= 3e3);
        assertEquals(longRange.min(), longRange.ticks().getFirst().value());
        assertTrue(longRange.ticks().getFirst().isMajor() && longRange.ticks().getLast().isMajor());
        assertTrue(longRange.ticks().stream().noneMatch(t -> t.value() != Math.pow(10, Math.round(Math.log10(t.value())))),
                "long ranges have decade ticks only");
    }

    @Test
    void noValueLiesOnTheEndsOfALogAxis() {
        Axis a = Axis.log(1e-24, 1e2);
        assertTrue(a.fraction(1e-24) > 0.01 && a.fraction(1e2) < 0.99, a.min() + " .. " + a.max());
        assertTrue(Double.isNaN(a.fraction(0)), "zero has no place on a log axis");
    }

    @Test
    void categoriesSitAtTheIntegers() {
        Axis a = Axis.categories(List.of("n=40\neps=0.1", "n=50\neps=0.1"));
        assertEquals(0.25, a.fraction(0));
        assertEquals(0.75, a.fraction(1));
        assertEquals(List.of("n=40\neps=0.1", "n=50\neps=0.1"), labels(a));
    }
}
