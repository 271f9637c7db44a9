package sod.cli;

/** The case counts of the issue-17 suites, for tests outside this package (see {@link Hostile#count}). */
public final class HostileCounts {
    private HostileCounts() {
    }

    public static void print(String defectClass, int cases, int clean) {
        Hostile.count(defectClass, cases, clean);
    }
}
