package sod.experiment;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import sod.SodInputException;
import sod.solver.SolverConfig;

/**
 * The settings a sweep's trials were run with, as {@code name = value} lines, written next to
 * trials.csv when the sweep starts and compared on {@code --resume}: a trial's outcome depends on the
 * problem (its name, rank, m, observations) and on every solver setting, so trials of other settings
 * must never be mixed into one table. The grid (sizes, eps, methods, seeds) may change between runs:
 * trials are keyed by it. The names are the options that set them, so a mismatch reads
 * {@code --iters: ... recorded 800, given 1000}; {@code solver} is the complete configuration (the
 * settings no option shows, e.g. a changed built-in default, count too).
 */
public final class RecordedSettings {
    /** The file next to trials.csv. */
    public static final String FILE_NAME = "sweep-settings.txt";

    private final Map<String, String> entries;
    /** {@link #text()} as bytes: the first part of every line check. */
    private final byte[] textBytes;

    private RecordedSettings(Map<String, String> entries) {
        this.entries = entries;
        this.textBytes = text().getBytes(StandardCharsets.UTF_8);
    }

    /** The settings of {@code spec}'s trials. */
    public static RecordedSettings of(SweepSpec spec) {
        SolverConfig base = spec.base();
        Map<String, String> e = new LinkedHashMap<>();
        e.put("--problem", spec.problem().name());
        e.put("--rank", Integer.toString(spec.rank()));
        e.put("--m", Integer.toString(spec.m()));
        e.put("--observations", Integer.toString(spec.observations()));
        e.put("--step-rule", Names.of(base.descent().stepRule()));
        e.put("--step", number(base.descent().step()));
        e.put("--init-scale", number(base.start().initScale()));
        e.put("--iters", Integer.toString(base.stopping().maxIterations()));
        e.put("--time-limit", number(base.stopping().timeBudgetSeconds()));
        e.put("--target-distance", number(base.stopping().targetDistance()));
        e.put("--target-relative", number(base.stopping().targetRelative()));
        e.put("--gtol", number(base.stopping().gradientTolerance()));
        e.put("--ftol", number(base.stopping().decreaseTolerance()));
        e.put("--htol", number(base.stopping().residualTolerance()));
        // the messages print it: the record's NaN and Infinity spelled as elsewhere
        e.put("solver", base.toString().replace('\n', ' ').replace("NaN", "none").replace("Infinity", "inf"));
        return new RecordedSettings(e);
    }

    /** A value as written: "none" for the NaN or infinite values that mean "not set" (never "NaN", "Infinity"). */
    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "none";
    }

    /** The settings read back from their file's text. */
    public static RecordedSettings parse(String text) {
        Map<String, String> e = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf(" = ");
            if (eq < 0) throw new IllegalArgumentException("not a 'name = value' line: " + line);
            e.put(line.substring(0, eq), line.substring(eq + 3));
        }
        return new RecordedSettings(e);
    }

    /** The file's text. */
    public String text() {
        StringBuilder s = new StringBuilder();
        for (var e : entries.entrySet()) s.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        return s.toString();
    }

    /**
     * Checks that a resumed sweep has the recorded settings.
     *
     * @param where the folder, for the message
     * @throws SodInputException naming the first setting that differs
     */
    public void requireSame(RecordedSettings given, String where) {
        for (var e : entries.entrySet()) {
            String now = given.entries.get(e.getKey());
            if (!e.getValue().equals(now)) {
                throw new SodInputException(e.getKey() + ": the sweep in " + where + " was recorded with " + e.getValue()
                        + ", this run has " + now + "; resume with the recorded settings, or choose another --out");
            }
        }
        for (String key : given.entries.keySet()) {
            if (!entries.containsKey(key)) {
                throw new SodInputException(key + ": the sweep in " + where + " was recorded without this setting (another"
                        + " version of sod); choose another --out");
            }
        }
    }

    /** The check value of one trial line under these settings (8 hex digits of a CRC-32). */
    String check(String line) {
        CRC32 crc = new CRC32();
        crc.update(textBytes);
        crc.update('\n');
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
