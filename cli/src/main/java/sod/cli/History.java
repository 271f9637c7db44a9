package sod.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import sod.solver.Escape;

/**
 * The iterate history kept for a plot: (iteration, h, distance) samples in primitive arrays of bounded
 * size, and every escape attempt with the span of iterations its probe steps were charged. When the
 * buffer fills, every second sample is dropped and the sampling stride doubles, so memory stays bounded
 * on long runs and recording allocates nothing between those rare compactions.
 */
final class History {
    static final int CAPACITY = 8192;

    /**
     * One escape attempt: made at {@code iteration} (h {@code hBefore}), the trajectory going on at
     * {@code resumedAt} (h {@code hAfter}); the iterations in between are the probe steps the attempt
     * charged to the budget (none for a single step or a perturbation).
     */
    record EscapeMark(Escape.Kind kind, int iteration, int resumedAt, double hBefore, double hAfter) {
        int charged() {
            return resumedAt - iteration;
        }
    }

    private final double[] iterations = new double[CAPACITY];
    private final double[] h = new double[CAPACITY];
    private final double[] distance = new double[CAPACITY];
    private final List<EscapeMark> escapes = new ArrayList<>();
    private Escape pending;
    private int size;
    private int stride = 1;
    private boolean hasDistance;

    void record(int iteration, double hValue, double distanceValue) {
        if (pending != null) resume(iteration);
        if (iteration % stride != 0) return;
        if (size == CAPACITY) {
            for (int i = 0; i < CAPACITY / 2; i++) {
                iterations[i] = iterations[2 * i];
                h[i] = h[2 * i];
                distance[i] = distance[2 * i];
            }
            size = CAPACITY / 2;
            stride *= 2;
            if (iteration % stride != 0) return;
        }
        iterations[size] = iteration;
        h[size] = hValue;
        distance[size] = distanceValue;
        if (!Double.isNaN(distanceValue)) hasDistance = true;
        size++;
    }

    /** An escape attempt; its span ends at the next recorded iteration (the solver reports the resumed point next). */
    void recordEscape(Escape e) {
        if (pending != null) resume(pending.iteration());
        pending = e;
    }

    private void resume(int iteration) {
        Escape e = pending;
        pending = null;
        escapes.add(new EscapeMark(e.kind(), e.iteration(), Math.max(iteration, e.iteration()), e.hBefore(), e.hAfter()));
    }

    int size() {
        return size;
    }

    double[] iterations() {
        return Arrays.copyOf(iterations, size);
    }

    double[] h() {
        return Arrays.copyOf(h, size);
    }

    double[] distance() {
        return Arrays.copyOf(distance, size);
    }

    boolean hasDistance() {
        return hasDistance;
    }

    /** Every escape attempt so far, in order (one still waiting for its resumed iteration is given a zero span). */
    List<EscapeMark> escapes() {
        if (pending == null) return List.copyOf(escapes);
        List<EscapeMark> all = new ArrayList<>(escapes);
        all.add(new EscapeMark(pending.kind(), pending.iteration(), pending.iteration(), pending.hBefore(), pending.hAfter()));
        return all;
    }
}
