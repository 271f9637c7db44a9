package sod.solver;

import sod.kernels.Factors;

/**
 * The candidate escape points of one attempt, typed: each is {@code Xhat + s d q^T} (added to the
 * stalled point) or Xhat with its weakest component {@code sigma_r v q^T} replaced by {@code s d q^T},
 * along one of the oracle directions d. Preallocated for a capacity; filling allocates nothing.
 */
final class CandidateSet {
    /** How a candidate is placed relative to Xhat. */
    enum Placement { ADD, REPLACE }

    /** The direction d of a candidate. */
    enum Direction {
        /** u_n, the eigenvector of lambda_n (U = u_n q^T). */
        U,
        /** C q with C = H(P) Xhat, unnormalised (the multi-step gamma term's direction). */
        C,
        /** C q / ||C q||. */
        C_UNIT
    }

    private final Escape.Kind[] kind;
    private final Placement[] placement;
    private final Direction[] direction;
    private final String[] label;
    private final double[] coefficient, t, logNorm;
    private final int[] picks;
    private int count, pickCount;

    CandidateSet(int capacity) {
        kind = new Escape.Kind[capacity];
        placement = new Placement[capacity];
        direction = new Direction[capacity];
        label = new String[capacity];
        coefficient = new double[capacity];
        t = new double[capacity];
        logNorm = new double[capacity];
        picks = new int[capacity];
    }

    int capacity() {
        return kind.length;
    }

    void clear() {
        count = 0;
        pickCount = 0;
    }

    /**
     * Adds a candidate.
     *
     * @param logNorm log of the candidate's norm (TPGD), NaN for ray minimisers
     * @param t       lifted-GD step count (TPGD), NaN otherwise
     */
    void add(Escape.Kind kind, Placement placement, Direction direction, String label, double coefficient, double t,
             double logNorm) {
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

    /** Picks at most {@code max} candidates spread evenly over all of them (the middle one when max is 1). */
    void pickSpread(int max) {
        if (count <= max) {
            pickAll();
        } else if (max == 1) {
            picks[0] = count / 2;
            pickCount = 1;
        } else {
            for (int i = 0; i < max; i++) picks[i] = (int) Math.round(i * (count - 1) / (double) (max - 1));
            pickCount = max;
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
        double[] d = switch (direction[i]) {
            case U -> g.u;
            case C -> dirs.cq;
            case C_UNIT -> dirs.cUnit;
        };
        if (placement[i] == Placement.ADD) Factors.addRankOne(xHat, g.n, g.r, coefficient[i], d, g.q, dst);
        else Factors.replaceComponent(xHat, g.n, g.r, coefficient[i], d, g.sigmaR, g.v, g.q, dst);
    }

    /** The public record of candidate i after its probe. */
    Escape.Candidate describe(int iteration, int i, double hAfterProbe) {
        return new Escape.Candidate(iteration, kind[i], label[i], t[i], scale(i), hAfterProbe);
    }
}
