package sod.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What an {@link IOException} means, in words a user reads in a one-line error: the operating
 * system's reason ("No space left on device", "File too large") without a Java class name, and the
 * advice that goes with it.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** The reason, e.g. "no space left on device"; never a class name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof DirectoryNotEmptyException) return "directory not empty";
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (text == null || text.isBlank()) return "input/output error";
        // getMessage() of a FileSystemException repeats the file; the reason alone is what is wrong
        return text.strip().replaceAll("\\s*\\R\\s*", " ").toLowerCase(Locale.ROOT);
    }

    /** What to do about a failed write of that reason. */
    public static String writeAdvice(IOException e) {
        String reason = reason(e);
        if (reason.contains("no space")) return "free some space or write elsewhere";
        if (reason.contains("too large")) return "raise the file size limit (ulimit -f) or write elsewhere";
        if (reason.contains("read-only")) return "write to a writable location";
        if (reason.contains("permission")) return "check the permissions or write elsewhere";
        if (reason.contains("quota")) return "free some of your quota or write elsewhere";
        return "check the location and the disk";
    }
}
