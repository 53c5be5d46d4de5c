package dev.managedtokens.core.text;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}: the Go service reads timeouts and retry sleeps with these
 * rules, so a file that worked there means the same here ({@code 1h30m}, {@code 1.5s}, {@code 300ms}; no {@code d}).
 */
public final class GoDuration {

    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(63); // Go compares against 1<<63
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** Parses like Go; the message of the exception is Go's own error text. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time: invalid duration \"\"");
        }
        String orig = text;
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(orig);
            }
            int start = i;
            BigInteger whole = BigInteger.ZERO;
            while (i < s.length() && isDigit(s.charAt(i))) {
                whole = whole.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
                if (whole.compareTo(MAX_UNSIGNED) > 0) {
                    throw invalid(orig);
                }
                i++;
            }
            boolean pre = i != start;
            long fraction = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    if (!overflow) {
                        if (fraction > (Long.MAX_VALUE) / 10) {
                            overflow = true; // Go stops accumulating precision instead of failing
                        } else {
                            fraction = fraction * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i != fractionStart;
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            int unitStart = i;
            while (i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String unitText = s.substring(unitStart, i);
            Long unit = UNITS.get(unitText);
            if (unit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unitText) + " in duration " + quote(orig));
            }
            BigInteger value = whole.multiply(BigInteger.valueOf(unit));
            if (value.compareTo(MAX_UNSIGNED) > 0) {
                throw invalid(orig);
            }
            if (fraction > 0) {
                // Go uses float64 here too, which is nanosecond-exact for fractions of an hour.
                value = value.add(BigInteger.valueOf((long) ((double) fraction * ((double) unit / scale))));
                if (value.compareTo(MAX_UNSIGNED) > 0) {
                    throw invalid(orig);
                }
            }
            total = total.add(value);
            if (total.compareTo(MAX_UNSIGNED) > 0) {
                throw invalid(orig);
            }
        }
        if (negative) {
            return Duration.ofNanos(total.negate().longValue());
        }
        if (total.compareTo(MAX_UNSIGNED) >= 0) {
            throw invalid(orig);
        }
        return Duration.ofNanos(total.longValue());
    }

    /** The parsed duration, or empty when Go would have returned an error. */
    public static Optional<Duration> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code Duration.String()}: {@code 1m30s}, {@code 300ms}, {@code 0s}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.toString(); // outside Go's range; never parsed from a Go duration
        }
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        BigInteger u = BigInteger.valueOf(nanos).abs();
        StringBuilder out = new StringBuilder();
        if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValue();
            String unit;
            int precision;
            if (v < 1_000) {
                return (negative ? "-" : "") + v + "ns";
            } else if (v < 1_000_000) {
                unit = "\u00b5s";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            out.append(fraction(v, precision)).append(unit);
        } else {
            long v = u.longValue();
            long hours = v / 3_600_000_000_000L;
            long rest = v % 3_600_000_000_000L;
            long minutes = rest / 60_000_000_000L;
            long secondsNanos = rest % 60_000_000_000L;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            out.append(fraction(secondsNanos, 9)).append('s');
        }
        return (negative ? "-" : "") + out;
    }

    private static String fraction(long value, int precision) {
        long divisor = (long) Math.pow(10, precision);
        long whole = value / divisor;
        long frac = value % divisor;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + precision + "d", frac).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + quote(orig));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
