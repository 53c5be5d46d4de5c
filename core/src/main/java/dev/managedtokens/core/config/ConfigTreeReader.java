package dev.managedtokens.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.managedtokens.core.config.ConfigNode.Entry;
import dev.managedtokens.core.config.ConfigNode.ListNode;
import dev.managedtokens.core.config.ConfigNode.MapNode;
import dev.managedtokens.core.config.ConfigNode.NullNode;
import dev.managedtokens.core.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads YAML or JSON with Jackson's streaming parser into {@link ConfigNode}s that remember their line and column
 * (databind's tree model forgets them). Keys are lower-cased like viper's; a key given twice (in any case) is reported.
 */
final class ConfigTreeReader {

    /** The two formats we read; the Go service's other viper formats are refused by the loader. */
    enum Format {
        JSON,
        YAML
    }

    /** The only words YAML 1.2 (yaml.v3, viper's parser) reads as booleans; Jackson also takes yes/no/on/off. */
    private static final Set<String> YAML12_BOOLEANS = Set.of("true", "True", "TRUE", "false", "False", "FALSE");

    private final JsonParser parser;
    private final Consumer<ConfigProblem.Draft> problems;
    private final Map<String, ConfigNode> anchors = new HashMap<>();

    private ConfigTreeReader(JsonParser parser, Consumer<ConfigProblem.Draft> problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /** The root map of {@code text}; an empty document gives an empty map. */
    static MapNode read(String text, Format format, Consumer<ConfigProblem.Draft> problems)
            throws ConfigSyntaxException {
        JsonFactory factory = format == Format.JSON ? new JsonFactory() : new YAMLFactory();
        try (JsonParser p = factory.createParser(text)) {
            ConfigTreeReader reader = new ConfigTreeReader(p, problems);
            JsonToken first = p.nextToken();
            if (first == null) {
                return new MapNode(Location.START, Map.of());
            }
            ConfigNode root = reader.value(first);
            if (!(root instanceof MapNode map)) {
                if (root instanceof NullNode) {
                    return new MapNode(Location.START, Map.of());
                }
                throw new ConfigSyntaxException(
                        root.location(), "the file holds " + root.describe() + ", not a map of settings");
            }
            JsonToken extra = p.nextToken();
            if (extra != null) {
                problems.accept(new ConfigProblem.Draft(
                        location(p),
                        "",
                        ConfigProblem.Severity.WARNING,
                        "a second document follows the first; it is ignored, as the Go service ignores it",
                        "keep the whole configuration in one document"));
            }
            return map;
        } catch (StreamReadException e) {
            JsonLocation l = e.getLocation();
            Location where =
                    l == null ? Location.START : new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
            throw new ConfigSyntaxException(where, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigSyntaxException(Location.START, firstLine(String.valueOf(e.getMessage())));
        }
    }

    private ConfigNode value(JsonToken token) throws IOException, ConfigSyntaxException {
        Location where = location(parser);
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            ConfigNode anchored = anchors.get(parser.getText());
            if (anchored == null) {
                throw new ConfigSyntaxException(where, "the alias *" + parser.getText() + " names no anchor");
            }
            return anchored;
        }
        Object anchor = parser instanceof YAMLParser ? parser.getObjectId() : null;
        ConfigNode node = plainValue(token, where);
        if (anchor != null) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private ConfigNode plainValue(JsonToken token, Location where) throws IOException, ConfigSyntaxException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                List<MapNode> merges = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyLocation = location(parser);
                    ConfigNode v = value(parser.nextToken());
                    if (parser instanceof YAMLParser && key.equals("<<") && mergeSources(v, merges)) {
                        continue; // a YAML merge key, as yaml.v3 applies it
                    }
                    String lower = key.toLowerCase(Locale.ROOT);
                    Entry previous = entries.get(lower);
                    if (previous != null) {
                        problems.accept(new ConfigProblem.Draft(
                                keyLocation,
                                key,
                                ConfigProblem.Severity.ERROR,
                                "the key is given twice (first as \"" + previous.key() + "\" at line "
                                        + previous.keyLocation().line() + "); keys are case-insensitive, and the Go"
                                        + " service would use either one",
                                "keep only one of them"));
                    }
                    entries.put(lower, new Entry(key, keyLocation, v));
                }
                for (MapNode merged : merges) {
                    merged.entries().forEach(entries::putIfAbsent); // keys written in the map win
                }
                return new MapNode(where, entries);
            }
            case START_ARRAY: {
                List<ConfigNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(t));
                }
                return new ListNode(where, items);
            }
            case VALUE_NULL:
                return new NullNode(where);
            case VALUE_TRUE:
            case VALUE_FALSE:
                if (parser instanceof YAMLParser && !YAML12_BOOLEANS.contains(parser.getText())) {
                    return new ScalarNode(where, parser.getText()); // yes/no/on/off are text for the Go service
                }
                return new ScalarNode(where, token == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT: {
                Number n = parser.getNumberValue();
                Object v = n instanceof BigInteger big ? big : (Object) n.longValue();
                return new ScalarNode(where, v);
            }
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(where, parser.getDoubleValue());
            default:
                return new ScalarNode(where, parser.getText());
        }
    }

    private static boolean mergeSources(ConfigNode v, List<MapNode> merges) {
        if (v instanceof MapNode m) {
            merges.add(m);
            return true;
        }
        if (v instanceof ListNode l && l.items().stream().allMatch(MapNode.class::isInstance)) {
            l.items().forEach(i -> merges.add((MapNode) i));
            return true;
        }
        return false;
    }

    private static Location location(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        return line.replaceAll("\\s+", " ");
    }
}
