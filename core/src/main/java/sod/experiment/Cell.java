package sod.experiment;

/**
 * One row of a sweep's table: the trials of one (n, eps, variant) that ran; the key's eps is NaN for
 * problems without one.
 */
public record Cell(Key key, double successRate, int trials, double meanIterations, Stalls stalls, double meanSeconds) {

    /** Which trials a cell aggregates. */
    public record Key(int n, double eps, Variant variant) {
    }

    public int n() {
        return key.n();
    }

    public double eps() {
        return key.eps();
    }

    public Variant variant() {
        return key.variant();
    }

    /** eps as trials.csv writes it: "0.1", or "-" without eps. */
    public String epsText() {
        return Trial.epsText(eps());
    }

    /** "n=40 eps=0.1", or "n=20" without eps: a group of bars. */
    public String groupLabel() {
        return Double.isNaN(eps()) ? "n=" + n() : "n=" + n() + " eps=" + eps();
    }

    /** The successful trials (successRate is their exact quotient by trials). */
    public int successes() {
        return trials == 0 ? 0 : (int) Math.round(successRate * trials);
    }

    /** Lower end of the 95% Wilson score interval of the success rate; NaN without trials. */
    public double successLow95() {
        return wilson(successes(), trials, -1);
    }

    /** Upper end of the 95% Wilson score interval of the success rate; NaN without trials. */
    public double successHigh95() {
        return wilson(successes(), trials, +1);
    }

    /** z of a two-sided 95% interval: the 0.975 quantile of the standard normal. */
    private static final double Z95 = 1.959963984540054;

    /**
     * One end of the Wilson score interval. Unlike the normal approximation p +- z sqrt(p(1-p)/n) it
     * neither collapses to a point at 0 or n successes (a 50/50 cell still leaves [0.93, 1]) nor leaves [0, 1].
     */
    private static double wilson(int successes, int trials, int side) {
        if (trials == 0) return Double.NaN;
        // the ends at 0 and n successes are exactly 0 and 1; computed, they come out a few ulps off
        if (side < 0 && successes == 0) return 0;
        if (side > 0 && successes == trials) return 1;
        double n = trials, z2 = Z95 * Z95;
        double centre = (successes + z2 / 2) / (n + z2);
        double half = Z95 * Math.sqrt(successes * (n - successes) / n + z2 / 4) / (n + z2);
        return Math.min(1, Math.max(0, centre + side * half));
    }

    /** "gd", "sod (tpgd)": a series of bars. */
    public String seriesLabel() {
        return variant().label();
    }
}
