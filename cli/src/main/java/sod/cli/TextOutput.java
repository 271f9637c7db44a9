package sod.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import sod.io.AtomicFiles;
import sod.io.WriteFailedException;

/**
 * A text result written while the run goes (the trace): to a file through {@link AtomicFiles#open}
 * (the file appears complete on {@link #commit}, or not at all), or to the command's standard output
 * ({@code -}), where it is flushed on commit and never closed.
 */
interface TextOutput extends AutoCloseable {
    /** The buffered writer to write to. */
    Writer writer();

    /** Completes the output. */
    void commit();

    /** Abandons an uncommitted file output (its temporary file is removed). */
    @Override
    void close();

    static TextOutput file(Path path) {
        AtomicFiles.Pending pending = AtomicFiles.open(path);
        BufferedWriter writer = new BufferedWriter(pending.writer(StandardCharsets.UTF_8), 1 << 16);
        return new TextOutput() {
            @Override
            public Writer writer() {
                return writer;
            }

            @Override
            public void commit() {
                try {
                    writer.flush();
                } catch (IOException e) {
                    throw WriteFailedException.writing(path, e);
                }
                pending.commit();
            }

            @Override
            public void close() {
                pending.close();
            }
        };
    }

    /** Standard output: {@code out} is flushed, not closed; a failed write shows on {@code checkError}. */
    static TextOutput standardOutput(PrintWriter out) {
        return new TextOutput() {
            @Override
            public Writer writer() {
                return out;
            }

            @Override
            public void commit() {
                out.flush();
                if (out.checkError()) {
                    throw new WriteFailedException("standard output: cannot write (closed or full); write the result to a file instead",
                            null);
                }
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
