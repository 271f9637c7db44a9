package sod.spark;

import sod.SodInputException;

/**
 * Turns what a failed Spark job throws into sod's one-line errors: a {@link SodInputException} raised
 * inside a task comes back as the cause of a {@code SparkException}; its message is what the user needs.
 */
final class SparkErrors {
    private SparkErrors() {}

    /**
     * The task's own input error if there is one in the cause chain, else {@code e} itself (a checked
     * {@code SparkException}, which Scala never declares, wrapped in an unchecked one).
     */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SodInputException s) return new SodInputException(s.getMessage(), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("Spark job failed: " + firstLine(e), e);
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip().split("\\R", 2)[0];
    }

    /** An input error about {@code what}: the task's own message, or Spark's first line. */
    static SodInputException inputError(String what, Exception e) {
        RuntimeException u = unwrap(e);
        if (u instanceof SodInputException s) return s;
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        String first = m.strip().split("\\R", 2)[0];
        return new SodInputException(what + ": could not be read: " + first, e);
    }
}
