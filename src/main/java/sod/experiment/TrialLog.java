package sod.experiment;

import java.io.BufferedWriter;
import java.io.IOException;
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

/**
 * The finished trials of a sweep: kept in memory and, with a file, appended to trials.csv one flushed
 * line each, so a killed sweep loses at most the line being written and resumes where it stopped.
 * Recording and {@link #seal} take one lock, so a stop never cuts a line: after it the file is closed
 * and later outcomes are ignored.
 */
public final class TrialLog implements AutoCloseable {
    public static final String HEADER = "problem,n,eps,method,escape,seed,success,iterations,seconds,distance,h,escapes,status,"
            + "stalls_saddle,stalls_spurious,stalls_global,stalls_not_stationary";

    /**
     * Test hook: milliseconds to sleep after each recorded trial (system property
     * {@code sod.sweep.throttleMillis}), so a test can stop a sweep of fast trials midway.
     */
    private static final long THROTTLE_MILLIS = Long.getLong("sod.sweep.throttleMillis", 0);

    private final Path file;
    private final Map<String, Outcome> done;
    private BufferedWriter appender;
    private boolean sealed;

    private TrialLog(Path file, Map<String, Outcome> done) throws IOException {
        this.file = file;
        this.done = done;
        this.appender = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** A log in memory only. */
    public static TrialLog inMemory() {
        try {
            return new TrialLog(null, new LinkedHashMap<>());
        } catch (IOException e) {
            throw new AssertionError("no file is opened", e);
        }
    }

    /**
     * The log in {@code file}. An existing file is an error unless {@code resume}; then its intact
     * trials are kept (a line cut by a kill and anything after it are dropped, and the file is rewritten
     * without them) and new trials are appended.
     *
     * @throws SodInputException if the file exists without {@code resume}, is another version's, or cannot be written
     */
    public static TrialLog open(Path file, boolean resume) {
        Map<String, Outcome> done = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                if (!resume) {
                    throw new SodInputException(file + " already exists; add --resume to continue that sweep or choose another --out");
                }
                for (Outcome o : read(file)) done.put(o.trial().key(), o);
            }
            StringBuilder kept = new StringBuilder(HEADER).append('\n');
            for (Outcome o : done.values()) kept.append(o.csv()).append('\n');
            AtomicFiles.writeBytes(file, kept.toString().getBytes(StandardCharsets.UTF_8));
            return new TrialLog(file, done);
        } catch (IOException e) {
            throw new SodInputException(file + ": cannot read or write the trials (" + e.getMessage() + "); check the folder", e);
        }
    }

    /** The recorded trials; a malformed line (a kill mid-write) and anything after it are dropped. */
    public static List<Outcome> read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = content.split("\n", -1);
        if (lines.length > 0 && !lines[0].equals(HEADER)) {
            throw new SodInputException(file + " is not a trials file of this sweep version (header differs); use a new --out");
        }
        List<Outcome> outcomes = new ArrayList<>();
        // The last element is "" when the file ends with a newline, else a partial line: ignore it either way.
        for (int i = 1; i < lines.length - 1; i++) {
            try {
                outcomes.add(Outcome.parse(lines[i]));
            } catch (RuntimeException e) {
                break;
            }
        }
        return outcomes;
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

    /** Records a finished trial (one flushed line); false once sealed, when it is ignored. */
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
        done.put(o.trial().key(), o);
        if (appender != null) {
            try {
                appender.write(o.csv());
                appender.write('\n');
                appender.flush();
            } catch (IOException e) {
                throw new SodInputException("cannot append to " + file + ": " + e.getMessage() + "; check the disk", e);
            }
        }
        return true;
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
            // every recorded line was flushed when it was written
        }
        appender = null;
    }
}
