package sod.solver;

import sod.operators.SensingOperator;

/**
 * A {@link StationaryPointAnalysis} kept for the operator it was last used with and rebuilt when the
 * operator or the rank changes, so a reused solver classifies points without reallocating.
 */
final class PointClassifier implements AutoCloseable {
    private final boolean denseG;
    private StationaryPointAnalysis analysis;
    private SensingOperator op;
    private int rank;

    /** @param denseG G's eigenproblem dense (else by Lanczos), as the SOD check does at these sizes */
    PointClassifier(boolean denseG) {
        this.denseG = denseG;
    }

    /** The analysis for {@code op} at rank r (made on first use). */
    StationaryPointAnalysis of(SensingOperator op, int r) {
        if (analysis == null || this.op != op || rank != r) {
            close();
            analysis = new StationaryPointAnalysis(op, r, denseG);
            this.op = op;
            rank = r;
        }
        return analysis;
    }

    @Override
    public void close() {
        if (analysis != null) {
            analysis.close();
            analysis = null;
            op = null;
        }
    }
}
