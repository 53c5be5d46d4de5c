package dev.managedtokens.core.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The subset of Go's {@code text/template} the configuration uses: literal text with {@code {{.Field}}} actions
 * (whitespace, {@code {{- -}}} trim markers and template comments allowed). Like Go, naming a field the data
 * does not have is an error rather than an empty string. Any other action (pipelines, functions, {@code if}) is
 * refused at parse time, so an unsupported template is a configuration error, not a surprise during a run.
 */
public final class FieldTemplate {

    /** {@code HTML} reproduces Go's {@code html/template} escaping of substituted values (literal text is kept). */
    public enum Escaping {
        NONE,
        HTML
    }

    private sealed interface Part permits Text, Field {}

    private record Text(String text) implements Part {}

    private record Field(List<String> path, String source) implements Part {
        String name() {
            return String.join(".", path);
        }
    }

    private final String source;
    private final List<Part> parts;

    private FieldTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    public static FieldTemplate parse(String text) throws TemplateException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateException(
                        TemplateException.Kind.PARSE, "unclosed action at column " + (open + 1) + " in " + quote(text));
            }
            String inner = text.substring(open + 2, close);
            boolean trimLeft = inner.length() >= 2 && inner.charAt(0) == '-' && isSpace(inner.charAt(1));
            boolean trimRight = inner.length() >= 2
                    && inner.charAt(inner.length() - 1) == '-'
                    && isSpace(inner.charAt(inner.length() - 2));
            if (trimLeft) {
                inner = inner.substring(1);
                stripTrailingSpace(literal);
            }
            if (trimRight) {
                inner = inner.substring(0, inner.length() - 1);
            }
            i = close + 2;
            if (trimRight) {
                while (i < text.length() && isSpace(text.charAt(i))) {
                    i++;
                }
            }
            String action = inner.strip();
            if (action.startsWith("/*") && action.endsWith("*/") && action.length() >= 4) {
                continue; // a comment produces nothing
            }
            if (literal.length() > 0) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Field(fieldPath(action, text), text.substring(open, close + 2)));
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new FieldTemplate(text, parts);
    }

    private static List<String> fieldPath(String action, String text) throws TemplateException {
        if (action.isEmpty()) {
            throw new TemplateException(TemplateException.Kind.PARSE, "missing value for command in " + quote(text));
        }
        if (action.charAt(0) != '.' || action.length() == 1) {
            throw unsupported(action, text);
        }
        List<String> path = new ArrayList<>();
        for (String segment : action.substring(1).split("\\.", -1)) {
            if (segment.isEmpty() || !isIdentifier(segment)) {
                throw unsupported(action, text);
            }
            path.add(segment);
        }
        return path;
    }

    private static TemplateException unsupported(String action, String text) {
        return new TemplateException(
                TemplateException.Kind.PARSE,
                "unsupported action {{" + action + "}} in " + quote(text)
                        + " (only {{.Field}} substitutions are supported)");
    }

    private static boolean isIdentifier(String s) {
        if (!(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    public String source() {
        return source;
    }

    /** The fields the template names, in order of first use ({@code A.B} for a chained field). */
    public Set<String> fields() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Field f) {
                names.add(f.name());
            }
        }
        return names;
    }

    /** The first field the template names that is not in {@code known}, so validation can fail before a run. */
    public Optional<String> firstUnknownField(Set<String> known) {
        return fields().stream().filter(f -> !known.contains(f)).findFirst();
    }

    public String render(Map<String, ?> data) throws TemplateException {
        return render(data, Escaping.NONE);
    }

    public String render(Map<String, ?> data, Escaping escaping) throws TemplateException {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Text t -> out.append(t.text());
                case Field f -> {
                    if (f.path().size() > 1 || !data.containsKey(f.path().get(0))) {
                        throw new TemplateException(
                                TemplateException.Kind.UNKNOWN_FIELD,
                                "unknown field ." + f.name() + " in " + quote(source) + " (known: "
                                        + String.join(", ", new TreeMap<>(data).keySet()) + ")");
                    }
                    String value = goText(data.get(f.path().get(0)));
                    out.append(escaping == Escaping.HTML ? htmlEscape(value) : value);
                }
            }
        }
        return out.toString();
    }

    /** How Go's fmt prints a value in a template: lists as {@code [a b]}, maps as {@code map[k:v]}. */
    private static String goText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> c) {
            List<String> items = new ArrayList<>();
            for (Object o : c) {
                items.add(goText(o));
            }
            return "[" + String.join(" ", items) + "]";
        }
        if (value instanceof Map<?, ?> m) {
            SortedMap<String, String> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), goText(v)));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(k + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        if (value instanceof Optional<?> o) {
            return o.map(FieldTemplate::goText).orElse("");
        }
        return value.toString();
    }

    /** Go html/template's escaper for text context. */
    static String htmlEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\0' -> out.append('\uFFFD');
                case '"' -> out.append("&#34;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '+' -> out.append("&#43;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void stripTrailingSpace(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && isSpace(sb.charAt(end - 1))) {
            end--;
        }
        sb.setLength(end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldTemplate t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
