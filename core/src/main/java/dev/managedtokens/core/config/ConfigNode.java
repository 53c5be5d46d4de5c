package dev.managedtokens.core.config;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of the configuration file with the place it was written, so that every problem can be reported with its
 * line and column. Map keys are lower-cased as viper does; the key as written is kept for messages.
 */
sealed interface ConfigNode {

    Location location();

    /** How the value reads in a message: "a map", "a list", "the number 3", "the text \"x\"". */
    String describe();

    record MapNode(Location location, Map<String, Entry> entries) implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        ConfigNode get(String lowerCaseKey) {
            Entry e = entries.get(lowerCaseKey);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A map entry: the key as written, where it was written, and its value. */
    record Entry(String key, Location keyLocation, ConfigNode value) {}

    record ListNode(Location location, List<ConfigNode> items) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A string, Boolean, Long, BigInteger, or Double as the YAML or JSON parser typed it. */
    record ScalarNode(Location location, Object value) implements ConfigNode {
        @Override
        public String describe() {
            if (value instanceof String s) {
                return "the text \"" + s + "\"";
            }
            if (value instanceof Boolean b) {
                return "the boolean " + b;
            }
            if (value instanceof Double d) {
                return "the number "
                        + BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
            return "the number " + value;
        }
    }

    /** {@code key:} with no value, {@code ~} or JSON {@code null}: viper counts the key as not set. */
    record NullNode(Location location) implements ConfigNode {
        @Override
        public String describe() {
            return "no value";
        }
    }
}
