package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, chosen once per JVM from the system property
 * {@code sod.vector.bits} (512, 256 or 128; default: the platform's preferred width).
 *
 * <p>The species are {@code static final} so that C2 treats them as constants: a species passed as a
 * parameter defeats intrinsification (measured 40x slower, the vectors get boxed). To run the kernels
 * at another width, start a new JVM with another property value.
 */
public final class VectorShapes {

    /** Doubles: the accumulation and float64 storage species. */
    public static final VectorSpecies<Double> F64;

    /**
     * Floats with the same lane count as {@link #F64} (half its bit size), so that one float32 load
     * converts into exactly one double vector.
     */
    public static final VectorSpecies<Float> F32_HALF;

    /**
     * Exactly four double lanes (256 bits) whatever {@code sod.vector.bits} says: the sparse row
     * kernels ({@link SparseUpperKernels}, {@link SparseLowerKernels}) are written for four lanes. They
     * hold a row's sums in up to three such vectors plus three scalars and reduce a vector as
     * {@code (l0 + l1) + (l2 + l3)}, so another width would need another register layout.
     */
    public static final VectorSpecies<Double> F64_FOUR_LANES = DoubleVector.SPECIES_256;

    /** The vector width in bits actually in use (by every kernel except the four-lane ones above). */
    public static final int BITS;

    static {
        int bits;
        try {
            bits = VectorBits.requested();
        } catch (sod.SodInputException e) {
            // the tool checks the property first; a library caller sees this error with its cause
            throw new ExceptionInInitializerError(e);
        }
        BITS = bits;
        F64 = DoubleVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(bits));
        F32_HALF = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(bits / 2));
    }

    private VectorShapes() {
    }
}
