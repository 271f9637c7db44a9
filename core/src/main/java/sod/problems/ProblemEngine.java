package sod.problems;

import java.util.Map;
import java.util.ServiceLoader;
import sod.SodInputException;

/**
 * A problem whose operator runs on an external execution engine (the {@code sod-spark} module's
 * {@code spark}), found through {@link ServiceLoader} by name: what {@code sod solve --engine NAME} uses.
 * The single-machine path never looks one up, so it loads no engine classes.
 */
public interface ProblemEngine {

    /**
     * What the command line asks for.
     *
     * @param observed where the observations (i, j, value) are: a path or URI, as the engine reads it
     * @param n        the dimension, or 0 for the engine to take it from the data
     * @param rank     the search rank (>= 1)
     * @param options  engine settings (e.g. {@code master}), and the hints {@code method} and {@code local}
     *                 (the solver's method and local method, lower case)
     */
    record Request(String observed, int n, int rank, Map<String, String> options) {}

    /** The name {@code --engine} selects. */
    String name();

    /** Builds the problem (the caller closes it, which releases the engine's resources). */
    Problem observed(Request request);

    /**
     * The RIP constant SOD should use on {@code problem} (e.g. a setting of the engine's), or NaN for the
     * solver's own Monte-Carlo estimate, which on a distributed operator is thousands of passes.
     */
    default double ripConstant(Problem problem) {
        return Double.NaN;
    }

    /**
     * The engine of that name on the class path.
     *
     * @throws SodInputException when none is, saying how to build it
     */
    static ProblemEngine named(String name) {
        for (ProblemEngine e : ServiceLoader.load(ProblemEngine.class)) {
            if (e.name().equals(name)) return e;
        }
        throw new SodInputException("--engine " + name + ": no such engine on the class path; for spark build the sod-spark module"
                + " (scripts/test builds it, or: mvn install -DskipTests && cd spark && mvn package -DskipTests) and run through scripts/sod");
    }
}
