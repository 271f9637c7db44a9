package sod.io;

import java.util.Arrays;

/**
 * The 1-based line of every entry of a Matrix Market file, stored compactly: only where entry lines
 * stop being consecutive (comments, blank lines) is a pair (entry, line) kept, so a file without
 * interruptions costs one pair however many entries it has.
 */
public final class EntryLines {
    /** Pairs (first entry of a run, its line), by increasing entry. */
    private long[] breaks = new long[16];
    private int breakCount;
    private long lastEntry = -1;
    private long lastLine = -2;

    EntryLines() {
    }

    /** Notes that entry {@code entry} (the next one) is on {@code line}. */
    void record(long entry, long line) {
        if (entry != lastEntry + 1) {
            throw new IllegalStateException("entries must be recorded in order");
        }
        if (line != lastLine + 1) {
            if (2 * breakCount + 2 > breaks.length) {
                breaks = Arrays.copyOf(breaks, breaks.length * 2);
            }
            breaks[2 * breakCount] = entry;
            breaks[2 * breakCount + 1] = line;
            breakCount++;
        }
        lastEntry = entry;
        lastLine = line;
    }

    /** Number of entries recorded. */
    public long entries() {
        return lastEntry + 1;
    }

    /** The 1-based line number of a 0-based entry index. */
    public long lineOf(long entry) {
        if (entry < 0 || entry > lastEntry) {
            throw new IndexOutOfBoundsException("entry " + entry + " of " + (lastEntry + 1));
        }
        int low = 0;
        int high = breakCount - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (breaks[2 * mid] <= entry) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return breaks[2 * low + 1] + (entry - breaks[2 * low]);
    }
}
