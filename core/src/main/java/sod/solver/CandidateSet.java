package sod.solver;

import sod.kernels.Factors;

/**
 * The candidate escape points of one attempt, typed: each is {@code Xhat + s d q^T} (added to the
 * stalled point) or Xhat with its weakest component {@code sigma_r v q^T} replaced by {@code s d q^T},
 * along one of the oracle directions d. Preallocated for a capacity; filling allocates nothing.
 */
final class CandidateSet {
    /** How a candidate is placed relative to Xhat: {@code + s d q^T}, a replaced component, or {@code + s D} (D n x r). */
    enum Placement { ADD, REPLACE, ADD_FACTOR }

    /** The direction d of a candidate. */
    enum Direction {
        /** u_n, the eigenvector of lambda_n (U = u_n q^T). */
        U,
        /** C q with C = H(P) Xhat, unnormalised (the multi-step gamma term's direction). */
        C,
        /** C q / ||C q||. */
        C_UNIT,
        /** The factor-space Hessian's most negative unit direction (n x r). */
        HESSIAN
    }

    /** Component index of candidates that move the whole factor (not one singular component). */
    static final int WHOLE_FACTOR = -1;

    private final Escape.Kind[] kind;
    private final Placement[] placement;
    private final Direction[] direction;
    private final String[] label;
    private final double[] coefficient, t, logNorm;
    private final int[] component, picks;
    private int count, pickCount;

    CandidateSet(int capacity) {
        kind = new Escape.Kind[capacity];
        placement = new Placement[capacity];
        direction = new Direction[capacity];
        label = new String[capacity];
        coefficient = new double[capacity];
        t = new double[capacity];
        logNorm = new double[capacity];
        component = new int[capacity];
        picks = new int[capacity];
    }

    int capacity() {
        return kind.length;
    }

    void clear() {
        count = 0;
        pickCount = 0;
    }

    /** Clears the picks (candidates are kept): the sources pick per component with {@link #pickSpread}. */
    void clearPicks() {
        pickCount = 0;
    }

    /**
     * Adds a candidate on singular component {@code component} of Xhat (0 = the weakest).
     *
     * @param logNorm log of the candidate's norm (TPGD), NaN for ray minimisers
     * @param t       lifted-GD step count (TPGD), NaN otherwise
     */
    void add(int component, Escape.Kind kind, Placement placement, Direction direction, String label, double coefficient,
             double t, double logNorm) {
        this.component[count] = component;
        this.kind[count] = kind;
        this.placement[count] = placement;
        this.direction[count] = direction;
        this.label[count] = label;
        this.coefficient[count] = coefficient;
        this.t[count] = t;
        this.logNorm[count] = logNorm;
        count++;
    }

    int count() {
        return count;
    }

    Escape.Kind kind(int i) {
        return kind[i];
    }

    double t(int i) {
        return t[i];
    }

    double logNorm(int i) {
        return logNorm[i];
    }

    /** The reported size of the move: the candidate's norm (TPGD) or the ray parameter s. */
    double scale(int i) {
        return Double.isNaN(logNorm[i]) ? coefficient[i] : Math.exp(logNorm[i]);
    }

    /** Picks every candidate for probing. */
    void pickAll() {
        for (int i = 0; i < count; i++) picks[i] = i;
        pickCount = count;
    }

    /**
     * Adds to the picks at most {@code max} of the candidates {@code from..count-1}, spread evenly over
     * them (the middle one when max is 1).
     */
    void pickSpread(int from, int max) {
        int k = count - from;
        if (k <= max) {
            for (int i = 0; i < k; i++) picks[pickCount++] = from + i;
        } else if (max == 1) {
            picks[pickCount++] = from + k / 2;
        } else {
            for (int i = 0; i < max; i++) picks[pickCount++] = from + (int) Math.round(i * (k - 1) / (double) (max - 1));
        }
    }

    int pickCount() {
        return pickCount;
    }

    int pick(int p) {
        return picks[p];
    }

    /** Writes candidate i into dst (n x r) from the stalled point xHat. */
    void build(int i, double[] xHat, StallGeometry g, EscapeDirections dirs, double[] dst) {
        int j = component[i];
        if (placement[i] == Placement.ADD_FACTOR) {
            double[] d = dirs.hessian;
            double s = coefficient[i];
            for (int e = 0; e < g.n * g.r; e++) dst[e] = xHat[e] + s * d[e];
            return;
        }
        double[] d = switch (direction[i]) {
            case U -> g.u;
            case C -> dirs.cq[j];
            case C_UNIT -> dirs.cUnit[j];
            case HESSIAN -> throw new IllegalStateException("the Hessian direction moves the whole factor");
        };
        if (placement[i] == Placement.ADD) Factors.addRankOne(xHat, g.n, g.r, coefficient[i], d, g.qs[j], dst);
        else Factors.replaceComponent(xHat, g.n, g.r, coefficient[i], d, g.sigmas[j], g.vs[j], g.qs[j], dst);
    }

    /** Drops the picks on other components than {@code j} (whole-factor picks stay), keeping the order of the rest. */
    void keepPicksOf(int j) {
        int kept = 0;
        for (int p = 0; p < pickCount; p++) {
            int c = component[picks[p]];
            if (c == j || c == WHOLE_FACTOR) picks[kept++] = picks[p];
        }
        pickCount = kept;
    }

    /** Adds candidate {@code count - 1} to the picks (a candidate every mode probes). */
    void pickLast() {
        picks[pickCount++] = count - 1;
    }

    int component(int i) {
        return component[i];
    }

    /** The public record of candidate i after its probe. */
    Escape.Candidate describe(int iteration, int i, double hAfterProbe) {
        return new Escape.Candidate(iteration, kind[i], label[i], t[i], scale(i), hAfterProbe);
    }
}
