package sod.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.function.Executable;

import sod.SodInputException;

/** The committed fixtures of src/test/resources/io (written by make_fixtures.py) and the error checks of the io tests. */
final class IoFixtures {
    /** A reader must give back the doubles NumPy wrote, bit for bit: the comparisons allow no error at all. */
    static final double EXACT = 0.0;

    /** A Java class name such as "java.io.EOFException" or "sod.io.Npz" leaking into a user's message. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jdk|sun|sod)\\.[a-z]+\\.|Exception\\b|\\bat [a-z]+\\.");

    private IoFixtures() {
    }

    static Path fixture(String relative) {
        URL url = IoFixtures.class.getResource("/io/" + relative);
        if (url == null) {
            throw new AssertionError("missing fixture io/" + relative + "; run src/test/resources/io/make_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Asserts the action fails with one line that names the file, contains each fragment and no Java
     * class name; returns the message.
     */
    static String assertOneLineError(Executable action, String fileName, String... fragments) {
        SodInputException e = assertThrows(SodInputException.class, action);
        String message = e.getMessage();
        assertOneLine(message, fileName);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
        }
        return message;
    }

    static void assertOneLine(String message, String fileName) {
        assertTrue(message.contains(fileName), "the message must name " + fileName + ": " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), "more than one line: " + message);
        assertFalse(CLASS_NAME.matcher(message).find(), "a Java class name in: " + message);
    }
}
