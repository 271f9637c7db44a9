package sod.experiment;

/** table.csv: one line per cell; eps "-" for problems without eps. */
final class TableCsv implements TableFormat {
    static final String HEADER = "n,eps,method,escape,successRate,trials,meanIterations,stallsSaddle,stallsSpurious,"
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
                    .append(c.variant().escapeName()).append(',').append(c.successRate()).append(',').append(c.trials())
                    .append(',').append(c.meanIterations()).append(',').append(st.saddle()).append(',').append(st.spurious())
                    .append(',').append(st.global()).append(',').append(st.notStationary()).append(',').append(c.meanSeconds())
                    .append('\n');
        }
        return s.toString();
    }
}
