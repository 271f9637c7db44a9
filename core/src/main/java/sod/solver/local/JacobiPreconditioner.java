package sod.solver.local;

import sod.SodInputException;

/**
 * The diagonal preconditioner {@code M = diag(B) + shift I} for {@code (B + shift I) d = rhs}. A
 * diagonal entry of a positive semidefinite B can be 0 (an unknown B does not see, e.g. a row of the
 * factor that no measurement touches); such entries, and any below {@value #RELATIVE_FLOOR} times the
 * largest, are raised to that floor so that M stays positive definite and bounded.
 */
public final class JacobiPreconditioner implements Preconditioner {
    static final double RELATIVE_FLOOR = 1e-12;

    private final double[] inverse;
    private int size;

    public JacobiPreconditioner(int maxSize) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
        inverse = new double[maxSize];
    }

    /** Sets M from the diagonal of B (length at least size) and the shift. */
    public void set(double[] diagonal, int size, double shift) {
        if (size < 1 || size > inverse.length)
            throw new IllegalArgumentException("size must be in [1, " + inverse.length + "], got " + size);
        if (!(shift >= 0) || !Double.isFinite(shift))
            throw new SodInputException("jacobi preconditioner: shift must be a finite value >= 0, got " + shift);
        double max = 0;
        for (int i = 0; i < size; i++) {
            double d = diagonal[i] + shift;
            if (!Double.isFinite(d))
                throw new SodInputException("jacobi preconditioner: diagonal entry " + i + " is " + diagonal[i]
                        + "; the matrix must be finite");
            max = Math.max(max, d);
        }
        double floor = max > 0 ? RELATIVE_FLOOR * max : 1;
        for (int i = 0; i < size; i++) inverse[i] = 1 / Math.max(diagonal[i] + shift, floor);
        this.size = size;
    }

    @Override
    public void apply(double[] residual, double[] out, int n) {
        if (n != size) throw new IllegalStateException("preconditioner set for size " + size + ", applied at " + n);
        for (int i = 0; i < n; i++) out[i] = inverse[i] * residual[i];
    }
}
