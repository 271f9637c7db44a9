package sod.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The case counts of the hostile-input suites: printed for the figures, and every case must be clean. */
public final class HostileCounts {
    private HostileCounts() {
    }

    public static void print(String defectClass, int cases, int clean) {
        System.out.printf("issue 17 %s: %d cases, %d clean%n", defectClass, cases, clean);
        assertEquals(cases, clean, defectClass);
    }
}
