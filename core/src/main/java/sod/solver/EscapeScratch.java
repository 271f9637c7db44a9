package sod.solver;

/** m-vectors and small buffers the escape computations share within one attempt. */
final class EscapeScratch {
    final double[] r1, r2, r0b;
    final double[] quartic = new double[5];
    final double[] factor;

    EscapeScratch(int n, int r, int m) {
        r1 = new double[m];
        r2 = new double[m];
        r0b = new double[m];
        factor = new double[n * r];
    }
}
