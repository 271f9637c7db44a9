package sod.experiment;

/**
 * One row of a sweep's table: the trials of one (n, eps, variant) that ran.
 *
 * @param eps NaN for problems without eps
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

    /** "gd", "sod (tpgd)": a series of bars. */
    public String seriesLabel() {
        return variant().label();
    }
}
