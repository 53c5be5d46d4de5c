package dev.managedtokens.core.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges configured extra options with a command's default options the way the Go service does with its lenient
 * pflag parse (docs/configuration.md, "How option strings are merged"): known flags replace their defaults and are
 * emitted sorted by long name, unknown flags follow in the order given, stray words are dropped. The ssh variant
 * keeps {@code -4}-style flags and {@code -o Key Value} options that the Go service silently dropped
 * (docs/compatibility.md).
 */
public final class OptionMerger {

    /** A flag the merge knows: it always appears in the output, with its default unless the extras replace it. */
    public record Flag(String longName, String shortName, String defaultValue) {
        public Flag {
            if (shortName != null && shortName.length() != 1) {
                throw new IllegalArgumentException("a short flag name is one character: " + shortName);
            }
        }

        List<String> render(String value) {
            return List.of(shortName == null ? "--" + longName : "-" + shortName, value);
        }
    }

    /** The result of the lenient parse: every known flag's value, which were given, and the unknown arguments. */
    public record Parsed(Map<String, String> values, Set<String> given, List<String> unknown) {
        public Parsed {
            values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
            given = Set.copyOf(given);
            unknown = List.copyOf(unknown);
        }
    }

    /** ping's defaults; the long names are the Go service's dummy names, which set the output order -W then -c. */
    public static final List<Flag> PING_FLAGS =
            List.of(new Flag("pingFlagW", "W", "5"), new Flag("pingFlagc", "c", "1"));

    /** ssh's defaults, matched case-sensitively as in the Go service. */
    public static final Map<String, String> SSH_DEFAULTS =
            orderedMap("ConnectTimeout", "30", "ServerAliveInterval", "30", "ServerAliveCountMax", "1");

    /** ssh's short options that take an argument (ssh(1) synopsis); their value is kept with them. */
    private static final String SSH_ARGUMENT_FLAGS = "BbcDEeFIiJLlmOopQRSWw";

    private OptionMerger() {}

