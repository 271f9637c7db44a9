package sod.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
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

    /** A .npy file with a hand-written header (raw bytes, so it may be invalid) of the given version. */
    static Path npyFile(Path file, int major, byte[] header, byte[] data) throws IOException {
        int prefix = major == 1 ? 10 : 12;
        ByteBuffer out = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) header.length);
        } else {
            out.putInt(header.length);
        }
        out.put(header).put(data);
        Files.write(file, out.array());
        return file;
    }

    static byte[] float64Bytes(double... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    static byte[] float32Bytes(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
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
