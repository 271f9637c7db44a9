package sod.problems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.problems.Outliers.Distribution;

class OutliersTest {

    static double[] ramp(int m) {
        double[] b = new double[m];
        for (int i = 0; i < m; i++) b[i] = Math.sin(i + 1); // no zero entries
        return b;
    }

    @Test
    void corruptsExactlyTheRoundedFractionWithTheRequestedMagnitude() {
        double[] b = ramp(1000);
        double rms = 0;
        for (double v : b) rms += v * v;
        rms = Math.sqrt(rms / b.length);
        for (Distribution d : Distribution.values()) {
            double[] c = Outliers.corrupt(b, 0.2, d, 10, 7);
            int changed = 0;
            double maxShift = 0, sumShift = 0;
            for (int i = 0; i < b.length; i++) {
                double s = c[i] - b[i];
                if (s != 0) changed++;
                maxShift = Math.max(maxShift, Math.abs(s));
                sumShift += s;
                if (d == Distribution.CONSTANT && s != 0) assertEquals(10 * rms, s, 1e-12);
                if (d == Distribution.UNIFORM) assertTrue(Math.abs(s) <= 10 * rms);
            }
            assertEquals(200, changed, d.name());
            if (d == Distribution.GAUSSIAN) assertTrue(maxShift > 10 * rms, "gaussian tail: " + maxShift);
            if (d != Distribution.CONSTANT) assertTrue(Math.abs(sumShift / 200) < 3 * rms, "roughly centred: " + sumShift);
        }
    }

    @Test
    void seededAndInputUnchanged() {
        double[] b = ramp(50), copy = b.clone();
        assertArrayEquals(Outliers.corrupt(b, 0.3, Distribution.GAUSSIAN, 5, 1), Outliers.corrupt(b, 0.3, Distribution.GAUSSIAN, 5, 1));
        assertTrue(!java.util.Arrays.equals(Outliers.corrupt(b, 0.3, Distribution.GAUSSIAN, 5, 1),
                Outliers.corrupt(b, 0.3, Distribution.GAUSSIAN, 5, 2)));
        assertArrayEquals(copy, b);
        assertArrayEquals(b, Outliers.corrupt(b, 0, Distribution.GAUSSIAN, 5, 1));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(SodInputException.class, () -> Outliers.corrupt(ramp(5), 1.0, Distribution.UNIFORM, 1, 0));
        assertThrows(SodInputException.class, () -> Outliers.corrupt(ramp(5), -0.1, Distribution.UNIFORM, 1, 0));
        assertThrows(SodInputException.class, () -> Outliers.corrupt(ramp(5), 0.1, Distribution.UNIFORM, Double.NaN, 0));
        assertThrows(SodInputException.class, () -> Distribution.parse("cauchy"));
    }
}
