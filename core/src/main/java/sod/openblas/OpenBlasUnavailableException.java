package sod.openblas;

/** OpenBLAS could not be loaded; the message lists every path tried and what to do. */
public final class OpenBlasUnavailableException extends RuntimeException {
    public OpenBlasUnavailableException(String message) {
        super(message);
    }
}
