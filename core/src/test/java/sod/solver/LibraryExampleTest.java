package sod.solver;

import org.junit.jupiter.api.Test;
import sod.problems.Pmc;
import sod.problems.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library example, kept compiling and working. */
class LibraryExampleTest {

    @Test
    void readmeExampleRecoversAndTheSolverIsReusable() {
        try (Problem problem = Pmc.create(80, 0.10, 1);
             Solver solver = new Solver(SolverConfig.defaults().withSeed(7), problem)) {
            Result result = solver.solve(problem);
            assertEquals(Result.Status.CONVERGED, result.status(), result.message());
            assertTrue(result.success());
            assertTrue(result.relativeDistance() < 1e-9, "recovered to the tolerances: " + result.relativeDistance());
            Result again = solver.solve(problem);
            assertEquals(result.h(), again.h(), 0.0, "same seed, same solver: bitwise the same");
            assertEquals(result.iterations(), again.iterations());
        }
    }
}
