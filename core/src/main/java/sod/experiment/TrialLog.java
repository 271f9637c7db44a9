package sod.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sod.SodInputException;
import sod.io.AtomicFiles;
import sod.io.IoReasons;
import sod.io.WriteFailedException;

/**
 * The finished trials of a sweep: kept in memory and, with a file, appended to trials.csv one line
 * each, written through to the file before the next trial is recorded, so a killed sweep loses at most
 * the line being written and resumes where it stopped. Recording and {@link #seal} take one lock, so a
 * stop never cuts a line: after it the file is closed and later outcomes are ignored.
 *
 * <p>Every line ends with a {@code check} column, a CRC-32 of the sweep's {@link RecordedSettings}
 * and the line, and the settings are written next to the file ({@link RecordedSettings#FILE_NAME}):
 * a resume with other settings, an edited line, or a line of another sweep is refused rather than
 * mixed into the table. A failed append (a full disk, a file size limit) truncates the file back to
 * its last complete line, seals the log and throws, so the sweep stops there with what it had.
 */
public final class TrialLog implements AutoCloseable {
    public static final String HEADER = "problem,n,eps,method,escape,seed,success,iterations,seconds,distance,h,escapes,status,"
            + "stalls_saddle,stalls_spurious,stalls_global,stalls_not_stationary,check";

    /**
     * Test hook: milliseconds to sleep after each recorded trial (system property
     * {@code sod.sweep.throttleMillis}), so a test can stop a sweep of fast trials midway.
     */
    private static final long THROTTLE_MILLIS = Long.getLong("sod.sweep.throttleMillis", 0);

    private final Path file;
    private final RecordedSettings settings;
    private final Map<String, Outcome> done;
    private FileChannel appender;
    /** The file's length up to its last complete line. */
    private long length;
    private boolean sealed;

    private TrialLog(Path file, RecordedSettings settings, Map<String, Outcome> done) throws IOException {
        this.file = file;
        this.settings = settings;
        this.done = done;
        if (file != null) {
            appender = FileChannel.open(file, StandardOpenOption.WRITE);
            length = appender.size();
            appender.position(length);
        }
    }

    /** A log in memory only. */
    public static TrialLog inMemory() {
        try {
            return new TrialLog(null, null, new LinkedHashMap<>());
        } catch (IOException e) {
            throw new AssertionError("no file is opened", e);
        }
    }

    /**
     * The log in {@code file} of a sweep with {@code settings}. An existing file is an error unless
     * {@code resume}; then the recorded settings must equal {@code settings}, every line must pass
     * its check, and its trials are kept (a last line cut by a kill is dropped, and the file is
     * rewritten without it); new trials are appended.
     *
     * @throws SodInputException if the file exists without {@code resume}, is not a regular file, is
     *                           another version's, was recorded with other settings, has an edited
     *                           line, or cannot be read
     * @throws WriteFailedException if it cannot be written
     */
    public static TrialLog open(Path file, boolean resume, RecordedSettings settings) {
        Map<String, Outcome> done = new LinkedHashMap<>();
        Path settingsFile = file.resolveSibling(RecordedSettings.FILE_NAME);
        if (Files.exists(file)) {
            if (!Files.isRegularFile(file)) {
                throw new SodInputException(file + ": is not a regular file (a directory?); remove it or choose another --out");
            }
            if (!resume) {
                throw new SodInputException(file + ": already exists; add --resume to continue that sweep or choose another --out");
            }
            if (!Files.isRegularFile(settingsFile)) {
                throw new SodInputException(file + ": has no recorded settings (" + settingsFile.getFileName()
                        + " is missing: another version of sod, or removed); choose another --out");
            }
            RecordedSettings recorded;
            try {
                recorded = RecordedSettings.parse(Files.readString(settingsFile, StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                throw new SodInputException(settingsFile + ": cannot be read back (" + reason(e) + "); choose another --out", e);
            }
            recorded.requireSame(settings, file.getParent() == null ? file.toString() : file.getParent().toString());
            for (Outcome o : read(file, settings)) done.put(o.trial().key(), o);
        }
        AtomicFiles.writeBytes(settingsFile, settings.text().getBytes(StandardCharsets.UTF_8));
        StringBuilder kept = new StringBuilder(HEADER).append('\n');
        for (Outcome o : done.values()) kept.append(line(o, settings)).append('\n');
        AtomicFiles.writeBytes(file, kept.toString().getBytes(StandardCharsets.UTF_8));
        try {
            return new TrialLog(file, settings, done);
        } catch (IOException e) {
            throw WriteFailedException.writing(file, e);
        }
    }

    /**
     * The recorded trials of a file written under {@code settings}. The last line, when it does not
     * end with a newline, was cut by a kill and is dropped; any other line must pass its check.
     *
     * @throws SodInputException for another version's file, an edited or foreign line, a repeated trial
     */
    public static List<Outcome> read(Path file, RecordedSettings settings) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SodInputException(file + ": cannot be read (" + reason(e) + "); check the file", e);
        }
        String[] lines = content.split("\n", -1);
        if (lines.length > 0 && !lines[0].equals(HEADER)) {
            throw new SodInputException(file + ": is not a trials file of this sweep version (header differs); use a new --out");
        }
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        // The last element is "" when the file ends with a newline, else a partial line: ignore it either way.
        for (int i = 1; i < lines.length - 1; i++) {
            Outcome o = parse(file, i + 1, lines[i], settings);
            Integer before = seen.put(o.trial().key(), i + 1);
            if (before != null) {
                throw new SodInputException(file + ": line " + (i + 1) + " repeats the trial of line " + before
                        + "; delete one of them");
            }
            outcomes.add(o);
        }
        return outcomes;
    }