    /** The lenient parse of {@code args} against {@code known}; parsing stops at the first syntax error. */
    public static Parsed parse(List<Flag> known, List<String> args) {
        Map<String, Flag> byLong = new LinkedHashMap<>();
        Map<Character, Flag> byShort = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Flag f : known) {
            byLong.put(f.longName(), f);
            if (f.shortName() != null) {
                byShort.put(f.shortName().charAt(0), f);
            }
            values.put(f.longName(), f.defaultValue());
        }
        Set<String> given = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        int i = 0;
        parsing:
        while (i < args.size()) {
            String s = args.get(i++);
            if (s.length() < 2 || s.charAt(0) != '-') {
                continue; // a positional word: dropped
            }
            if (s.charAt(1) == '-') {
                if (s.length() == 2) {
                    break; // "--" ends the flags; what follows is positional
                }
                String name = s.substring(2);
                if (name.charAt(0) == '-' || name.charAt(0) == '=') {
                    break; // bad flag syntax stops the parse
                }
                int eq = name.indexOf('=');
                String flagName = eq < 0 ? name : name.substring(0, eq);
                Flag flag = byLong.get(flagName);
                if (flag == null) {
                    if (flagName.equals("help")) {
                        break; // pflag's ErrHelp also stops the parse
                    }
                    unknown.add(s);
                    if (eq < 0) {
                        i = keepUnknownValue(args, i, unknown);
                    }
                    continue;
                }
                if (eq >= 0) {
                    set(values, given, flag, name.substring(eq + 1));
                } else if (i < args.size()) {
                    set(values, given, flag, args.get(i++));
                } else {
                    break; // "flag needs an argument"
                }
                continue;
            }
            String shorthands = s.substring(1);
            char c = shorthands.charAt(0);
            Flag flag = byShort.get(c);
            if (flag == null) {
                if (c == 'h') {
                    break; // pflag's ErrHelp
                }
                unknown.add(s); // a cluster such as -abc stays whole
                if (!(shorthands.length() > 2 && shorthands.charAt(1) == '=')) {
                    i = keepUnknownValue(args, i, unknown);
                }
                continue;
            }
            if (shorthands.length() > 2 && shorthands.charAt(1) == '=') {
                set(values, given, flag, shorthands.substring(2));
            } else if (shorthands.length() > 1) {
                set(values, given, flag, shorthands.substring(1));
            } else if (i < args.size()) {
                set(values, given, flag, args.get(i++));
            } else {
                break parsing;
            }
        }
        return new Parsed(values, given, unknown);
    }

    /**
     * An unknown flag followed by a word: the word is taken as its value and kept, but only when more arguments
     * follow; as the last argument it is consumed and lost (the Go parser's quirk, kept for identical command lines).
     */
    private static int keepUnknownValue(List<String> args, int i, List<String> unknown) {
        if (i >= args.size()) {
            return i;
        }
        String next = args.get(i);
        if (!next.isEmpty() && next.charAt(0) == '-') {
            return i;
        }
        if (i + 1 < args.size()) {
            unknown.add(next);
        }
        return i + 1;
    }

    private static void set(Map<String, String> values, Set<String> given, Flag flag, String value) {
        values.put(flag.longName(), value);
        given.add(flag.longName());
    }

    /** Known flags sorted by long name (byte-wise), each with its value, then the unknown arguments in order. */
    public static List<String> merge(List<Flag> known, List<String> extraArgs) {
        Parsed parsed = parse(known, extraArgs);
        List<String> out = new ArrayList<>();
        known.stream()
                .sorted(Comparator.comparing(Flag::longName, OptionMerger::compareBytes))
                .forEach(f -> out.addAll(f.render(parsed.values().get(f.longName()))));
        out.addAll(parsed.unknown());
        return out;
    }

    /** The options between {@code ping} and the node: {@code -W 5 -c 1} with the configured extras merged in. */
    public static List<String> pingOptions(List<String> extraArgs) {
        return merge(PING_FLAGS, extraArgs);
    }

    /**
     * The ssh options for the rsync remote shell: {@code -o ConnectTimeout=30 -o ServerAliveCountMax=1
     * -o ServerAliveInterval=30} (a configured value for one of them replaces it), then every other configured option
     * in its order, each {@code -o Key=Value}. Accepted forms: {@code Key=Value}, {@code -o Key=Value},
     * {@code -oKey=Value}, {@code -o "Key Value"}, {@code -o Key Value}, and ssh flags such as {@code -4} or
     * {@code -p 2222}, kept as given. Stray words are dropped, as in the Go service; see {@link #sshIgnored}.
     */
    public static List<String> sshOptions(List<String> extraArgs) {
        Map<String, String> defaults = new LinkedHashMap<>(SSH_DEFAULTS);
        List<List<String>> rest = new ArrayList<>();
        for (SshItem item : sshItems(extraArgs)) {
            if (item.key() != null && item.value() != null && defaults.containsKey(item.key())) {
                defaults.put(item.key(), item.value());
            } else if (!item.ignored()) {
                rest.add(item.render());
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(OptionMerger::compareBytes);
        sorted.putAll(defaults);
        sorted.forEach((k, v) -> out.addAll(List.of("-o", k + "=" + v)));
        rest.forEach(out::addAll);
        return out;
    }

    /** The configured ssh tokens that {@link #sshOptions} drops, so configuration validation can name them. */
    public static List<String> sshIgnored(List<String> extraArgs) {
        List<String> ignored = new ArrayList<>();
        for (SshItem item : sshItems(extraArgs)) {
            if (item.ignored()) {
                ignored.addAll(item.tokens());
            }
        }
        return ignored;
    }

    /** One configured ssh option: an {@code -o} key and value, a plain ssh flag (tokens as given), or a stray word. */
    private record SshItem(String key, String value, List<String> tokens, boolean ignored) {
        static SshItem option(String keyValue) {
            int eq = keyValue.indexOf('=');
            if (eq >= 0) {
                return new SshItem(keyValue.substring(0, eq), keyValue.substring(eq + 1), List.of(), false);
            }
            String trimmed = keyValue.strip();
            int space = indexOfSpace(trimmed);
            if (space >= 0) {
                return new SshItem(
                        trimmed.substring(0, space), trimmed.substring(space).strip(), List.of(), false);
            }
            return new SshItem(trimmed, null, List.of(), false);
        }

        List<String> render() {
            if (key != null) {
                return List.of("-o", value == null ? key : key + "=" + value);
            }
            return tokens;
        }
    }

    private static List<SshItem> sshItems(List<String> args) {
        List<SshItem> items = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String t = args.get(i++);
            if (t.equals("-o") || (t.startsWith("-o") && t.length() > 2)) {
                String option;
                if (t.length() > 2) {
                    option = t.substring(2);
                } else if (i < args.size()) {
                    option = args.get(i++);
                } else {
                    items.add(new SshItem(null, null, List.of(t), true));
                    continue;
                }
                SshItem item = SshItem.option(option);
                if (item.value() == null
                        && i < args.size()
                        && !args.get(i).startsWith("-")
                        && !args.get(i).contains("=")) {
                    item = new SshItem(item.key(), args.get(i++), List.of(), false); // -o Key Value
                }
                items.add(item);
            } else if (t.length() > 1 && t.charAt(0) == '-' && t.charAt(1) != '-') {
                List<String> tokens = new ArrayList<>(List.of(t));
                for (int k = 1; k < t.length(); k++) {
                    if (SSH_ARGUMENT_FLAGS.indexOf(t.charAt(k)) >= 0) {
                        if (k == t.length() - 1 && i < args.size()) {
                            tokens.add(args.get(i++)); // -p 2222: the value belongs to the flag
                        }
                        break;
                    }
                }
                items.add(new SshItem(null, null, tokens, false));
            } else if (t.contains("=") && !t.startsWith("-") && t.indexOf('=') > 0) {
                items.add(SshItem.option(t)); // the Go service's own form: Key=Value
            } else {
                items.add(new SshItem(null, null, List.of(t), true));
            }
        }
        return items;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Go sorts strings by bytes; for the ASCII option names here that is UTF-16 order, stated for clarity. */
    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
