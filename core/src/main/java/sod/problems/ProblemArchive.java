package sod.problems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sod.SodInputException;
import sod.io.NpyArray;
import sod.io.Npz;

/**
 * A whole dense problem in one NumPy archive, as {@code numpy.savez("p.npz", A=A, b=b, Z=Z)} writes it
 * ({@code sod solve --problem-file p.npz}). Named arrays:
 * <ul>
 *   <li>{@code A}: the sensing matrices, (m, n, n) or (m, n*n) (required);</li>
 *   <li>{@code b}: the measurements, (m,) or (m, 1) (required);</li>
 *   <li>{@code Z}: the truth's factor, (n, r) or (n,); or {@code M}: M* itself, (n, n) symmetric positive
 *       semidefinite (its factor from the eigendecomposition, {@link GroundTruth#fromMatrix}); not both;</li>
 *   <li>{@code X0}: the initial factor, (n, r) or (n,);</li>
 *   <li>{@code w}: the weights of weighted least squares, (m,) ({@link MeasurementWeights}).</li>
 * </ul>
 * Any dtype and order {@link Npz#read} accepts (integers widened, with a note; float32 A stored as float32
 * unless a precision is asked for). Other arrays are ignored, with a note.
 */
public final class ProblemArchive {
    private static final Set<String> NAMES = Set.of("A", "b", "Z", "M", "X0", "w");

    private ProblemArchive() {
    }

    /**
     * The problem of an archive and its X0, if it holds one.
     *
     * @param x0 n x x0Columns, or null
     */
    public record Loaded(Problem problem, double[] x0, int x0Columns, String x0Name) {
        /**
         * The archive's X0 for search rank r, or null when it holds none.
         *
         * @throws SodInputException if X0 does not have r columns
         */
        public double[] x0For(int r) {
            if (x0 == null) return null;
            if (x0Columns != r) {
                throw new SodInputException(x0Name + ": X0 has " + x0Columns + " columns but the search rank is " + r
                        + "; save an X0 of shape (" + problem.n() + ", " + r + ") or give --x0");
            }
            return x0;
        }
    }

    public static Loaded read(Path file, FileOptions options) {
        try (Npz npz = Npz.open(file)) {
            for (String required : new String[] {"A", "b"}) {
                if (!npz.contains(required)) {
                    throw new SodInputException(file + ": has no array '" + required + "' (it holds " + npz.names()
                            + "); save the problem with numpy.savez(file, A=A, b=b[, Z=Z or M=M][, X0=X0][, w=w])");
                }
            }
            if (npz.contains("Z") && npz.contains("M")) {
                throw new SodInputException(file + ": holds both 'Z' and 'M'; keep one truth (Z the factor or M = Z Z^T)");
            }
            if (npz.contains("w") && (options.weights() != null || options.normalize())) {
                throw new SodInputException(file + ": holds weights 'w' and " + (options.normalize() ? "--normalize" : "--weights")
                        + " is given too; use one of them");
            }
            List<String> ignored = new ArrayList<>();
            for (String name : npz.names()) if (!NAMES.contains(name)) ignored.add(name);
            if (!ignored.isEmpty()) options.notes().accept(file + ": arrays " + ignored + " are not part of a problem and are ignored");
            try (NpyArray a = npz.read("A")) {
                ProblemFiles.DenseShape shape = ProblemFiles.DenseShape.of(a);
                a.wideningNote().ifPresent(options.notes());
                double[] b = vector(npz, "b", shape.m(), options);
                GroundTruth truth = truth(npz, shape.n(), options);
                double[] w = null;
                String wName = null;
                if (npz.contains("w")) {
                    try (NpyArray wa = npz.read("w")) {
                        wa.wideningNote().ifPresent(options.notes());
                        w = MeasurementWeights.checked(wa, shape.m());
                        wName = wa.name();
                    }
                }
                double[] x0 = null;
                int x0Columns = 0;
                String x0Name = null;
                if (npz.contains("X0")) {
                    try (NpyArray x = npz.read("X0")) {
                        x.wideningNote().ifPresent(options.notes());
                        long[] s = x.shape();
                        boolean ok = (s.length == 1 && s[0] == shape.n()) || (s.length == 2 && s[0] == shape.n() && s[1] >= 1);
                        if (!ok) {
                            throw new SodInputException(x.name() + ": has shape " + ProblemFiles.shapeText(s) + " but X0 must be ("
                                    + shape.n() + ", r) to match n = " + shape.n());
                        }
                        x0 = x.toDoubleArray();
                        x0Columns = s.length == 1 ? 1 : Math.toIntExact(s[1]);
                        x0Name = x.name();
                    }
                }
                FileOptions ranked = options;
                if (options.rank() == 0 && !truth.known() && x0 != null) {
                    ranked = new FileOptions(x0Columns, options.threads(), options.symmetrise(), options.weights(),
                            options.normalize(), options.precision(), options.notes());
                    options.notes().accept(file + ": no truth and no --rank; the search rank " + x0Columns + " is X0's");
                }
                Problem problem = ProblemFiles.dense(a, shape, b, truth, w, wName, ranked, "file(" + file.getFileName());
                return new Loaded(problem, x0, x0Columns, x0Name);
            }
        }
    }

    private static double[] vector(Npz npz, String name, int m, FileOptions options) {
        try (NpyArray v = npz.read(name)) {
            long[] s = v.shape();
            boolean ok = (s.length == 1 && s[0] == m) || (s.length == 2 && s[0] == m && s[1] == 1);
            if (!ok) {
                throw new SodInputException(v.name() + ": has shape " + ProblemFiles.shapeText(s) + " but b must be (" + m
                        + ",), one measurement per sensing matrix of A");
            }
            v.wideningNote().ifPresent(options.notes());
            return v.toDoubleArray();
        }
    }

    private static GroundTruth truth(Npz npz, int n, FileOptions options) {
        if (npz.contains("Z")) {
            try (NpyArray z = npz.read("Z")) {
                z.wideningNote().ifPresent(options.notes());
                long[] s = z.shape();
                boolean ok = (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == n && s[1] >= 1);
                if (!ok) {
                    throw new SodInputException(z.name() + ": has shape " + ProblemFiles.shapeText(s) + " but the factor Z must be ("
                            + n + ", r) to match n = " + n + " (M* itself goes under the name M)");
                }
                return new GroundTruth(z.toDoubleArray(), s.length == 1 ? 1 : Math.toIntExact(s[1]));
            }
        }
        if (npz.contains("M")) {
            try (NpyArray mStar = npz.read("M")) {
                mStar.wideningNote().ifPresent(options.notes());
                long[] s = mStar.shape();
                if (s.length != 2 || s[0] != n || s[1] != n) {
                    throw new SodInputException(mStar.name() + ": has shape " + ProblemFiles.shapeText(s) + " but M* must be (" + n
                            + ", " + n + ") to match n = " + n);
                }
                double[] values = mStar.toDoubleArray();
                for (int p = 0; p < n; p++)
                    for (int q = p + 1; q < n; q++)
                        if (Math.abs(values[p * n + q] - values[q * n + p])
                                > GroundTruth.SYMMETRY_TOLERANCE * Math.max(Math.abs(values[p * n + q]), Math.abs(values[q * n + p]))) {
                            throw new SodInputException(mStar.name() + ": M* is not symmetric at (" + p + ", " + q + "): "
                                    + values[p * n + q] + " vs " + values[q * n + p] + "; give M* = Z Z^T");
                        }
                return GroundTruth.fromMatrix(mStar.name(), values, n, options.notes());
            }
        }
        return GroundTruth.NONE;
    }
}
