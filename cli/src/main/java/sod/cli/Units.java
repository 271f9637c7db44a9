package sod.cli;

import java.util.Locale;

/**
 * Numbers with units for people: three significant digits with an SI prefix (so a slow run prints
 * 0.213 it/s, not 0 it/s), durations as 45s / 2m05s / 3h07m, sizes as 1.2 MB. Non-finite values print
 * as "-" (never NaN).
 */
final class Units {
    private static final String[] PREFIXES = {"", "k", "M", "G", "T", "P"};

    private Units() {
    }

    /** 0.213, 21.3, 2.13k, 213M: three significant digits. */
    static String si(double value) {
        if (!Double.isFinite(value)) return "-";
        double magnitude = Math.abs(value);
        if (magnitude < 999.5) return significant(value);
        int p = 0;
        while (magnitude >= 999.5 && p < PREFIXES.length - 1) {
            magnitude /= 1000;
            value /= 1000;
            p++;
        }
        return significant(value) + PREFIXES[p];
    }

    /** Three significant digits, without an exponent down to 0.001. */
    static String significant(double value) {
        if (!Double.isFinite(value)) return "-";
        double magnitude = Math.abs(value);
        if (magnitude == 0) return "0";
        if (magnitude < 1e-3) return String.format(Locale.ROOT, "%.2e", value);
        // %.3g switches to an exponent at 1e-4 and prints 1.00e+03 for 999.7: choose the decimals instead
        int digits = (int) Math.floor(Math.log10(magnitude * (1 + 5e-4)));
        int decimals = Math.max(0, 2 - digits);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** 12.0ms, 4.2s, 45s, 2m05s, 3h07m, 2d04h. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) return "-";
        if (seconds < 0.9995) return significant(seconds * 1e3) + "ms";
        if (seconds < 10) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        long minutes = Math.round(seconds / 60);
        if (minutes < 48 * 60) return String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
        long hours = Math.round(seconds / 3600);
        return String.format(Locale.ROOT, "%dd%02dh", hours / 24, hours % 24);
    }

    /** 812 B, 1.2 MB, 3.4 GB (decimal units, as the GB/s figures). */
    static String bytes(double bytes) {
        if (!Double.isFinite(bytes)) return "-";
        if (bytes < 1000) return Math.round(bytes) + " B";
        String s = si(bytes);
        return s.substring(0, s.length() - 1) + " " + s.charAt(s.length() - 1) + "B";
    }
}
