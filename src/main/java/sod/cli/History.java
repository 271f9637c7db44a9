package sod.cli;

import java.util.Arrays;

/**
 * The iterate history kept for a plot: (iteration, h, distance) samples in primitive arrays of bounded
 * size. When the buffer fills, every second sample is dropped and the sampling stride doubles, so
 * memory stays bounded on long runs and recording allocates nothing between those rare compactions.
 */
final class History {
    private static final int CAPACITY = 8192;
    private final double[] iterations = new double[CAPACITY];
    private final double[] h = new double[CAPACITY];
    private final double[] distance = new double[CAPACITY];
    private double[] escapeIterations = new double[16];
    private double[] escapeH = new double[16];
    private int size;
    private int escapeCount;
    private int stride = 1;
    private boolean hasDistance;

    void record(int iteration, double hValue, double distanceValue) {
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

    void recordEscape(int iteration, double hValue) {
        if (escapeCount == escapeIterations.length) {
            escapeIterations = Arrays.copyOf(escapeIterations, 2 * escapeCount);
            escapeH = Arrays.copyOf(escapeH, 2 * escapeCount);
        }
        escapeIterations[escapeCount] = iteration;
        escapeH[escapeCount] = hValue;
        escapeCount++;
    }

    int size() {
        return size;
    }

    double[] iterations() {
        return iterations;
    }

    double[] h() {
        return h;
    }

    double[] distance() {
        return distance;
    }

    boolean hasDistance() {
        return hasDistance;
    }

    int escapeCount() {
        return escapeCount;
    }

    double[] escapeIterations() {
        return escapeIterations;
    }

    double[] escapeH() {
        return escapeH;
    }
}
