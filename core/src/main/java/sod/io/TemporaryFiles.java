package sod.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files of writes under way (an {@link AtomicFiles} temporary, an extracted library).
 * The command-line tool stops on a signal with {@code Runtime.halt}, which skips shutdown hooks and
 * so {@code deleteOnExit}; it calls {@link #deleteAll} first, so a stop leaves no {@code .tmp} file
 * behind, whatever it interrupted.
 */
public final class TemporaryFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private TemporaryFiles() {
    }

    public static void register(Path file) {
        LIVE.add(file);
    }

    public static void unregister(Path file) {
        LIVE.remove(file);
    }

    /** Deletes every registered file (folders after their contents); for a process about to halt. */
    public static void deleteAll() {
        Path[] files = LIVE.toArray(Path[]::new);
        // longer paths first: a folder's files go before the folder
        java.util.Arrays.sort(files, (a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // best effort: the process is going away
            }
            LIVE.remove(f);
        }
    }
}
