package sod.experiment;

/**
 * table.json: an array of the cells (eps is null for problems without eps; successLow95 / successHigh95
 * are the 95% Wilson interval of successRate, null without trials); and the document of
 * {@code sod sweep --json FILE}: the sweep's settings and the same cells.
 */
public final class TableJson implements TableFormat {
    @Override
    public String fileName() {
        return "table.json";
    }

    @Override
    public String render(Table table) {
        return cells(new Json(), table).toString();
    }

    /** {@code {"config": settings, "cells": [...]}}. */
    public static String document(SweepSpec spec, Table table) {
        Json j = new Json().beginObject().name("config").beginObject();
        spec.describe(j).endObject().name("cells");
        return cells(j, table).endObject().toString();
    }

    /** The cells as a JSON array, into {@code j}. */
    static Json cells(Json j, Table table) {
        j.beginArray();
        for (Cell c : table.cells()) {
            Stalls s = c.stalls();
            j.beginObject().member("n", c.n()).member("eps", c.eps()).member("method", c.variant().methodName())
                    .member("escape", c.variant().escapeName()).member("successRate", c.successRate())
                    .member("successLow95", c.successLow95()).member("successHigh95", c.successHigh95())
                    .member("trials", c.trials()).member("meanIterations", c.meanIterations())
                    .member("meanSeconds", c.meanSeconds())
                    .name("stalls").beginObject().member("strictSaddle", s.saddle())
                    .member("spuriousSecondOrder", s.spurious()).member("globalOptimum", s.global())
                    .member("notStationary", s.notStationary()).endObject().endObject();
        }
        return j.endArray();
    }
}
