package sod.io;

/**
 * The fast path of decimal parsing for text readers: Clinger's exact case. A mantissa below 2^53
 * times or divided by an exact power of ten (at most 10^22) is correctly rounded by one IEEE
 * operation, so the result equals {@link Double#parseDouble}; anything else is left to it.
 */
final class DecimalBytes {
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private DecimalBytes() {
    }

    /**
     * The value of the ASCII decimal in {@code buf[start, end)}, or NaN when the fast path does not
     * apply (too many digits, a large exponent, or not a plain decimal at all).
     */
    static double parseFast(byte[] buf, int start, int end) {
        int p = start;
        boolean negative = false;
        if (p < end && (buf[p] == '-' || buf[p] == '+')) {
            negative = buf[p] == '-';
            p++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        boolean anyDigit = false;
        boolean exact = true;
        while (p < end && buf[p] >= '0' && buf[p] <= '9') {
            anyDigit = true;
            if (significant < 18) {
                mantissa = mantissa * 10 + (buf[p] - '0');
                significant += mantissa != 0 ? 1 : 0;
            } else {
                exact = false;
            }
            p++;
        }
        if (p < end && buf[p] == '.') {
            p++;
            while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                anyDigit = true;
                if (significant < 18) {
                    mantissa = mantissa * 10 + (buf[p] - '0');
                    significant += mantissa != 0 ? 1 : 0;
                    exponent--;
                } else {
                    exact = false;
                }
                p++;
            }
        }
        if (anyDigit && p < end && (buf[p] == 'e' || buf[p] == 'E')) {
            p++;
            boolean negativeExponent = false;
            if (p < end && (buf[p] == '-' || buf[p] == '+')) {
                negativeExponent = buf[p] == '-';
                p++;
            }
            int digitsStart = p;
            int e = 0;
            while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                e = Math.min(e * 10 + (buf[p] - '0'), 100_000);
                p++;
            }
            if (p == digitsStart) {
                anyDigit = false;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (anyDigit && p == end && exact && mantissa < (1L << 53) && Math.abs(exponent) <= 22) {
            double magnitude = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            // mantissa * 10^e with e > 0 is exact only while the product stays below 2^53.
            if (exponent <= 0 || mantissa == 0 || magnitude < 0x1p53) {
                return negative ? -magnitude : magnitude;
            }
        }
        return Double.NaN;
    }
}
