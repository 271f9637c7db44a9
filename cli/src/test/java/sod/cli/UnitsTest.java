package sod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void threeSignificantDigitsWithPrefixes() {
        assertEquals("0.214", Units.si(3 / 14.0));
        assertEquals("21.3", Units.si(21.3));
        assertEquals("999", Units.si(999.4));
        assertEquals("1.00k", Units.si(999.7));
        assertEquals("21.3k", Units.si(21_300));
        assertEquals("2.37M", Units.si(2.37e6));
        assertEquals("0", Units.si(0));
        assertEquals("1.20e-05", Units.si(1.2e-5));
        assertEquals("-", Units.si(Double.NaN));
        assertEquals("0.100", Units.significant(0.09996));
        assertEquals("0.0995", Units.significant(0.0995));
    }

    @Test
    void durationsAndSizes() {
        assertEquals("12.0ms", Units.duration(0.012));
        assertEquals("4.2s", Units.duration(4.2));
        assertEquals("45s", Units.duration(45.2));
        assertEquals("1m00s", Units.duration(59.6));
        assertEquals("2m05s", Units.duration(125));
        assertEquals("1h00m", Units.duration(3599.7));
        assertEquals("3d04h", Units.duration(3 * 86400 + 4 * 3600));
        assertEquals("-", Units.duration(Double.POSITIVE_INFINITY));
        assertEquals("812 B", Units.bytes(812));
        assertEquals("38.4 kB", Units.bytes(38_400));
        assertEquals("1.20 GB", Units.bytes(1.2e9));
    }
}
