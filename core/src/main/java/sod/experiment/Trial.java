package sod.experiment;

/**
 * One trial of a success-rate sweep: a built-in problem of dimension n (and weight eps, for PMC),
 * solved by one variant from the start drawn from {@code seed}. Trials are the rows of trials.csv and
 * the unit of resuming.
 *
 * @param problem the built-in problem's name
 * @param eps     the PMC weight; NaN for problems without eps (written "-")
 */
public record Trial(String problem, int n, double eps, Variant variant, long seed) {
    /** The column of a problem without eps. */
    public static final String NO_EPS = "-";

    /** The first six columns of its trials.csv line; unique within a sweep. */
    public String key() {
        return problem + "," + n + "," + epsText(eps) + "," + variant.methodName() + "," + variant.escapeName() + "," + seed;
    }

    /** The cell of the table this trial counts in. */
    public Cell.Key cell() {
        return new Cell.Key(n, eps, variant);
    }

    static String epsText(double eps) {
        return Double.isNaN(eps) ? NO_EPS : Double.toString(eps);
    }

    static double parseEps(String text) {
        return text.equals(NO_EPS) ? Double.NaN : Double.parseDouble(text);
    }
}
