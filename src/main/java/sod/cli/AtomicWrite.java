package sod.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sod.SodInputException;
import sod.io.AtomicFiles;

/** Result files of the tool: {@link AtomicFiles} (temporary file, then ATOMIC_MOVE), creating the folder first. */
final class AtomicWrite {
    private AtomicWrite() {
    }

    static void text(Path target, String content) {
        bytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(Path target, byte[] content) {
        Path directory = target.toAbsolutePath().getParent();
        try {
            if (directory != null) Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SodInputException("cannot create the folder " + directory + " for " + target + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check that it is writable", e);
        }
        AtomicFiles.writeBytes(target, content);
    }
}
