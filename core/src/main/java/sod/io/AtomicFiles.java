package sod.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: the content goes to a temporary file in the same directory (same file system,
 * so the final rename is atomic), is forced to disk, and is then moved over the target. What the
 * target is decides how ({@link OutputPath}): a device, a FIFO or this process's own standard output
 * is written in place and never renamed over; a symbolic link keeps pointing at its (replaced) target;
 * a directory is refused. A failed write leaves the target as it was and no temporary file, and
 * throws a {@link WriteFailedException} naming the file and the reason.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces the file content into an open channel. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target}, creating its missing folders.
     *
     * @throws sod.SodInputException if nothing may be written there (a directory, a path under a file)
     * @throws WriteFailedException  if the write itself fails (disk full, file size limit, I/O error)
     */
    public static void write(Path target, ContentWriter content) {
        try (Pending pending = open(target)) {
            content.writeTo(pending.channel);
            pending.commit();
        } catch (IOException e) {
            throw failed(target, e);
        }
    }

    /** {@link #write} of a byte array. */
    public static void writeBytes(Path target, byte[] content) {
        write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
        });
    }

    /**
     * A write that is produced over time (a trace): the content goes to the open channel, and the
     * target appears only on {@link Pending#commit}; {@link Pending#close} without a commit removes the temporary file.
     *
     * @throws sod.SodInputException if nothing may be written there
     * @throws WriteFailedException  if the temporary file cannot be created
     */
    public static Pending open(Path target) {
        OutputPath out = OutputPath.of(target);
        try {
            if (out.standardStream() != 0) {
                // the process's own descriptor, at its offset: reopening the file would write over what it printed
                java.io.FileDescriptor fd = out.standardStream() == 1 ? java.io.FileDescriptor.out : java.io.FileDescriptor.err;
                return new Pending(out, null, new java.io.FileOutputStream(fd).getChannel());
            }
            if (out.kind() == OutputPath.Kind.IN_PLACE) {
                return new Pending(out, null, FileChannel.open(out.target(), StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            }
            Files.createDirectories(out.directory());
            Path temporary = Files.createTempFile(out.directory(), "." + out.target().getFileName() + ".", ".tmp");
            TemporaryFiles.register(temporary);
            try {
                return new Pending(out, temporary, FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING));
            } catch (IOException e) {
                discard(temporary);
                throw e;
            }
        } catch (IOException e) {
            throw failed(target, e);
        }
    }

    /** An output under way: see {@link #open}. */
    public static final class Pending implements AutoCloseable {
        private final OutputPath out;
        private final FileChannel channel;
        private Path temporary;
        private boolean done;

        private Pending(OutputPath out, Path temporary, FileChannel channel) {
            this.out = out;
            this.temporary = temporary;
            this.channel = channel;
        }

        public FileChannel channel() {
            return channel;
        }

        /** A writer on the channel (its buffer is the caller's; flush before {@link #commit}). */
        public Writer writer(Charset charset) {
            return Channels.newWriter(channel, charset);
        }

        /** The channel as a stream whose close does not close the channel (commit and close do). */
        public OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) channel.write(buffer);
                }
            };
        }

        /** Forces the content to disk and moves it into place (in place: just closes). */
        public void commit() {
            if (done) return;
            try {
                if (temporary != null) channel.force(true);
                if (out.standardStream() == 0) channel.close();
                if (temporary != null) {
                    moveIntoPlace(temporary, out.target());
                    TemporaryFiles.unregister(temporary);
                    temporary = null;
                }
                done = true;
            } catch (IOException e) {
                throw failed(out.given(), e);
            }
        }

        /** Abandons an uncommitted output: the temporary file is removed, the target stays as it was. */
        @Override
        public void close() {
            if (out.standardStream() != 0) return; // never close the process's standard output or error
            try {
                channel.close();
            } catch (IOException ignored) {
                // the content is being thrown away
            }
            if (temporary != null) discard(temporary);
            temporary = null;
        }
    }

    /** Makes a finished temporary file (same directory as the target) readable by all and renames it over the target. */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        readableByAll(temporary);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; still never a half file
            // under the target name for readers that open after the move.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * createTempFile makes owner-only (0600) files; a result is an ordinary file, rw-r--r--, so other
     * users and tools (a web server, a shared results directory) can read it.
     */
    public static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep its defaults
        }
    }

    /** The one-line reason of a failed read or write, without a Java class name. */
    static String describe(IOException e) {
        return IoReasons.reason(e);
    }

    private static WriteFailedException failed(Path target, IOException e) {
        return WriteFailedException.writing(target, e);
    }

    private static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
        TemporaryFiles.unregister(temporary);
    }
}
