package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigNode.MapNode;
import dev.managedtokens.core.config.ConfigNode.NullNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parsed file as viper sees it: case-insensitive dotted paths, and "is set" meaning present with a value. Only
 * this package reads it; everything else gets typed records.
 */
public final class ConfigTree {

    private final MapNode root;

    ConfigTree(MapNode root) {
        this.root = root;
    }

    static ConfigTree empty() {
        return new ConfigTree(new MapNode(Location.START, java.util.Map.of()));
    }

    MapNode root() {
        return root;
    }

    /** The value at a dotted path ({@code email.smtpHost}), if it is set; a dot in a key cannot be addressed, as in Go. */
    Optional<ConfigNode> find(String dottedPath) {
        return find(Arrays.asList(dottedPath.split("\\.", -1)));
    }

    /** The value at the path given segment by segment, if set (present and not null). */
    Optional<ConfigNode> find(List<String> segments) {
        return node(segments).filter(n -> !(n instanceof NullNode));
    }

    boolean isSet(String dottedPath) {
        return find(dottedPath).isPresent();
    }

    /** The node at the path even when it is a null ({@code key:} with no value): whether the key exists at all. */
    Optional<ConfigNode> node(List<String> segments) {
        ConfigNode current = root;
        for (String segment : segments) {
            if (!(current instanceof MapNode map)) {
                return Optional.empty();
            }
            current = map.get(segment.toLowerCase(Locale.ROOT));
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    /** Where the key of the entry at the path was written, for messages about keys rather than values. */
    Optional<Location> keyLocation(List<String> segments) {
        if (segments.isEmpty()) {
            return Optional.of(root.location());
        }
        return node(segments.subList(0, segments.size() - 1))
                .filter(MapNode.class::isInstance)
                .map(MapNode.class::cast)
                .map(m -> m.entries().get(segments.get(segments.size() - 1).toLowerCase(Locale.ROOT)))
                .map(ConfigNode.Entry::keyLocation);
    }

    @Override
    public String toString() {
        return "ConfigTree(" + root.entries().size() + " top-level keys)";
    }
}
