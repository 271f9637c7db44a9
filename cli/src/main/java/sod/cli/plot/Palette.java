package sod.cli.plot;

import java.awt.Color;

/**
 * The Okabe-Ito colours: distinguishable with the common colour-vision deficiencies and in greyscale
 * print by their lightness, the usual choice for journal figures.
 */
public final class Palette {
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color GREEN = new Color(0x009E73);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color PURPLE = new Color(0xCC79A7);
    public static final Color SKY = new Color(0x56B4E9);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLACK = new Color(0x000000);
    /** Grid lines and shaded spans: light enough to stay behind the data. */
    public static final Color GRID = new Color(0xE6E6E6);
    public static final Color SHADE = new Color(0xD9D9D9);
    public static final Color TEXT = new Color(0x222222);

    private static final Color[] CYCLE = {BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK};

    private Palette() {
    }

    /** The i-th colour of the cycle (wrapping). */
    public static Color series(int i) {
        return CYCLE[Math.floorMod(i, CYCLE.length)];
    }
}
