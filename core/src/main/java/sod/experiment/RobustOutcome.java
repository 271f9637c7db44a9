package sod.experiment;

/** A finished robust trial: the relative error of its answer and its wall time. */
public record RobustOutcome(RobustTrial trial, double relativeError, double seconds) {
}
