package sod.kernels;

/**
 * Stateless algebra on factors: X is n x r, row-major ({@code x[i * r + a]}). These loops are O(n r) or
 * O(n r^2) against the operator's O(m) passes, but the norms and the distance run at every iteration,
 * where a small problem's O(m) pass is only a few microseconds: they use the vector reductions of
 * {@link ArrayKernels} (fixed order per vector width, so every caller's results stay bitwise
 * reproducible); the rest stays scalar, in a fixed order too.
 */
public final class Factors {
    private Factors() {}

    /** ||a[0..len)||_2, without overflow or underflow (a scaled second pass only when the plain sum leaves range). */
    public static double norm(double[] a, int len) {
        return norm(ArrayKernels.sumOfSquares(a, 0, len), a, len);
    }

    /** {@link #norm} from its sum of squares {@code s = sumOfSquares(a, 0, len)}, already computed: the same bits. */
    public static double norm(double s, double[] a, int len) {
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
     * {@code ||X X^T - Z Z^T||_F^2} in the Gram form {@code ||X^T X||_F^2 - 2 ||Z^T X||_F^2 + zz}, with
     * {@code zz = ||Z^T Z||_F^2} given: two passes over X for rank one, against the ten of {@link #distance},
     * but it cancels (absolute error up to about {@code n (r + rz)^2 u (||X||_F^2 + ||Z||_F^2)^2}), so it
     * serves only as a bound that decides most comparisons with a threshold far from the distance.
     */
    public static double gramDistanceSquared(double[] x, int n, int r, double[] z, int rz, double zz) {
        return gramDistanceSquared(x, n, r, z, rz, zz, ArrayKernels.sumOfSquares(x, 0, n * r));
    }

    /** {@link #gramDistanceSquared} with {@code xSquaredNorm = ||X||_F^2} already computed (for rank one it is {@code ||X^T X||_F}). */
    public static double gramDistanceSquared(double[] x, int n, int r, double[] z, int rz, double zz, double xSquaredNorm) {
        double xx = r == 1 ? square(xSquaredNorm) : gramSquaredNorm(x, n, r);
        double cross = 0;
        for (int b = 0; b < rz; b++)
            for (int a = 0; a < r; a++) {
                double s;
                if (r == 1 && rz == 1) s = ArrayKernels.dot(x, 0, z, 0, n);
                else {
                    s = 0;
                    for (int i = 0; i < n; i++) s += z[i * rz + b] * x[i * r + a];
                }
                cross += s * s;
            }
        return xx - 2 * cross + zz;
    }

    private static double square(double v) {
        return v * v;
    }

    /** Doubles of workspace {@link #distance} needs for n x r and n x rz factors. */
    public static int distanceWorkspace(int n, int r, int rz) {
        int k = r + rz;
        return n * k + k * k;
    }

    /**
     * {@code ||X X^T - Z Z^T||_F} in O(n (r + rz)^2) without forming anything n x n, accurate to rounding
     * relative to {@code ||M||}: with {@code W = [X Z] = Q R} (Gram-Schmidt twice, R upper triangular),
     * {@code X X^T - Z Z^T = Q (R_X R_X^T - R_Z R_Z^T) Q^T}, whose norm is that of the small middle factor.
     * (The Gram form {@code ||X^T X||^2 - 2 ||Z^T X||^2 + ||Z^T Z||^2} cancels: it cannot resolve distances
     * below about 1e-8 ||M||.) {@code work} holds at least {@link #distanceWorkspace} doubles.
     */
    public static double distance(double[] x, int n, int r, double[] z, int rz, double[] work) {
        int k = r + rz;
        int rOff = n * k; // R, k x k row-major, after Q (n x k, column j at j * n)
        java.util.Arrays.fill(work, 0, rOff + k * k, 0);
        for (int j = 0; j < k; j++) {
            int qj = j * n;
            if (j < r && r == 1) System.arraycopy(x, 0, work, qj, n);
            else if (j >= r && rz == 1) System.arraycopy(z, 0, work, qj, n);
            else for (int i = 0; i < n; i++) work[qj + i] = j < r ? x[i * r + j] : z[i * rz + (j - r)];
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    int qp = p * n;
                    double c = ArrayKernels.dot(work, qp, work, qj, n);
                    work[rOff + p * k + j] += c;
                    ArrayKernels.axpy(-c, work, qp, work, qj, n);
                }
            }
            double norm = Math.sqrt(ArrayKernels.sumOfSquares(work, qj, n));
            work[rOff + j * k + j] = norm;
            ArrayKernels.scale(norm > 0 ? 1 / norm : 0, work, qj, n);
        }
        // ||sum_{a < r} R_a R_a^T - sum_{b >= r} R_b R_b^T||_F over the columns R_c of R
        double sq = 0;
        for (int p = 0; p < k; p++)
            for (int q = p; q < k; q++) {
                double s = 0;
                for (int c = Math.max(p, q); c < k; c++) {
                    double term = work[rOff + p * k + c] * work[rOff + q * k + c];
                    s += c < r ? term : -term;
                }
                sq += (p == q ? 1 : 2) * s * s;
            }
        return Math.sqrt(sq);
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
