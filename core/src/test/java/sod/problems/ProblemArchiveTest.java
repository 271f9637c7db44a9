package sod.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.operators.DenseSymmetricOperator;
import sod.operators.Precision;

/**
 * {@code --problem-file} archives written by NumPy ({@code src/test/resources/problems/make_archives.py}):
 * A as (m, n*n) in Fortran order, b as (m, 1), M*, X0 and int32 weights; and float32 A with a rank-2 factor.
 */
class ProblemArchiveTest {
    static final Path DIR = Path.of("src/test/resources/problems");
    /** 1/2 sum w_i (<A_i, X0 X0^T> - b_i)^2 as NumPy computed it (make_archives.py). */
    static final double H0 = 116.13070574749558;

    @Test
    void weightedArchiveReproducesNumPysObjectiveAtX0() {
        List<String> notes = new ArrayList<>();
        ProblemArchive.Loaded loaded = ProblemArchive.read(DIR.resolve("weighted.npz"), FileOptions.of(0, 1).withNotes(notes::add));
        try (Problem p = loaded.problem()) {
            assertEquals(4, p.n());
            assertEquals(30, p.m());
            assertEquals(1, p.rank(), "rank 1 from M* = z z^T");
            assertEquals(1, p.truthRank());
            double[] x0 = loaded.x0For(1);
            double[] residual = new double[30], grad = new double[4];
            double h = p.operator().residualAndGradient(x0, 1, p.b(), residual, grad);
            assertClose(H0, h, 1e-12, 0, "h(X0) with the weights");
            double hTruth = p.operator().residualAndGradient(p.truth(), 1, p.b(), residual, grad);
            assertTrue(hTruth < 1e-20 * H0, "the factor of M* fits the data: h = " + hTruth);
            assertThrows(SodInputException.class, () -> loaded.x0For(2));
        }
        String all = String.join("\n", notes);
        assertTrue(all.contains("holds int32; its values are read as float64"), all);
        assertTrue(all.contains("[h0] are not part of a problem and are ignored"), all);
        assertTrue(all.contains("read as M*"), all);
    }

    @Test
    void float32ArchiveStaysFloat32UnlessAskedAndTheFactorIsRankTwo() {
        for (Precision asked : new Precision[] {null, Precision.FLOAT64}) {
            ProblemArchive.Loaded loaded = ProblemArchive.read(DIR.resolve("float32.npz"), FileOptions.of(0, 1).withPrecision(asked));
            try (Problem p = loaded.problem()) {
                assertNull(loaded.x0For(2));
                assertEquals(2, p.rank());
                DenseSymmetricOperator op = (DenseSymmetricOperator) p.operator();
                assertEquals(asked == null ? Precision.FLOAT32 : Precision.FLOAT64, op.precision());
                double[] residual = new double[p.m()], grad = new double[p.n() * 2];
                // b was computed from the float32 values widened: both storages hold exactly those values
                double h = op.residualAndGradient(p.truth(), 2, p.b(), residual, grad);
                double bb = 0;
                for (double v : p.b()) bb += v * v;
                assertTrue(h < 1e-24 * bb, "h at the truth " + h);
            }
        }
    }

    @Test
    void conflictingInputsAreRefused() {
        SodInputException e = assertThrows(SodInputException.class,
                () -> ProblemArchive.read(DIR.resolve("weighted.npz"), FileOptions.of(0, 1).withNormalize(true)));
        assertTrue(e.getMessage().contains("holds weights 'w' and --normalize"), e.getMessage());
        SodInputException missing = assertThrows(SodInputException.class,
                () -> ProblemArchive.read(Path.of("src/test/resources/psse/case14/A.npz"), FileOptions.of(1, 1)));
        assertTrue(missing.getMessage().contains("has no array 'A'"), missing.getMessage());
    }
}
