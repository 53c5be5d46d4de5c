package dev.managedtokens.core.config;

import java.util.List;
import java.util.Optional;

/**
 * The one place the override rule of spec §2.3 lives: for a global-or-per-role key K, the role's {@code KOverride}
 * if it is set, otherwise the top-level K. There is no experiment-level fallback.
 */
final class OverrideRule {

    /** Which path a lookup reads, and whether it is the role's override. */
    record Lookup(List<String> path, boolean overridden) {
        String dotted() {
            return String.join(".", path);
        }
    }

    private OverrideRule() {}

    /** The service's config path: {@code experiments.<E>.roles.<R>}. */
    static List<String> servicePath(ServiceName service) {
        return List.of("experiments", service.experiment(), "roles", service.role());
    }

    /** {@code <servicePath>.<key>Override} if it is set, else the global {@code key} (set or not). */
    static Lookup lookup(ConfigTree tree, List<String> servicePath, String key) {
        List<String> override = ConfigReader.append(servicePath, key + "Override");
        if (tree.find(override).isPresent()) {
            return new Lookup(override, true);
        }
        return new Lookup(List.of(key), false);
    }

    /** The value the rule selects for the service, if set. */
    static Optional<ConfigNode> value(ConfigTree tree, ServiceName service, String key) {
        return tree.find(lookup(tree, servicePath(service), key).path());
    }
}
