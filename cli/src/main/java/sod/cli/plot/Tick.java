package sod.cli.plot;

/**
 * A tick on an axis: major ticks carry a label (and a grid line), minor ones only a short mark.
 *
 * @param label    the label's text, null for a minor tick; may hold line breaks (category labels)
 * @param exponent when not null the label is {@code label^exponent}, e.g. 10 with exponent -3
 */
public record Tick(double value, String label, String exponent) {
    static Tick minor(double value) {
        return new Tick(value, null, null);
    }

    static Tick major(double value, String label) {
        return new Tick(value, label, null);
    }

    public boolean isMajor() {
        return label != null;
    }
}
