package sod.experiment;

import sod.solver.SolverConfig;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

/**
 * What a trial runs: a method and, for GD+SOD only, its escape mode.
 *
 * @param escape the escape mode of {@link Method#SOD}; null for every other method
 */
public record Variant(Method method, EscapeMode escape) {
    /** The escape column of a method without escapes. */
    public static final String NO_ESCAPE = "-";

    public Variant {
        if (method == null) throw new IllegalArgumentException("a variant needs a method");
        if ((method == Method.SOD) != (escape != null)) {
            throw new IllegalArgumentException("an escape mode goes with method SOD and only with it: " + method + ", " + escape);
        }
    }

    public static Variant of(Method method) {
        return new Variant(method, null);
    }

    public static Variant sod(EscapeMode escape) {
        return new Variant(Method.SOD, escape);
    }

    /** {@code gd}, {@code sod}, ... */
    public String methodName() {
        return Names.of(method);
    }

    /** {@code tpgd}, {@code line-search}, or {@link #NO_ESCAPE}. */
    public String escapeName() {
        return escape == null ? NO_ESCAPE : Names.of(escape);
    }

    /** The variant in the columns of trials.csv. */
    public static Variant parse(String method, String escape) {
        Method m = Names.method(method);
        return m == Method.SOD ? sod(Names.escapeMode(escape)) : of(m);
    }

    /** The base settings with this variant's method and escape mode. */
    SolverConfig.Builder applyTo(SolverConfig.Builder b) {
        b.method(method);
        if (escape != null) b.escapeMode(escape);
        return b;
    }

    /** "gd", "sod (tpgd)": a series of a chart or a column of a table. */
    public String label() {
        return escape == null ? methodName() : methodName() + " (" + escapeName() + ")";
    }
}
