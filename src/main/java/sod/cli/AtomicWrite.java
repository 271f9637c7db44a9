package sod.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import sod.SodInputException;

/** Writes result files atomically: a temporary file in the same directory, then ATOMIC_MOVE over the target. */
final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Temporary files are created owner-only; results are ordinary files (rw-r--r--). */
    static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep the defaults
        }
    }

    static void text(Path target, String content) {
        bytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(Path target, byte[] content) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            if (directory != null) Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
            Files.write(temporary, content);
            readableByAll(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new SodInputException("cannot write " + target + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check that the directory is writable", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the write failure is what gets reported
                }
            }
        }
    }
}
