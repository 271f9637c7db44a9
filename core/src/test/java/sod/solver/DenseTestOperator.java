package sod.solver;

import sod.operators.SensingOperator;
import sod.problems.Problem;

/** Test-scope reference operator: explicit dense symmetric A_i, computed the obvious way. */
final class DenseTestOperator implements SensingOperator {
    final int n;
    final double[][] a;

    DenseTestOperator(int n, double[][] a) {
        this.n = n;
        this.a = a;
    }

    @Override public int n() { return n; }
    @Override public int m() { return a.length; }
    @Override public int threads() { return 1; }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        for (int t = 0; t < a.length; t++) {
            double s = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double uv = 0;
                    for (int c = 0; c < k; c++) uv += u[i * k + c] * v[j * k + c];
                    s += a[t][i * n + j] * uv;
                }
            out[t] = s;
        }
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        java.util.Arrays.fill(g, 0, n * n, 0);
        for (int t = 0; t < a.length; t++)
            for (int i = 0; i < n * n; i++) g[i] += y[t] * a[t][i];
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        double[] g = new double[n * n];
        adjoint(y, g);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += g[i * n + j] * v[j * k + c];
                out[i * k + c] = s;
            }
    }

    @Override public long bytesPerIteration(int r) { return 0; }
    @Override public double flopsPerIteration(int r) { return 0; }
    @Override public void close() {}

    static double[] times(double[] m, double s) {
        double[] o = m.clone();
        for (int i = 0; i < o.length; i++) o[i] *= s;
        return o;
    }

    /** Spec section 6 counterexample. */
    static Problem counterexample() {
        double h = Math.sqrt(3) / 2;
        double[][] a = {{1, 0, 0, 0.5}, {0, h, h, 0}, {0, 0, 0, h}};
        return problem("counterexample", new DenseTestOperator(2, a), new double[] {1, 0}, 1);
    }

    /** Spec section 6 PMC(n, eps): A_(i,j) = W_ij (E_ij + E_ji) / 2, W = 1 on Omega, eps off it. */
    static Problem pmc(int n, double eps) {
        double[][] a = new double[n * n][];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                boolean observed = i == j || i % 2 == 1 || j % 2 == 1; // even 1-based = odd 0-based
                double w = observed ? 1 : eps;
                double[] m = new double[n * n];
                m[i * n + j] += w / 2;
                m[j * n + i] += w / 2;
                a[i * n + j] = m;
            }
        double[] z = new double[n];
        for (int i = 0; i < n; i += 2) z[i] = 1;
        return problem("pmc", new DenseTestOperator(n, a), z, 1);
    }

    static Problem problem(String name, DenseTestOperator op, double[] z, int k) {
        double[] b = new double[op.m()];
        op.measure(z, z, k, b);
        return new Problem(name, op, b, k, z, k);
    }

    /** h(X) by the definition. */
    static double h(Problem p, double[] x) {
        double[] res = new double[p.m()];
        p.operator().measure(x, x, p.rank(), res);
        double s = 0;
        for (int i = 0; i < res.length; i++) s += (res[i] - p.b()[i]) * (res[i] - p.b()[i]);
        return 0.5 * s;
    }
}
