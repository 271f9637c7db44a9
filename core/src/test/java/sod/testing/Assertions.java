package sod.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The one array comparison of the tests: every entry within {@code relTol * max |expected|}. */
public final class Assertions {
    private Assertions() {}

    /**
     * Asserts {@code |expected[i] - actual[i]| <= relTol * max_j |expected[j]|} for every i (the scale
     * is floored at 1e-300 so an all-zero expectation demands exact zeros); NaN never passes.
     */
    public static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double allowed = relTol * Math.max(scale, 1e-300);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= allowed)) {
                fail(what + ": entry " + i + " is " + actual[i] + ", expected " + expected[i] + " within " + allowed);
            }
        }
    }

    /** Scalar form: {@code |expected - actual| <= relTol * max(|expected|, floor)}. */
    public static void assertClose(double expected, double actual, double relTol, double floor, String what) {
        double allowed = relTol * Math.max(Math.abs(expected), floor);
        if (!(Math.abs(expected - actual) <= allowed)) {
            fail(what + ": " + actual + ", expected " + expected + " within " + allowed);
        }
    }
}
