package sod.spark;

import java.io.Serializable;

/**
 * A block's fused pass at one X, cached on the executors: the residuals of its local entries (kept for
 * later products with {@code A*(residual)}, so that they never travel to the driver on the hot path),
 * the gradient rows of its own rows and the per-chunk sums of squared residuals (those two collected).
 */
record BlockEvaluation(double[] residual, double[] gradient, double[] chunkH) implements Serializable {

    /** What the driver collects each iteration: the gradient rows and the chunk sums. */
    GradientPart part() {
        return new GradientPart(gradient, chunkH);
    }

    record GradientPart(double[] gradient, double[] chunkH) implements Serializable {}
}
