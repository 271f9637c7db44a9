package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import sod.SodInputException;

/**
 * The vector width {@link VectorShapes} uses: system property {@code sod.vector.bits} (128, 256 or
 * 512), else the platform's preferred width. Kept apart from {@link VectorShapes} so that a bad value
 * can be reported as bad input (one line, exit 2) before any kernel class is initialised: a failure
 * inside a static initialiser can only surface as an {@link ExceptionInInitializerError}.
 */
public final class VectorBits {
    public static final String PROPERTY = "sod.vector.bits";

    private VectorBits() {
    }

    /**
     * The width requested by the property, or the preferred one.
     *
     * @throws SodInputException when the property is set to anything but 128, 256 or 512
     */
    public static int requested() {
        int preferred = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) return preferred;
        int bits;
        try {
            bits = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new SodInputException("-D" + PROPERTY + "=" + value + ": is not one of 128, 256, 512; remove it to use"
                    + " the preferred width " + preferred);
        }
        return bits;
    }
}
