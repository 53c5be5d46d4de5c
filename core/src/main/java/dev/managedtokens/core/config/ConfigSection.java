package dev.managedtokens.core.config;

import java.util.List;

/**
 * A key that opens a section: a fixed map of keys ({@code email}), or a map of names each holding the same keys
 * ({@code experiments}, {@code roles}, {@code workerType}, {@code logs}).
 *
 * @param name the key, e.g. {@code workerType}
 * @param in where the key itself is written
 * @param opens the place its keys belong to
 * @param named whether its keys are names (experiments, roles, worker types, executables) rather than keys
 * @param knownNames for a map of names, the only names allowed; empty means any name
 */
record ConfigSection(String name, ConfigScope in, ConfigScope opens, boolean named, List<String> knownNames)
        implements ConfigEntry {

    ConfigSection {
        knownNames = List.copyOf(knownNames);
    }

    @Override
    public boolean allowedAt(ConfigScope scope, String normalisedName) {
        return scope == in && scope.normalise(name).equals(normalisedName);
    }
}
