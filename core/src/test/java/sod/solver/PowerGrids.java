package sod.solver;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import sod.io.Npy;
import sod.io.SparseSymmetricSet;
import sod.problems.GroundTruth;
import sod.problems.Problem;
import sod.problems.SparseSensing;

/**
 * The committed power-grid fixtures ({@code src/test/resources/psse/CASE/}: A.npz, b.npy, x_true.npy,
 * x_flat.npy, frob.npy, sigma.npy; examples/psse/README.md) as rank-1 problems on the library's sparse
 * sensing operator ({@link SparseSensing}, one thread).
 */
final class PowerGrids {
    private PowerGrids() {}

    static Path file(String grid, String name) {
        URL url = PowerGrids.class.getResource("/psse/" + grid + "/" + name);
        if (url == null) throw new AssertionError("missing fixture psse/" + grid + "/" + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The grid's state estimation; {@code normalised}: each measurement divided by ||A_i||_F (rows and data),
     * the scaling that brings the Gauss-Newton condition numbers from 1.8e5 to 730 on the 118-bus grid.
     */
    static Problem problem(String grid, boolean normalised) {
        SparseSymmetricSet set = SparseSymmetricSet.read(file(grid, "A.npz"), false);
        int m = set.m();
        double[] b = Npy.readDoubles(file(grid, "b.npy"), m);
        double[] weights = null;
        if (normalised) { // w_i = 1 / ||A_i||_F^2: row i and b_i divided by ||A_i||_F
            double[] frob = Npy.readDoubles(file(grid, "frob.npy"), m);
            weights = new double[m];
            for (int i = 0; i < m; i++) weights[i] = 1 / (frob[i] * frob[i]);
        }
        double[] truth = Npy.readDoubles(file(grid, "x_true.npy"), set.n(), 1);
        return SparseSensing.problem(grid + (normalised ? " (normalised)" : ""), set, b, weights,
                new GroundTruth(truth, 1), 1, 1);
    }

    /** The flat start |V| = 1, angle 0 (n x 1). */
    static double[] flatStart(String grid, int n) {
        return Npy.readDoubles(file(grid, "x_flat.npy"), n, 1);
    }

    /** 1 / sigma_i^2, the WLS weights. */
    static double[] inverseVariances(String grid, int m) {
        double[] sigma = Npy.readDoubles(file(grid, "sigma.npy"), m);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) w[i] = 1 / (sigma[i] * sigma[i]);
        return w;
    }
}
