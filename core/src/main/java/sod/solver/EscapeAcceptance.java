package sod.solver;

/**
 * When an escape counts as one: its point must end clearly lower than the same budget of plain local
 * steps from the stalled point would, otherwise it is a descent step booked as an escape. With
 * {@code hBefore} at the stalled point, {@code hLocal} after the local steps and {@code hEscape} at the
 * escape's point after the same number of steps, an escape is accepted when
 * <ul>
 *   <li>it decreases h by at least {@value #GAIN_FACTOR} times what the local steps decrease it:
 *       {@code hBefore - hEscape >= 2 (hBefore - hLocal)}, and</li>
 *   <li>it ends at least {@value #MIN_RELATIVE_GAIN} (relative) below the local steps' point:
 *       {@code hEscape <= (1 - 1e-3) hLocal}.</li>
 * </ul>
 * At a stall (h dropped by at most 0.1% over the stall window) the local steps gain very little, so a
 * move to another basin passes easily, while a candidate that only repeats the local steps' progress
 * does not.
 */
final class EscapeAcceptance {
    static final double GAIN_FACTOR = 2;
    static final double MIN_RELATIVE_GAIN = 1e-3;

    private EscapeAcceptance() {}

    static boolean accepts(double hBefore, double hLocal, double hEscape) {
        if (!(hEscape < hLocal)) return false;
        return hBefore - hEscape >= GAIN_FACTOR * (hBefore - hLocal) && hEscape <= (1 - MIN_RELATIVE_GAIN) * hLocal;
    }
}
