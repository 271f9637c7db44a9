package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;
import sod.solver.SolverConfig.StepRule;

class NamesTest {
    @Test
    void theCommandLineNamesOfTheSpecAndTheHelp() {
        assertEquals("tpgd", Names.of(EscapeMode.TPGD));
        assertEquals("line-search", Names.of(EscapeMode.LINE_SEARCH));
        assertEquals("gd", Names.of(Method.GD));
        assertEquals("armijo", Names.of(StepRule.ARMIJO));
        assertEquals(EscapeMode.LINE_SEARCH, Names.escapeMode("linesearch"));
        assertEquals(EscapeMode.LINE_SEARCH, Names.escapeMode("LINE_SEARCH"));
        assertEquals(StepRule.ARMIJO, Names.stepRule("backtracking"));
        assertEquals(Method.SGD, Names.method("SGD"));
    }

    /** Every constant, including one added later, is named, parsed back and offered in the error. */
    @Test
    void everyConstantRoundTripsAndIsListed() {
        SodInputException e = assertThrows(SodInputException.class, () -> Names.escapeMode("newton"));
        for (EscapeMode mode : EscapeMode.values()) {
            assertEquals(mode, Names.escapeMode(Names.of(mode)));
            assertTrue(e.getMessage().contains(Names.of(mode)), e.getMessage());
        }
        for (Method m : Method.values()) assertEquals(m, Names.method(Names.of(m)));
        for (StepRule r : StepRule.values()) assertEquals(r, Names.stepRule(Names.of(r)));
        assertEquals("unknown --escape 'newton'; choose tpgd or line-search", e.getMessage());
        assertEquals("gd, sod, restarts, pgd or sgd", Names.choices(Method.values()));
        for (sod.solver.SolverConfig.LocalMethod l : sod.solver.SolverConfig.LocalMethod.values())
            assertEquals(l, Names.local(Names.of(l)));
        assertEquals("gd, lm, trust-region or scaled-gd", Names.choices(sod.solver.SolverConfig.LocalMethod.values()));
        SodInputException local = assertThrows(SodInputException.class, () -> Names.local("newton"));
        assertEquals("unknown --local 'newton'; choose gd, lm, trust-region or scaled-gd", local.getMessage());
    }
}
