package sod.kernels;

/**
 * Stateless algebra on factors: X is n x r, row-major ({@code x[i * r + a]}). These loops are O(n r) or
 * O(n r^2) against the operator's O(m) passes, so they stay scalar; their operation order is fixed,
 * which keeps every caller's results bitwise reproducible.
 */
public final class Factors {
    private Factors() {}

    /** ||a[0..len)||_2, without overflow or underflow (a scaled second pass only when the plain sum leaves range). */
    public static double norm(double[] a, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += a[i] * a[i];
        if (s < Double.POSITIVE_INFINITY && (s >= Double.MIN_NORMAL || s == 0)) return Math.sqrt(s);
        return scaledNorm(a, len);
    }

    /** ||a||_2 of the whole array. */
    public static double norm(double[] a) {
        return norm(a, a.length);
    }

    /** max_i |a_i| over a[0..len). */
    public static double maxAbs(double[] a, int len) {
        double max = 0;
        for (int i = 0; i < len; i++) max = Math.max(max, Math.abs(a[i]));
        return max;
    }

    private static double scaledNorm(double[] a, int len) {
        double max = maxAbs(a, len);
        if (max == 0 || !Double.isFinite(max)) return max;
        double s = 0;
        for (int i = 0; i < len; i++) {
            double v = a[i] / max;
            s += v * v;
        }
        return max * Math.sqrt(s);
    }

    /** The r x r Gram matrix {@code X^T X} (both triangles) into {@code out}. */
    public static void gram(double[] x, int n, int r, double[] out) {
        for (int a = 0; a < r; a++)
            for (int c = a; c < r; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i * r + a] * x[i * r + c];
                out[a * r + c] = s;
                out[c * r + a] = s;
            }
    }

    /** {@code ||X X^T||_F^2 = ||X^T X||_F^2}, from the upper triangle of the Gram matrix. */
    public static double gramSquaredNorm(double[] x, int n, int r) {
        double sq = 0;
        for (int a = 0; a < r; a++)
            for (int c = a; c < r; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[i * r + a] * x[i * r + c];
                sq += (a == c ? 1 : 2) * s * s;
            }
        return sq;
    }

    /**
     * {@code ||X X^T - Z Z^T||_F} in O(n (r + rz)^2) as {@code sqrt(||X^T X||^2 - 2 ||Z^T X||^2 + ||Z^T Z||^2)},
     * with {@code zzSquared = gramSquaredNorm(z, n, rz)} computed once by the caller.
     */
    public static double distance(double[] x, int n, int r, double[] z, int rz, double zzSquared) {
        double xx = gramSquaredNorm(x, n, r);
        double zx = 0;
        for (int a = 0; a < rz; a++)
            for (int c = 0; c < r; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += z[i * rz + a] * x[i * r + c];
                zx += s * s;
            }
        return Math.sqrt(Math.max(xx - 2 * zx + zzSquared, 0));
    }

    /** {@code out = X q} (length n) for q of length r. */
    public static void times(double[] x, int n, int r, double[] q, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < r; a++) s += x[i * r + a] * q[a];
            out[i] = s;
        }
    }

    /** {@code out = base + s u q^T}; out may be base. */
    public static void addRankOne(double[] base, int n, int r, double s, double[] u, double[] q, double[] out) {
        for (int i = 0; i < n; i++)
            for (int a = 0; a < r; a++) out[i * r + a] = base[i * r + a] + s * u[i] * q[a];
    }

    /**
     * Replaces the component {@code sigma v q^T} of base (v unit, q unit, {@code base q = sigma v}) by
     * {@code coefficient dir q^T}: {@code out = base + (coefficient dir - sigma v) q^T}. The other singular
     * components of base are unchanged.
     */
    public static void replaceComponent(double[] base, int n, int r, double coefficient, double[] dir, double sigma,
                                        double[] v, double[] q, double[] out) {
        for (int i = 0; i < n; i++) {
            double shift = coefficient * dir[i] - sigma * v[i];
            for (int a = 0; a < r; a++) out[i * r + a] = base[i * r + a] + shift * q[a];
        }
    }
}
