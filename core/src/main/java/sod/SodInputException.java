package sod;

/**
 * Bad input: a malformed or mismatched file, an invalid parameter, NaN/Inf data. The message is one
 * line that says what is wrong and, where possible, how to fix it; the command-line tool prints it and
 * exits with code 2.
 */
public class SodInputException extends RuntimeException {
    public SodInputException(String message) {
        super(message);
    }

    public SodInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
