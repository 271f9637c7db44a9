package sod.solver;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import sod.SodInputException;

class SolverConfigTest {

    @Test
    void defaultsAreTheReferenceSettingsOfSection7() {
        SolverConfig c = SolverConfig.defaults();
        assertEquals(SolverConfig.Method.SOD, c.method());
        assertEquals(SolverConfig.EscapeMode.TPGD, c.sod().escapeMode());
        assertEquals(0.005, c.descent().step());
        assertEquals(0.7, c.start().initScale());
        assertEquals(3000, c.stopping().maxIterations());
        assertTrue(Double.isNaN(c.stopping().targetDistance()), "no target: a truth only adds reported figures");
        assertEquals(0.05, SolverConfig.paper().stopping().targetDistance());
        assertEquals(11, c.sod().liftOrder());
        assertEquals(0.3, c.sod().rho());
        assertEquals(0.01, c.sod().eta());
        assertEquals(25, c.stall().checkInterval());
        assertEquals(1e-3, c.stall().tolerance());
        assertEquals(200, c.stall().window());
        assertEquals(200, c.stall().minIterations());
        assertEquals(121, c.sod().tCount());
        assertEquals(1, c.sod().tMin());
        assertEquals(1e12, c.sod().tMax());
        assertEquals(1, c.sod().normWindowLow());
        assertEquals(3, c.sod().normWindowHigh());
        assertEquals(100, c.sod().probeSteps());
        assertTrue(Double.isNaN(c.sod().delta()));
        assertEquals(5000, c.sod().deltaSamples());
    }

    @Test
    void badValuesAreRejectedWithTheParameterName() {
        assertBad("step", () -> SolverConfig.builder().step(0).build());
        assertBad("step", () -> SolverConfig.builder().step(Double.NaN).build());
        assertBad("liftOrder", () -> SolverConfig.builder().liftOrder(4).build());
        assertBad("liftOrder", () -> SolverConfig.builder().liftOrder(0).build());
        assertBad("rho", () -> SolverConfig.builder().rho(-1).build());
        assertBad("eta", () -> SolverConfig.builder().eta(0).build());
        assertBad("tMax", () -> SolverConfig.builder().tGrid(10, 100, 10).build());
        assertBad("tMin", () -> SolverConfig.builder().tGrid(10, 0.5, 10).build());
        assertBad("normWindowHigh", () -> SolverConfig.builder().normWindow(3, 1).build());
        assertBad("stallWindow", () -> SolverConfig.builder().stallWindow(0).build());
        assertBad("delta", () -> SolverConfig.builder().delta(-0.1).build());
        assertBad("initialX", () -> SolverConfig.builder().initialX(new double[] {1, Double.NaN}).build());
        assertBad("targetDistance", () -> SolverConfig.builder().targetDistance(0).build());
        assertBad("timeBudgetSeconds", () -> SolverConfig.builder().timeBudgetSeconds(0).build());
    }

    private static void assertBad(String name, org.junit.jupiter.api.function.Executable e) {
        SodInputException ex = assertThrows(SodInputException.class, e);
        assertTrue(ex.getMessage().contains(name), ex.getMessage());
    }

    @Test
    void configIsImmutableAndRoundTripsThroughItsBuilder() {
        double[] x0 = {1, 2};
        SolverConfig c = SolverConfig.builder().initialX(x0).liftOrder(3).build();
        x0[0] = 99;
        assertEquals(1, c.start().initialX()[0]);
        c.start().initialX()[0] = 42;
        assertEquals(1, c.start().initialX()[0]);
        assertEquals(c, c.toBuilder().build());
        assertEquals(5, c.withSeed(5).start().seed());
        assertEquals(0.25, c.withDelta(0.25).sod().delta());
    }
}
