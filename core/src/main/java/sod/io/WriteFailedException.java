package sod.io;

/**
 * A result could not be written although its location was fine when checked: the disk filled up, a
 * file size limit was reached, the device failed, standard output was closed. The message is one line
 * {@code <file>: <what went wrong>; <what to do>}; the command-line tool prints it and exits with 3
 * (the environment), unlike a {@link sod.SodInputException} (bad input, 2).
 */
public class WriteFailedException extends RuntimeException {
    public WriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure of writing {@code target}: its name, the system's reason and what to do. */
    public static WriteFailedException writing(java.nio.file.Path target, java.io.IOException e) {
        return new WriteFailedException(target + ": cannot write (" + IoReasons.reason(e) + "); " + IoReasons.writeAdvice(e), e);
    }
}
