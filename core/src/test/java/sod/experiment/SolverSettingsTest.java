package sod.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sod.SodInputException;
import sod.problems.BuiltInProblems;
import sod.problems.SolverDefaults;
import sod.solver.SolverConfig;
import sod.solver.SolverConfig.StepRule;

/** The per-problem defaults as the help of {@code sod solve} states them, and the user's settings on top. */
class SolverSettingsTest {
    static SolverConfig config(String problem, SolverSettings s) {
        return s.builder(BuiltInProblems.named(problem).solverDefaults()).build();
    }

    @Test
    void pmcAndTheCounterexampleRunThePapersSettingsOthersAdapt() {
        for (String p : new String[] {"pmc", "counterexample"}) {
            SolverConfig c = config(p, SolverSettings.NONE);
            assertEquals(StepRule.FIXED, c.descent().stepRule(), p);
            assertEquals(0.005, c.descent().step(), p); // spec section 7
            assertEquals(0.7, c.start().initScale(), p);
            assertEquals(3000, c.stopping().maxIterations(), p);
        }
        for (String p : new String[] {"gaussian", "rank-one", "completion"}) {
            SolverConfig c = config(p, SolverSettings.NONE);
            assertEquals(StepRule.ARMIJO, c.descent().stepRule(), p);
            assertEquals(1000, c.descent().step(), p);
            assertEquals(0.01, c.start().initScale(), p);
        }
        assertEquals(SolverDefaults.ADAPTIVE, BuiltInProblems.named("gaussian").solverDefaults());
    }

    @Test
    void givenSettingsWinAndAnOtherRuleTakesItsOwnStep() {
        SolverConfig fixedGaussian = config("gaussian", new SolverSettings(StepRule.FIXED, null, null, null, null));
        assertEquals(StepRule.FIXED, fixedGaussian.descent().stepRule());
        assertEquals(0.005, fixedGaussian.descent().step());
        assertEquals(0.01, fixedGaussian.start().initScale());
        SolverConfig armijoPmc = config("pmc", new SolverSettings(StepRule.ARMIJO, null, null, null, null));
        assertEquals(StepRule.ARMIJO, armijoPmc.descent().stepRule());
        assertEquals(0.005, armijoPmc.descent().step());
        SolverConfig all = config("pmc", new SolverSettings(null, 0.02, 17, 5.0, 0.3));
        assertEquals(0.02, all.descent().step());
        assertEquals(17, all.stopping().maxIterations());
        assertEquals(5.0, all.stopping().timeBudgetSeconds());
        assertEquals(0.3, all.start().initScale());
    }

    @Test
    void badSettingsAreOneLineErrorsNamingTheOption() {
        assertEquals("--step must be a finite value > 0, got -1.0; try 0.005",
                assertThrows(SodInputException.class, () -> new SolverSettings(null, -1.0, null, null, null)).getMessage());
        assertThrows(SodInputException.class, () -> new SolverSettings(null, null, -1, null, null));
        assertThrows(SodInputException.class, () -> new SolverSettings(null, null, null, 0.0, null));
        assertThrows(SodInputException.class, () -> new SolverSettings(null, null, null, null, Double.NaN));
    }
}
