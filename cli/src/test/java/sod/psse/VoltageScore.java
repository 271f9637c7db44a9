package sod.psse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java port of the scoring in {@code examples/psse/psse.py} (voltages() and score()), so that the
 * test suite judges a state-estimation solution exactly as {@code score.py} does, without Python:
 * Im v_ref = 0 re-inserted, the global sign fixed (Re v_ref > 0), the global phase aligned to the true
 * voltages, then the relative voltage error |v - v*| / |v*| and the largest per-bus error in per unit.
 *
 * @param relative  |v - v*| / |v*| after alignment
 * @param worstBus  max_k |v_k - v*_k| (per unit)
 */
record VoltageScore(double relative, double worstBus) {

    /** What scoring needs from an exported grid's meta.json: N and the reference bus. */
    record Grid(int buses, int referenceBus) {
        int n() {
            return 2 * buses - 1;
        }

        static Grid of(Path folder) throws IOException {
            String meta = Files.readString(folder.resolve("meta.json"));
            int buses = integer(meta, "\"N\":\\s*(\\d+)");
            int ref = integer(meta, "\"ref_bus\":\\s*\\{\"internal\":\\s*(\\d+)");
            int dropped = integer(meta, "\"dropped_coordinate\":\\s*(\\d+)");
            if (dropped != buses + ref) throw new IllegalStateException("dropped coordinate " + dropped + " is not N + ref");
            return new Grid(buses, ref);
        }

        private static int integer(String text, String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (!m.find()) throw new IllegalStateException("meta.json: no match for " + regex);
            return Integer.parseInt(m.group(1));
        }
    }

    /** The score of the factor x (length n = 2N - 1) against the true factor. */
    static VoltageScore of(Grid grid, double[] x, double[] xTrue) {
        double[][] v = voltages(grid, x), t = voltages(grid, xTrue);
        // rot = vdot(v, v*) = sum conj(v_k) v*_k: the phase that brings v closest to v*
        double rr = 0, ri = 0;
        for (int k = 0; k < grid.buses; k++) {
            rr += v[0][k] * t[0][k] + v[1][k] * t[1][k];
            ri += v[0][k] * t[1][k] - v[1][k] * t[0][k];
        }
        double abs = Math.hypot(rr, ri), cr = abs > 0 ? rr / abs : 1, ci = abs > 0 ? ri / abs : 0;
        double err2 = 0, true2 = 0, worst = 0;
        for (int k = 0; k < grid.buses; k++) {
            double ar = v[0][k] * cr - v[1][k] * ci, ai = v[0][k] * ci + v[1][k] * cr;
            double e = Math.hypot(ar - t[0][k], ai - t[1][k]);
            err2 += e * e;
            true2 += t[0][k] * t[0][k] + t[1][k] * t[1][k];
            worst = Math.max(worst, e);
        }
        return new VoltageScore(Math.sqrt(err2) / Math.sqrt(true2), worst);
    }

    /** {re, im} per bus: Im v_ref = 0 re-inserted at N + ref, the sign fixed so that Re v_ref > 0. */
    private static double[][] voltages(Grid grid, double[] x) {
        int buses = grid.buses, ref = grid.referenceBus;
        if (x.length != grid.n()) throw new IllegalArgumentException("x has " + x.length + " entries, the grid needs " + grid.n());
        double[] full = new double[2 * buses];
        for (int j = 0, k = 0; j < full.length; j++) full[j] = j == buses + ref ? 0 : x[k++];
        double sign = full[ref] < 0 ? -1 : 1;
        double[][] v = new double[2][buses];
        for (int k = 0; k < buses; k++) {
            v[0][k] = sign * full[k];
            v[1][k] = sign * full[buses + k];
        }
        return v;
    }
}
