package sod.solver;

import sod.kernels.Factors;

import sod.SodInputException;
import sod.problems.Problem;

/**
 * The explicit lifted problem of order l (spec section 4) for tiny rank-1 instances, with the tensor
 * actually formed: a baseline and a check on the tensor-free SOD closed form. For {@code w} in
 * {@code (R^n)^{(x) l}} (stored flat, n^l entries, index {@code i_1 n^(l-1) + ... + i_l}) the lifted
 * measurements are {@code <A_i^{(x) l}, w w^T>} and the lifted loss is
 * {@code L(w) = 1/2 sum_i (w^T A_i^{(x) l} w - b_i^l)^2}, so {@code L(x^{(x) l}) =
 * 1/2 sum_i ((x^T A_i x)^l - b_i^l)^2}. {@code A_i^{(x) l} w} is applied mode by mode (l n^(l+1) flops
 * per measurement). The A_i are read through {@code adjoint(e_i)}. Limited to r = 1 and
 * {@code n^l <= 10^7}.
 */
public final class TensorLifting {
    private final int n, l, m, size;
    private final double[][] a;
    private final double[] bl;
    private final double[] work1, work2, kw;

    public TensorLifting(Problem p, int l) {
        if (p.rank() != 1) throw new SodInputException("tensor lifting: only rank 1 is supported, got r = " + p.rank());
        if (l < 1 || l % 2 == 0) throw new SodInputException("tensor lifting: l must be odd and >= 1, got " + l);
        n = p.n();
        m = p.m();
        this.l = l;
        double entries = Math.pow(n, l);
        if (entries > 1e7) throw new SodInputException("tensor lifting: n^l = " + entries + " entries exceed 1e7; use a smaller n or l");
        size = (int) entries;
        a = new double[m][n * n];
        double[] e = new double[m];
        for (int i = 0; i < m; i++) {
            e[i] = 1;
            p.operator().adjoint(e, a[i]);
            e[i] = 0;
        }
        bl = new double[m];
        for (int i = 0; i < m; i++) bl[i] = Math.pow(p.b()[i], l);
        work1 = new double[size];
        kw = new double[size];
        work2 = new double[size];
    }

    public int size() {
        return size;
    }

    /** x^{(x) l} (flat, n^l). */
    public double[] lift(double[] x) {
        double[] w = {1};
        for (int k = 0; k < l; k++) {
            double[] next = new double[w.length * n];
            for (int i = 0; i < w.length; i++)
                for (int j = 0; j < n; j++) next[i * n + j] = w[i] * x[j];
            w = next;
        }
        return w;
    }

    /** out = A_i^{(x) l} w (A_i symmetric, so the mode products commute). */
    private void apply(int i, double[] w, double[] out) {
        double[] src = w, dst = work1;
        double[] ai = a[i];
        int outer = 1, inner = size / n;
        for (int k = 0; k < l; k++) {
            // multiply mode k: index = (o, j, in), o < outer, j < n, in < inner
            double[] target = k == l - 1 ? out : dst;
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < n; j++) {
                    int tBase = (o * n + j) * inner;
                    java.util.Arrays.fill(target, tBase, tBase + inner, 0);
                    for (int jj = 0; jj < n; jj++) {
                        double c = ai[j * n + jj];
                        if (c == 0) continue;
                        int sBase = (o * n + jj) * inner;
                        for (int in = 0; in < inner; in++) target[tBase + in] += c * src[sBase + in];
                    }
                }
            src = target;
            dst = target == work1 ? work2 : work1;
            outer *= n;
            inner /= n;
        }
    }

    /** L(w). */
    public double loss(double[] w) {
        return lossAndGradient(w, null);
    }

    /** L(w); when grad is non-null it receives {@code 2 sum_i res_i A_i^{(x) l} w}. */
    public double lossAndGradient(double[] w, double[] grad) {
        if (grad != null) java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (int i = 0; i < m; i++) {
            apply(i, w, kw);
            double s = 0;
            for (int k = 0; k < size; k++) s += w[k] * kw[k];
            double res = s - bl[i];
            loss += res * res;
            if (grad != null) for (int k = 0; k < size; k++) grad[k] += 2 * res * kw[k];
        }
        return 0.5 * loss;
    }

    /** {@code steps} gradient steps of size eta from w0 (a copy is returned). */
    public double[] descend(double[] w0, double eta, int steps) {
        double[] w = w0.clone(), g = new double[size];
        for (int s = 0; s < steps; s++) {
            lossAndGradient(w, g);
            for (int k = 0; k < size; k++) w[k] -= eta * g[k];
        }
        return w;
    }

    /**
     * A rank-one approximation {@code y^{(x) l}} of a symmetric tensor by the symmetric higher-order
     * power method started from {@code start}; returns y (the real l-th root of the weight times the
     * unit vector).
     */
    public double[] rankOne(double[] w, double[] start, int iterations) {
        double[] x = start.clone();
        double nx = Factors.norm(x);
        for (int j = 0; j < n; j++) x[j] /= nx;
        double weight = 0;
        for (int it = 0; it < iterations; it++) {
            double[] y = contractAllButFirst(w, x);
            weight = 0;
            for (int j = 0; j < n; j++) weight += y[j] * x[j];
            double ny = Factors.norm(y);
            if (ny == 0) break;
            for (int j = 0; j < n; j++) x[j] = y[j] / ny;
        }
        double[] y = contractAllButFirst(w, x);
        weight = 0;
        for (int j = 0; j < n; j++) weight += y[j] * x[j];
        double scale = Math.signum(weight) * Math.pow(Math.abs(weight), 1.0 / l);
        for (int j = 0; j < n; j++) x[j] *= scale;
        return x;
    }

    /** T(., x, ..., x). */
    private double[] contractAllButFirst(double[] w, double[] x) {
        double[] cur = w;
        int len = size;
        for (int k = l - 1; k >= 1; k--) {
            int rows = len / n;
            double[] next = new double[rows];
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += cur[i * n + j] * x[j];
                next[i] = s;
            }
            cur = next;
            len = rows;
        }
        return cur;
    }
}
