package sod.experiment;

import sod.solver.Result;

/**
 * A finished trial: one line of trials.csv ({@link TrialLog#HEADER}).
 *
 * @param escapes accepted escapes
 */
public record Outcome(Trial trial, boolean success, int iterations, double seconds, double distance, double h, long escapes,
                      Result.Status status, Stalls stalls) {
    private static final int FIELDS = 17;

    public static Outcome of(Trial trial, Result r) {
        return new Outcome(trial, r.success(), r.iterations(), r.totalSeconds(), r.distance(), r.h(), r.acceptedEscapes(),
                r.status(), Stalls.of(r.escapes()));
    }

    /** Its trials.csv line, without the newline. */
    public String csv() {
        return trial.key() + "," + success + "," + iterations + "," + seconds + "," + distance + "," + h + "," + escapes + ","
                + status.name() + "," + stalls.saddle() + "," + stalls.spurious() + "," + stalls.global() + ","
                + stalls.notStationary();
    }

    /**
     * A trials.csv line back.
     *
     * @throws IllegalArgumentException (a NumberFormatException among them) when the line is not one
     *                                  written by {@link #csv}, e.g. cut short by a kill
     */
    public static Outcome parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != FIELDS) throw new IllegalArgumentException("expected " + FIELDS + " fields, got " + f.length);
        Trial t = new Trial(f[0], Integer.parseInt(f[1]), Trial.parseEps(f[2]), Variant.parse(f[3], f[4]), Long.parseLong(f[5]));
        if (!f[6].equals("true") && !f[6].equals("false")) throw new IllegalArgumentException("success must be true or false");
        return new Outcome(t, Boolean.parseBoolean(f[6]), Integer.parseInt(f[7]), Double.parseDouble(f[8]),
                Double.parseDouble(f[9]), Double.parseDouble(f[10]), Long.parseLong(f[11]), Result.Status.valueOf(f[12]),
                new Stalls(Integer.parseInt(f[13]), Integer.parseInt(f[14]), Integer.parseInt(f[15]), Integer.parseInt(f[16])));
    }
}
