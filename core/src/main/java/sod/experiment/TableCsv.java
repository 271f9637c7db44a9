package sod.experiment;

/**
 * table.csv: one line per cell; eps "-" for problems without eps. successLow95 / successHigh95 are the
 * 95% Wilson interval of successRate (empty for a cell without trials: CSV readers take it as missing).
 */
final class TableCsv implements TableFormat {
    static final String HEADER = "n,eps,method,escape,successRate,successLow95,successHigh95,trials,meanIterations,stallsSaddle,stallsSpurious,"
            + "stallsGlobal,stallsNotStationary,meanSeconds";

    @Override
    public String fileName() {
        return "table.csv";
    }

    @Override
    public String render(Table table) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Cell c : table.cells()) {
            Stalls st = c.stalls();
            s.append(c.n()).append(',').append(c.epsText()).append(',').append(c.variant().methodName()).append(',')
                    .append(c.variant().escapeName()).append(',').append(c.successRate()).append(',');
            finite(s, c.successLow95()).append(',');
            finite(s, c.successHigh95()).append(',').append(c.trials())
                    .append(',').append(c.meanIterations()).append(',').append(st.saddle()).append(',').append(st.spurious())
                    .append(',').append(st.global()).append(',').append(st.notStationary()).append(',').append(c.meanSeconds())
                    .append('\n');
        }
        return s.toString();
    }

    private static StringBuilder finite(StringBuilder s, double v) {
        return Double.isFinite(v) ? s.append(v) : s;
    }
}
