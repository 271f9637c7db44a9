package sod.experiment;

import java.util.List;

/**
 * A file format of a sweep's table, written into the sweep's output folder. A new format is a new
 * implementation added to {@link #FILES}; the commands write whatever this list holds.
 */
public interface TableFormat {
    /** The formats a sweep writes, in this order. */
    List<TableFormat> FILES = List.of(new TableCsv(), new TableJson());

    /** The file's name in the output folder, e.g. {@code table.csv}. */
    String fileName();

    /** The whole file. */
    String render(Table table);
}
