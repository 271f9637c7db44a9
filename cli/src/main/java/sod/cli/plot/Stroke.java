package sod.cli.plot;

import java.awt.BasicStroke;

/** Line styles, widths in logical pixels (the figure is drawn at a scale). */
public enum Stroke {
    SOLID(null), DASHED(new float[] {6, 4}), DOTTED(new float[] {1.5f, 3}), DASH_DOT(new float[] {7, 3, 1.5f, 3});

    private final float[] dash;

    Stroke(float[] dash) {
        this.dash = dash;
    }

    BasicStroke awt(float width) {
        return dash == null ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, dash, 0);
    }
}
