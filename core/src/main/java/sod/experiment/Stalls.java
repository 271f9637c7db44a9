package sod.experiment;

import java.util.List;
import sod.solver.Escape;

/** Escape attempts of a trial (or a cell) by the verdict on the stalled point ({@code StationaryPointAnalysis}). */
public record Stalls(int saddle, int spurious, int global, int notStationary) {
    public static final Stalls NONE = new Stalls(0, 0, 0, 0);

    public static Stalls of(List<Escape> escapes) {
        int saddle = 0, spurious = 0, global = 0, notStationary = 0;
        for (Escape e : escapes) {
            if (e.verdict() == null) continue;
            switch (e.verdict()) {
                case STRICT_SADDLE -> saddle++;
                case SPURIOUS_SECOND_ORDER -> spurious++;
                case GLOBAL_OPTIMUM -> global++;
                case NOT_STATIONARY -> notStationary++;
            }
        }
        return new Stalls(saddle, spurious, global, notStationary);
    }

    public Stalls plus(Stalls o) {
        return new Stalls(saddle + o.saddle, spurious + o.spurious, global + o.global, notStationary + o.notStationary);
    }

    /** "saddle/spurious/global/not-stationary" counts, as the printed table shows them. */
    public String slashed() {
        return saddle + "/" + spurious + "/" + global + "/" + notStationary;
    }
}
