package dev.managedtokens.tokenpush.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The samples of a Prometheus text exposition (what the Pushgateway's {@code /metrics} answers), to query by label. */
final class MetricSamples {

    /** One sample line: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.get(key);
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;
    private final String text;

    private MetricSamples(List<Sample> samples, String text) {
        this.samples = samples;
        this.text = text;
    }

    static MetricSamples parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new AssertionError("not a sample line of the exposition format: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new MetricSamples(out, text);
    }

    /** Only the samples of one Pushgateway group: {@code job} and {@code executable} labels. */
    MetricSamples group(String job, String executable) {
        return filter(s -> job.equals(s.label("job")) && executable.equals(s.label("executable")));
    }

    MetricSamples filter(Predicate<Sample> p) {
        return new MetricSamples(samples.stream().filter(p).toList(), text);
    }

    /** Every sample of {@code name} (managed_tokens_ prefix added when missing). */
    List<Sample> all(String name) {
        String full = name.startsWith("managed_tokens_") ? name : "managed_tokens_" + name;
        return samples.stream().filter(s -> s.name().equals(full)).toList();
    }

    /**
     * The sample of {@code name} whose labels include these (key, value, key, value, ...), besides the group's;
     * empty when there is none. Fails when several match.
     */
    Optional<Sample> find(String name, String... keyValues) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) want.put(keyValues[i], keyValues[i + 1]);
        List<Sample> found = all(name).stream()
                .filter(s -> want.entrySet().stream().allMatch(e -> e.getValue().equals(s.label(e.getKey()))))
                .toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + want + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** The value of the one sample that {@link #find} finds; fails the test (showing the exposition) without one. */
    double value(String name, String... keyValues) {
        return find(name, keyValues)
                .orElseThrow(() -> new AssertionError(
                        "no sample " + name + " with " + String.join(",", keyValues) + " among:\n" + dump()))
                .value();
    }

    /** The distinct values of {@code label} over the samples of {@code name}. */
    List<String> labelValues(String name, String label) {
        return all(name).stream().map(s -> s.label(label)).distinct().sorted().toList();
    }

    /** The managed_tokens_ samples, one per line, for assertion messages. */
    String dump() {
        return samples.stream()
                .filter(s -> s.name().startsWith("managed_tokens_"))
                .map(Sample::toString)
                .collect(Collectors.joining("\n"));
    }
}
