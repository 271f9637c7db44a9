package sod.solver.local;

/** The few vector kernels of the iterative solvers, in plain loops with a fixed summation order. */
final class Vectors {
    private Vectors() {}

    static double dot(double[] u, double[] v, int size) {
        double s = 0;
        for (int i = 0; i < size; i++) s += u[i] * v[i];
        return s;
    }

    static double norm(double[] v, int size) {
        return Math.sqrt(dot(v, v, size));
    }

    /** {@code y += alpha x}. */
    static void axpy(double alpha, double[] x, double[] y, int size) {
        for (int i = 0; i < size; i++) y[i] += alpha * x[i];
    }
}
