package sod.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import sod.SodInputException;
import sod.io.IoReasons;
import sod.io.WriteFailedException;
import sod.openblas.OpenBlasUnavailableException;
import sod.problems.MemoryCheck;

/**
 * How a failure of a command is told: one line {@code sod: <file or option>: <what is wrong>; <what
 * to do>} and the exit code of its kind, never a Java class name or a stack trace (those only with
 * {@code --debug}). Errors count too: an {@link OutOfMemoryError} is the machine's limit, a failed
 * class initialisation is reported as its cause (a bad {@code -Dsod.vector.bits}).
 */
final class Failures {
    private Failures() {
    }

    /** The line (without {@code sod: }) and the exit code. */
    record Told(String line, int code) {
    }

    static Told tell(Throwable failure) {
        Throwable t = failure;
        // a class initialiser's failure (and the later "could not initialize") is its cause's
        while ((t instanceof ExceptionInInitializerError || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof SodInputException) return new Told(oneLine(t.getMessage()), Main.BAD_INPUT);
        if (t instanceof WriteFailedException) return new Told(oneLine(t.getMessage()), Main.ENVIRONMENT);
        if (t instanceof OpenBlasUnavailableException) {
            return new Told(withoutPrefix(oneLine(t.getMessage())) + "; run 'sod info' for the paths tried", Main.ENVIRONMENT);
        }
        if (t instanceof OutOfMemoryError) {
            return new Told("out of memory (" + oneLine(t.getMessage()) + "; the heap limit is "
                    + MemoryCheck.bytes(Runtime.getRuntime().maxMemory()) + "); choose smaller sizes, or raise the limit with -Xmx"
                    + " (e.g. SOD_JAVA_OPTS=-Xmx" + Math.max(2, 2 * Runtime.getRuntime().maxMemory() >> 30) + "g scripts/sod ...)",
                    Main.ENVIRONMENT);
        }
        if (t instanceof IOException io) {
            return new Told(IoReasons.reason(io) + "; " + IoReasons.writeAdvice(io), Main.ENVIRONMENT);
        }
        if (t instanceof StackOverflowError) {
            return new Told("internal error: stack overflow; rerun with --debug for the stack trace and report it", Main.INTERNAL);
        }
        String message = t.getMessage();
        return new Told("internal error" + (message == null || message.isBlank() ? "" : ": " + oneLine(message))
                + "; rerun with --debug for the stack trace and report it", Main.INTERNAL);
    }

    static String oneLine(String message) {
        if (message == null) return "(no message)";
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String withoutPrefix(String line) {
        return line.startsWith("sod: ") ? line.substring(5) : line;
    }
}
