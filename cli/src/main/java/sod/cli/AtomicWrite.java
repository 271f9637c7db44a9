package sod.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import sod.io.AtomicFiles;

/**
 * Result files of the tool through {@link AtomicFiles} (temporary file, then an atomic rename; in
 * place for devices and FIFOs), which also creates the missing folders.
 */
final class AtomicWrite {
    private AtomicWrite() {
    }

    static void text(Path target, String content) {
        bytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(Path target, byte[] content) {
        AtomicFiles.writeBytes(target, content);
    }
}
