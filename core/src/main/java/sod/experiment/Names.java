package sod.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sod.SodInputException;
import sod.solver.SolverConfig;

/**
 * The command-line names of the solver's methods, local methods, escape modes and step rules, and the only place
 * that maps them: a name is the constant's name in lower case with '-' for '_' ({@code LINE_SEARCH}
 * is {@code line-search}), so a new constant is named, parsed and listed without touching this class.
 * Parsing ignores case, '-' and '_' ({@code linesearch}, {@code line_search}).
 */
public final class Names {
    private Names() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SolverConfig.Method method(String name) {
        return parse(SolverConfig.Method.values(), name, "--method");
    }

    public static SolverConfig.LocalMethod local(String name) {
        return parse(SolverConfig.LocalMethod.values(), name, "--local");
    }

    public static SolverConfig.EscapeMode escapeMode(String name) {
        return parse(SolverConfig.EscapeMode.values(), name, "--escape");
    }

    public static SolverConfig.StallKind stallRule(String name) {
        return parse(SolverConfig.StallKind.values(), name, "--stall");
    }

    /** fixed or armijo; {@code backtracking} is another name of armijo. */
    public static SolverConfig.StepRule stepRule(String name) {
        if (normal(name).equals("backtracking")) return SolverConfig.StepRule.ARMIJO;
        return parse(SolverConfig.StepRule.values(), name, "--step-rule");
    }

    /** The names of the constants, for a message: "a, b or c". */
    public static String choices(Enum<?>[] constants) {
        List<String> names = names(constants);
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The names of the constants, in order. */
    public static List<String> names(Enum<?>[] constants) {
        List<String> names = new ArrayList<>();
        for (Enum<?> c : constants) names.add(of(c));
        return names;
    }

    /** Whether {@code name} names one of the constants. */
    public static boolean names(Enum<?>[] constants, String name) {
        for (Enum<?> c : constants) if (normal(of(c)).equals(normal(name))) return true;
        return false;
    }

    private static <E extends Enum<E>> E parse(E[] constants, String name, String option) {
        for (E c : constants) if (normal(of(c)).equals(normal(name))) return c;
        throw new SodInputException("unknown " + option + " '" + name + "'; choose " + choices(constants));
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
