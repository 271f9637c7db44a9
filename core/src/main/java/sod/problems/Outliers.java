package sod.problems;

import java.util.Locale;
import java.util.SplittableRandom;
import sod.SodInputException;

/**
 * Huber contamination of the measurements: {@code b = A(M*) + s} where exactly {@code round(p m)}
 * entries of {@code s}, chosen uniformly at random (seeded), are non-zero and the rest are zero.
 * Outlier magnitudes are in units of the root mean square of the clean {@code b}, so {@code scale}
 * means the same thing for every ensemble and size:
 * <ul>
 *   <li>{@link Distribution#GAUSSIAN}: {@code s_i ~ N(0, (scale rms(b))^2)};</li>
 *   <li>{@link Distribution#UNIFORM}: {@code s_i} uniform in {@code [-scale rms(b), scale rms(b)]};</li>
 *   <li>{@link Distribution#CONSTANT}: {@code s_i = scale rms(b)} for every corrupted entry (a fixed
 *       adversarial value: all of one sign, so it biases least squares in a fixed direction).</li>
 * </ul>
 */
public final class Outliers {

    /** How corrupted entries are drawn. */
    public enum Distribution {
        GAUSSIAN, UNIFORM, CONSTANT;

        /** gaussian, uniform or constant (case-insensitive). */
        public static Distribution parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "gaussian", "normal" -> GAUSSIAN;
                case "uniform" -> UNIFORM;
                case "constant", "adversarial" -> CONSTANT;
                default -> throw new SodInputException("unknown outlier distribution '" + name
                        + "'; choose gaussian, uniform or constant");
            };
        }
    }

    /** Default magnitude of outliers in units of rms(b). */
    public static final double DEFAULT_SCALE = 10;

    private Outliers() {
    }

    /** A contaminated copy of {@code b}; the corrupted indices and values depend only on (m, fraction, seed). */
    public static double[] corrupt(double[] b, double fraction, Distribution distribution, double scale, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new SodInputException("--outliers fraction must be in [0, 1), got " + fraction + "; e.g. 0.2");
        }
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new SodInputException("--outlier-scale must be a finite value >= 0, got " + scale);
        }
        int m = b.length;
        double sum = 0;
        for (double v : b) sum += v * v;
        double magnitude = scale * Math.sqrt(sum / Math.max(m, 1));
        int count = (int) Math.round(fraction * m);
        int[] index = new int[m];
        for (int i = 0; i < m; i++) index[i] = i;
        SplittableRandom random = new SplittableRandom(seed ^ 0x0B5E55EDL);
        double[] out = b.clone();
        // Partial Fisher-Yates: the first `count` slots are a uniform random subset.
        for (int k = 0; k < count; k++) {
            int j = k + random.nextInt(m - k);
            int t = index[k];
            index[k] = index[j];
            index[j] = t;
            double s = switch (distribution) {
                case GAUSSIAN -> magnitude * random.nextGaussian();
                case UNIFORM -> magnitude * (2 * random.nextDouble() - 1);
                case CONSTANT -> magnitude;
            };
            out[index[k]] += s;
        }
        return out;
    }

    /** The same problem (operator shared, not copied) with contaminated measurements. */
    public static Problem contaminate(Problem p, double fraction, Distribution distribution, double scale, long seed) {
        double[] b = corrupt(p.b(), fraction, distribution, scale, seed);
        String name = fraction == 0 ? p.name() : String.format(Locale.ROOT, "%s + %.3g %s outliers (scale %.3g)",
                p.name(), fraction, distribution.name().toLowerCase(Locale.ROOT), scale);
        return new Problem(name, p.operator(), b, p.rank(), p.truth(), p.truthRank());
    }
}
