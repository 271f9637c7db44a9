package sod.problems;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import sod.SodInputException;

/**
 * The measurements that fit a solution worst: the largest residuals {@code |r_i| = |<A_i, X X^T> - b_i|}
 * of the problem as solved, i.e. after its weights (with {@code --weights 1/sigma^2} they are the
 * normalised residuals {@code |r_i| / sigma_i} of an estimator, with {@code --normalize}
 * {@code |r_i| / ||A_i||_F}). After a robust (l1) fit the corrupted measurements stand out: a row is
 * <em>suspect</em> when its residual exceeds {@value #SUSPECT_FACTOR} x the median residual (a robust
 * scale, as the l1 fit leaves most residuals near zero and the gross errors whole).
 *
 * @param rows      the {@code count} rows with the largest |r_i|, largest first
 * @param residuals their r_i (signed)
 * @param median    the median |r_i| over all rows
 * @param suspects  the rows with |r_i| above {@value #SUSPECT_FACTOR} x the median, largest first
 */
public record LargestResiduals(int[] rows, double[] residuals, double median, int[] suspects) {

    public static final double SUSPECT_FACTOR = 10;

    /** The {@code count} largest residuals of X (n x r) on the problem. */
    public static LargestResiduals of(Problem problem, double[] x, int r, int count) {
        if (count < 1) throw new SodInputException("the number of residuals to name must be >= 1, got " + count);
        int m = problem.m();
        double[] residual = new double[m];
        problem.operator().measure(x, x, r, residual);
        double[] abs = new double[m];
        for (int i = 0; i < m; i++) {
            residual[i] -= problem.b()[i];
            abs[i] = Math.abs(residual[i]);
        }
        // largest first; ties by row so that the order does not depend on the sort
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> abs[a] != abs[b] ? Double.compare(abs[b], abs[a]) : Integer.compare(a, b));
        double[] sorted = abs.clone();
        Arrays.sort(sorted);
        double median = m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
        int k = Math.min(count, m);
        int[] rows = new int[k];
        double[] values = new double[k];
        for (int j = 0; j < k; j++) {
            rows[j] = order[j];
            values[j] = residual[order[j]];
        }
        int suspects = 0;
        while (suspects < m && abs[order[suspects]] > SUSPECT_FACTOR * median) suspects++;
        int[] suspectRows = new int[suspects];
        for (int j = 0; j < suspects; j++) suspectRows[j] = order[j];
        return new LargestResiduals(rows, values, median, suspectRows);
    }

    /** One line: the largest residuals with their rows, then the suspects. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < rows.length; j++) {
            s.append(j > 0 ? ", " : "").append(String.format(Locale.ROOT, "row %d (%.2e)", rows[j], residuals[j]));
        }
        s.append(String.format(Locale.ROOT, "; %d above %.0f x the median |r_i| (%.2e)%s", suspects.length, SUSPECT_FACTOR, median,
                suspects.length == 0 ? "" : ": rows " + Arrays.toString(suspects).replaceAll("[\\[\\]]", "")));
        return s.toString();
    }
}
