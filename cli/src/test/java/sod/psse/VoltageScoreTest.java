package sod.psse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sod.io.Npy;

/**
 * The Java scorer against numbers that {@code examples/psse/score.py --json} printed on the committed
 * 14-bus fixture (2026-12-01): the flat start, and a perturbed truth
 * {@code y = x*(1 + 0.01 sin k) - 0.003 cos k} (k = 0..n-1, saved with NumPy) and its negation (the sign fix).
 */
class VoltageScoreTest {
    static final Path CASE14 = Path.of("../core/src/test/resources/psse/case14");

    @Test
    void matchesThePythonScorer() throws IOException {
        VoltageScore.Grid grid = VoltageScore.Grid.of(CASE14);
        assertEquals(14, grid.buses());
        double[] truth = Npy.readDoubles(CASE14.resolve("x_true.npy"), 27, 1);
        VoltageScore flat = VoltageScore.of(grid, Npy.readDoubles(CASE14.resolve("x_flat.npy"), 27, 1), truth);
        assertEquals(0.09110023225808335, flat.relative(), 1e-15);
        assertEquals(0.2247629745764222, flat.worstBus(), 1e-15);
        double[] y = new double[27], minus = new double[27];
        for (int k = 0; k < 27; k++) {
            y[k] = truth[k] * (1 + 0.01 * Math.sin(k)) - 0.003 * Math.cos(k);
            minus[k] = -y[k];
        }
        for (double[] x : new double[][] {y, minus}) {
            VoltageScore s = VoltageScore.of(grid, x, truth);
            assertEquals(0.007287361311407938, s.relative(), 1e-15);
            assertEquals(0.010763997308209278, s.worstBus(), 1e-15);
        }
        assertEquals(0.0, VoltageScore.of(grid, truth, truth).relative());
    }
}
