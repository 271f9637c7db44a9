package sod.problems;

import sod.operators.ExplicitOperator;

/**
 * The n = 2, m = 3, rank-1 counterexample with RIP constant 1/2 (spec section 6):
 * {@code A_1 = [[1,0],[0,1/2]]}, {@code A_2 = [[0, sqrt3/2],[sqrt3/2, 0]]},
 * {@code A_3 = [[0,0],[0, sqrt3/2]]}, {@code z = e_1}. It has a spurious local minimum at
 * {@code (0, 1/sqrt 2)} where gradient descent stalls.
 */
public final class Counterexample {

    /** The spurious local minimum (0, 1/sqrt 2). */
    public static final double[] SPURIOUS_POINT = {0.0, Math.sqrt(0.5)};

    private Counterexample() {
    }

    public static Problem create() {
        double s = Math.sqrt(3.0) / 2.0;
        double[][] a = {
                {1.0, 0.0, 0.0, 0.5},
                {0.0, s, s, 0.0},
                {0.0, 0.0, 0.0, s},
        };
        ExplicitOperator op = new ExplicitOperator(2, a);
        double[] z = {1.0, 0.0};
        double[] b = new double[3];
        op.measure(z, z, 1, b);
        return new Problem("counterexample(n=2, m=3)", op, b, 1, z, 1);
    }
}
