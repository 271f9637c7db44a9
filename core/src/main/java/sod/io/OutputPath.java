package sod.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sod.SodInputException;

/**
 * Where a result file really goes, decided before anything is written:
 * <ul>
 *   <li>{@link Kind#NEW} or {@link Kind#REGULAR}: a regular file (existing or not), replaced
 *       atomically by a rename onto its real path, so a symbolic link to a result stays a link and
 *       its target is replaced;</li>
 *   <li>{@link Kind#IN_PLACE}: a character device ({@code /dev/null}), a FIFO, or a file that is this
 *       process's standard output or error ({@code /dev/stdout} redirected to a file): written in place,
 *       appending, never renamed over (a rename would replace the device or the link with a file);</li>
 *   <li>anything else (a directory, a block device, a socket, a path under a file) is refused with a
 *       {@link SodInputException}.</li>
 * </ul>
 *
 * @param given          the path as the user wrote it (for messages)
 * @param target         the real path written to or renamed onto
 * @param standardStream 1 or 2 when the target is this process's standard output or error (written
 *                       through that descriptor, at its offset, so nothing printed is overwritten), else 0
 */
public record OutputPath(Path given, Path target, Kind kind, int standardStream) {
    /** How a result is written there. */
    public enum Kind { NEW, REGULAR, IN_PLACE }

    /** The st_mode file types of {@code unix:mode}. */
    private static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFDIR = 0040000, S_IFBLK = 0060000,
            S_IFSOCK = 0140000;
    private static final int MAX_LINKS = 40;

    /**
     * Classifies {@code given}.
     *
     * @throws SodInputException when nothing may be written there
     */
    public static OutputPath of(Path given) {
        Path path = followLinks(given);
        if (Files.exists(path)) {
            int stream = standardStream(path);
            if (stream != 0) return new OutputPath(given, path, Kind.IN_PLACE, stream);
            int type = fileType(path);
            if (type == S_IFDIR) {
                throw new SodInputException(given + ": is a directory; give the name of a file (in it or elsewhere)");
            }
            if (type == S_IFCHR || type == S_IFIFO) return new OutputPath(given, path, Kind.IN_PLACE, 0);
            if (type == S_IFBLK) throw new SodInputException(given + ": is a block device; give a regular file");
            if (type == S_IFSOCK) throw new SodInputException(given + ": is a socket; give a regular file");
            if (!Files.isRegularFile(path)) throw new SodInputException(given + ": is not a regular file; give a regular file");
            return new OutputPath(given, realPath(path), Kind.REGULAR, 0);
        }
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && !Files.isDirectory(existing)) {
            throw new SodInputException(given + ": " + existing + " is not a directory; choose another location");
        }
        Path target = existing == null ? absolute : realPath(existing).resolve(existing.relativize(absolute));
        return new OutputPath(given, target, Kind.NEW, 0);
    }

    /** The folder the write creates its temporary file in (NEW and REGULAR). */
    public Path directory() {
        return target.getParent();
    }

    /**
     * Checks that a result can be created here, by creating and deleting an empty file in the nearest
     * existing folder (what catches a read-only file system, {@code /proc}, a folder without write
     * permission), without creating any folder.
     *
     * @throws SodInputException when it cannot
     */
    public void probe() {
        if (kind == Kind.IN_PLACE) {
            if (!Files.isWritable(target)) throw new SodInputException(given + ": is not writable; check its permissions");
            return;
        }
        Path folder = directory();
        while (folder != null && !Files.exists(folder)) folder = folder.getParent();
        if (folder == null) return;
        try {
            Path probe = Files.createTempFile(folder, ".sod-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new SodInputException(given + ": cannot create files in " + folder + " (" + IoReasons.reason(e) + "); "
                    + IoReasons.writeAdvice(e), e);
        } catch (UnsupportedOperationException | SecurityException e) {
            throw new SodInputException(given + ": cannot create files in " + folder + "; choose another location", e);
        }
    }

    /** Whether two outputs (or an output and an input) are the same file. */
    public boolean sameFileAs(Path other) {
        Path o = followLinks(other);
        if (!Files.exists(o)) return target.equals(OutputPath.of(other).target);
        if (!Files.exists(target)) return false;
        try {
            return Files.isSameFile(target, o);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code path} itself when it exists (the file system follows its links, /proc's magic ones
     * included: {@code /dev/stdout} may lead to a pipe, which has no path); for a dangling link, where
     * it points.
     */
    static Path followLinks(Path path) {
        if (Files.exists(path)) return path;
        Path p = path;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(p); i++) {
            try {
                Path link = Files.readSymbolicLink(p);
                Path parent = p.toAbsolutePath().getParent();
                p = parent == null ? link : parent.resolve(link);
            } catch (IOException e) {
                return p;
            }
        }
        return p;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static int fileType(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            if (mode instanceof Integer m) return m & S_IFMT;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // not a POSIX file system: fall back on what Java can tell
        }
        if (Files.isDirectory(p)) return S_IFDIR;
        if (Files.isRegularFile(p)) return 0100000;
        return S_IFCHR; // "other": a device or a pipe on a platform without unix:mode
    }

    /** 1 or 2 when {@code p} is what this process's standard output or error writes to, else 0. */
    private static int standardStream(Path p) {
        for (int fd = 1; fd <= 2; fd++) {
            try {
                Path stream = Path.of("/proc/self/fd/" + fd);
                if (Files.exists(stream) && Files.isSameFile(p, stream)) return fd;
            } catch (IOException | SecurityException e) {
                // no /proc: not Linux, nothing to compare with
            }
        }
        return 0;
    }
}
