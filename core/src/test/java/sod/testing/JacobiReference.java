package sod.testing;

/** Test-scope cyclic Jacobi eigensolver: the independent reference for symmetric eigenproblems. */
public final class JacobiReference {
    private JacobiReference() {}

    /** Ascending eigenvalues into values, eigenvectors as columns of vectors (n x n row-major). */
    public static void decompose(double[] a, int n, double[] values, double[] vectors) {
        double[] m = a.clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
            if (off < 1e-32) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) continue;
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = theta == 0 ? 1 : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double x = m[k * n + p], y = m[k * n + q];
                        m[k * n + p] = c * x - s * y;
                        m[k * n + q] = s * x + c * y;
                    }
                    for (int k = 0; k < n; k++) {
                        double x = m[p * n + k], y = m[q * n + k];
                        m[p * n + k] = c * x - s * y;
                        m[q * n + k] = s * x + c * y;
                    }
                    for (int k = 0; k < n; k++) {
                        double x = v[k * n + p], y = v[k * n + q];
                        v[k * n + p] = c * x - s * y;
                        v[k * n + q] = s * x + c * y;
                    }
                }
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(m[x * n + x], m[y * n + y]));
        for (int j = 0; j < n; j++) {
            values[j] = m[idx[j] * n + idx[j]];
            for (int i = 0; i < n; i++) vectors[i * n + j] = v[i * n + idx[j]];
        }
    }

    /** Ascending eigenvalues of the symmetric row-major n x n matrix (not modified). */
    public static double[] eigenvalues(double[] a, int n) {
        double[] values = new double[n];
        decompose(a, n, values, new double[n * n]);
        return values;
    }
}
