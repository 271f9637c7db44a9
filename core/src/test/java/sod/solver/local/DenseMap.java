package sod.solver.local;

/** A {@link LinearMap} over an explicit row-major matrix, counting its products. */
final class DenseMap implements LinearMap {
    private final double[] a;
    private final int n;
    int products;

    DenseMap(double[] a, int n) {
        this.a = a;
        this.n = n;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void apply(double[] in, double[] out) {
        products++;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i * n + j] * in[j];
            out[i] = s;
        }
    }

    /** {@code v^T A v}. */
    double quadratic(double[] v) {
        double[] av = new double[n];
        apply(v, av);
        products--;
        double s = 0;
        for (int i = 0; i < n; i++) s += v[i] * av[i];
        return s;
    }
}
