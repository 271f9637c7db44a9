package sod.experiment;

import sod.SodInputException;
import sod.solver.SolverConfig;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.LocalMethod;
import sod.solver.SolverConfig.Method;

/**
 * What a trial runs: a method, for GD+SOD its escape mode, and the local method between stalls.
 *
 * <p>The local method is part of the method's column in trials.csv and the tables, so that files of
 * gradient-descent sweeps read as before: {@code gd}, {@code sod}, {@code restarts} for gradient descent;
 * {@code lm}, {@code lm+sod}, {@code trust-region+restarts} for another local method ({@code lm} alone is
 * Levenberg-Marquardt without escapes).
 *
 * @param escape the escape mode of {@link Method#SOD}; null for every other method
 * @param local  the local method
 */
public record Variant(Method method, EscapeMode escape, LocalMethod local) {
    /** The escape column of a method without escapes. */
    public static final String NO_ESCAPE = "-";

    public Variant {
        if (method == null || local == null) throw new IllegalArgumentException("a variant needs a method and a local method");
        if ((method == Method.SOD) != (escape != null)) {
            throw new IllegalArgumentException("an escape mode goes with method SOD and only with it: " + method + ", " + escape);
        }
    }

    /** A method without escapes, under gradient descent. */
    public static Variant of(Method method) {
        return new Variant(method, null, LocalMethod.GD);
    }

    /** GD+SOD with this escape mode. */
    public static Variant sod(EscapeMode escape) {
        return new Variant(Method.SOD, escape, LocalMethod.GD);
    }

    /** This variant under another local method. */
    public Variant under(LocalMethod l) {
        return new Variant(method, escape, l);
    }

    /** {@code gd}, {@code sod}, {@code lm}, {@code lm+sod}, ...: the method column. */
    public String methodName() {
        if (local == LocalMethod.GD) return Names.of(method);
        return method == Method.GD ? Names.of(local) : Names.of(local) + "+" + Names.of(method);
    }

    /** {@code tpgd}, {@code line-search}, or {@link #NO_ESCAPE}. */
    public String escapeName() {
        return escape == null ? NO_ESCAPE : Names.of(escape);
    }

    /** The variant in the columns of trials.csv. */
    public static Variant parse(String method, String escape) {
        int plus = method.indexOf('+');
        LocalMethod l = LocalMethod.GD;
        Method m;
        if (plus >= 0) {
            l = Names.local(method.substring(0, plus));
            m = Names.method(method.substring(plus + 1));
        } else if (!Names.names(Method.values(), method) && Names.names(LocalMethod.values(), method)) {
            l = Names.local(method);
            m = Method.GD;
        } else {
            m = Names.method(method);
        }
        if (l == LocalMethod.GD && plus >= 0) throw new SodInputException("method '" + method + "': write gd methods without 'gd+'");
        return new Variant(m, m == Method.SOD ? Names.escapeMode(escape) : null, l);
    }

    /** The base settings with this variant's method, escape mode and local method. */
    SolverConfig.Builder applyTo(SolverConfig.Builder b) {
        b.method(method).local(local);
        if (escape != null) b.escapeMode(escape);
        return b;
    }

    /** "gd", "sod (tpgd)", "lm+sod (tpgd)": a series of a chart or a column of a table. */
    public String label() {
        return escape == null ? methodName() : methodName() + " (" + escapeName() + ")";
    }
}
