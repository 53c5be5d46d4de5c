package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigNode.ListNode;
import dev.managedtokens.core.config.ConfigNode.NullNode;
import dev.managedtokens.core.config.ConfigNode.ScalarNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The lenient conversions of spf13/cast that viper's getters apply, so a value that worked in the Go service reads
 * the same here: numbers read as strings, a single string read as a whitespace-separated list, and so on. Each
 * conversion says why it failed; the Go service would have used the zero value.
 */
final class Cast {

    /** A converted value, or the reason it could not be converted ({@code value} is then the Go zero value). */
    record Converted<T>(T value, String error) {
        boolean ok() {
            return error == null;
        }

        static <T> Converted<T> of(T value) {
            return new Converted<>(value, null);
        }

        static <T> Converted<T> failed(T zero, String error) {
            return new Converted<>(zero, error);
        }
    }

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private Cast() {}

    /** cast.ToString: text as is, numbers and booleans printed; a list or map is not a string. */
    static Converted<String> string(ConfigNode node) {
        if (node instanceof NullNode) {
            return Converted.of("");
        }
        if (node instanceof ScalarNode s) {
            return Converted.of(scalarText(s.value()));
        }
        return Converted.failed("", "expected a single value, found " + node.describe());
    }

    static String scalarText(Object value) {
        if (value instanceof Double d) {
            if (d.isInfinite() || d.isNaN()) {
                return d.toString();
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(); // Go's FormatFloat(f, 'f', -1, 64)
        }
        return String.valueOf(value);
    }

    /** cast.ToBool: booleans, integers (non-zero is true), and Go's ParseBool spellings. */
    static Converted<Boolean> bool(ConfigNode node) {
        if (node instanceof NullNode) {
            return Converted.of(false);
        }
        if (node instanceof ScalarNode s) {
            Object v = s.value();
            if (v instanceof Boolean b) {
                return Converted.of(b);
            }
            if (v instanceof Long l) {
                return Converted.of(l != 0);
            }
            if (v instanceof BigInteger b) {
                return Converted.of(b.signum() != 0);
            }
            if (v instanceof String str) {
                if (TRUE.contains(str)) {
                    return Converted.of(true);
                }
                if (FALSE.contains(str)) {
                    return Converted.of(false);
                }
            }
        }
        return Converted.failed(false, "expected true or false, found " + node.describe());
    }

    /** cast.ToInt: integers, floats truncated, integer text (with 0x/0o/0b prefixes), booleans as 1/0. */
    static Converted<Long> integer(ConfigNode node) {
        if (node instanceof NullNode) {
            return Converted.of(0L);
        }
        if (node instanceof ScalarNode s) {
            Object v = s.value();
            if (v instanceof Long l) {
                return Converted.of(l);
            }
            if (v instanceof Double d && !d.isNaN() && !d.isInfinite() && Math.abs(d) < 9.2e18) {
                return Converted.of((long) d.doubleValue());
            }
            if (v instanceof Boolean b) {
                return Converted.of(b ? 1L : 0L);
            }
            if (v instanceof String str) {
                Long parsed = parseGoInt(trimZeroDecimal(str));
                if (parsed != null) {
                    return Converted.of(parsed);
                }
            }
        }
        return Converted.failed(0L, "expected a whole number, found " + node.describe());
    }

    /**
     * The whole number the Go service's worker settings accept: a YAML integer, or a JSON number within 1e-9 of one
     * ({@code 41.99999999999999} is 42). Text and fractions are not numbers there.
     */
    static Converted<Long> wholeNumber(ConfigNode node) {
        if (node instanceof ScalarNode s) {
            if (s.value() instanceof Long l) {
                return Converted.of(l);
            }
            if (s.value() instanceof Double d
                    && !d.isNaN()
                    && !d.isInfinite()
                    && Math.abs(d - Math.rint(d)) < 1e-9
                    && Math.abs(d) < 9.2e18) {
                return Converted.of((long) Math.rint(d));
            }
        }
        return Converted.failed(0L, "expected a whole number, found " + node.describe());
    }

    /** cast.ToStringSlice: a list of single values, or one text split on whitespace. */
    static Converted<List<String>> stringList(ConfigNode node) {
        if (node instanceof NullNode) {
            return Converted.of(List.of());
        }
        if (node instanceof ListNode list) {
            List<String> out = new ArrayList<>();
            for (ConfigNode item : list.items()) {
                if (!(item instanceof ScalarNode s)) {
                    return Converted.failed(
                            List.of(), "expected a list of single values, but an item is " + item.describe());
                }
                out.add(scalarText(s.value()));
            }
            return Converted.of(List.copyOf(out));
        }
        if (node instanceof ScalarNode s && s.value() instanceof String str) {
            String trimmed = str.strip();
            return Converted.of(trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+")));
        }
        return Converted.failed(
                List.of(), "expected a list (or one text of space-separated values), found " + node.describe());
    }

    private static String trimZeroDecimal(String s) {
        // cast trims a ".0..." tail so that "25.0" reads as 25
        int dot = s.indexOf('.');
        if (dot > 0 && s.substring(dot + 1).chars().allMatch(c -> c == '0') && dot < s.length() - 1) {
            return s.substring(0, dot);
        }
        return s;
    }

    /** strconv.ParseInt(s, 0, 64): optional sign, base prefixes, underscores only with a prefix. */
    private static Long parseGoInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        String body = s;
        boolean negative = false;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty() || body.charAt(0) == '+' || body.charAt(0) == '-') {
            return null;
        }
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
            } else if (p == 'o') {
                radix = 8;
            } else if (p == 'b') {
                radix = 2;
            }
            if (radix != 10) {
                body = body.substring(2).replace("_", "");
            }
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
        }
        try {
            long v = Long.parseLong(body, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