    private static Outcome parse(Path file, int lineNumber, String line, RecordedSettings settings) {
        int comma = line.lastIndexOf(',');
        String body = comma < 0 ? line : line.substring(0, comma);
        if (comma < 0 || !line.substring(comma + 1).equals(settings.check(body))) {
            throw new SodInputException(file + ": line " + lineNumber + " does not match its check column (edited, or"
                    + " written by another sweep); restore it, or delete the line to run that trial again");
        }
        try {
            return Outcome.parse(body);
        } catch (RuntimeException e) {
            throw new SodInputException(file + ": line " + lineNumber + " is not a trial line (" + e.getMessage()
                    + "); delete it to run that trial again", e);
        }
    }

    /** The trials.csv line of {@code o} (without the newline). */
    static String line(Outcome o, RecordedSettings settings) {
        String body = o.csv();
        return body + "," + settings.check(body);
    }

    /** Whether the trial is recorded. */
    public synchronized boolean contains(Trial t) {
        return done.containsKey(t.key());
    }

    /** The recorded outcomes by {@link Trial#key()} (a copy). */
    public synchronized Map<String, Outcome> outcomes() {
        return new LinkedHashMap<>(done);
    }

    public synchronized int size() {
        return done.size();
    }

    /** The file, or null for a log in memory. */
    public Path file() {
        return file;
    }

    /**
     * Records a finished trial (one line, written through); false once sealed, when it is ignored.
     *
     * @throws WriteFailedException when the line cannot be written: the file keeps its complete lines,
     *                              the log is sealed, and the sweep should stop
     */
    public boolean record(Outcome o) {
        boolean kept = append(o);
        if (kept && THROTTLE_MILLIS > 0) {
            try {
                Thread.sleep(THROTTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return kept;
    }

    private synchronized boolean append(Outcome o) {
        if (sealed) return false;
        if (appender != null) {
            ByteBuffer bytes = ByteBuffer.wrap((line(o, settings) + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) appender.write(bytes);
                length = appender.position();
            } catch (IOException e) {
                int kept = done.size();
                cutBack();
                sealed = true;
                close();
                throw new WriteFailedException(file + ": cannot append a trial (" + IoReasons.reason(e) + "); the " + kept
                        + " trials before it are kept, " + IoReasons.writeAdvice(e) + ", then rerun with --resume", e);
            }
        }
        done.put(o.trial().key(), o);
        return true;
    }

    /** Drops a partly written line, so the file ends with its last complete one. */
    private void cutBack() {
        try {
            appender.truncate(length);
        } catch (IOException ignored) {
            // a resume drops a cut last line anyway
        }
    }

    /** Closes the file and ignores every later outcome (a stop); returns the number of trials recorded. */
    public synchronized int seal() {
        sealed = true;
        close();
        return done.size();
    }

    @Override
    public synchronized void close() {
        if (appender == null) return;
        try {
            appender.close();
        } catch (IOException ignored) {
            // every recorded line was written through when it was recorded
        }
        appender = null;
    }

    private static String reason(Exception e) {
        return e instanceof IOException io ? IoReasons.reason(io) : String.valueOf(e.getMessage());
    }
}
