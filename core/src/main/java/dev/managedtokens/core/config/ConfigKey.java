package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigNode.MapNode;
import dev.managedtokens.core.config.ConfigNode.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One configuration key, declared once in {@link ConfigKeys}: its name, how its value is checked ({@link Kind}) and
 * read, its default, whether a role may replace it with {@code <name>Override}, and where it may be written.
 *
 * <p>Values are read the lenient way the Go service reads them: a value that is set but cannot be converted gives the
 * Go zero value (text, numbers, lists) or the default (durations, token getters); reporting it is the validator's job.
 *
 * @param name the key as the shipped example writes it; matching is case-insensitive
 * @param kind how the validator checks a written value
 * @param scopes where the key may be written under its own name
 * @param override the name a role may give it under ({@code keytabPathOverride}), replacing the global value for
 *                 that role only
 * @param defaultValue the value when the key is not set anywhere it is looked for; empty means "not set"
 * @param parser the lenient conversion of a set value; empty means the default applies
 * @param <T> the type of the value
 */
record ConfigKey<T>(
        String name,
        Kind kind,
        Set<ConfigScope> scopes,
        Optional<String> override,
        Optional<T> defaultValue,
        Function<ConfigNode, Optional<T>> parser)
        implements ConfigEntry, ServiceKey<T> {

    /** What a key holds, and so how the validator checks it. */
    enum Kind {
        STRING,
        BOOL,
        INT,
        POSITIVE_INT,
        UID,
        DURATION,
        TIMEOUT,
        RETRIES,
        STRING_LIST,
        EMAIL_LIST,
        OPTIONS,
        SSH_OPTIONS,
        PRINCIPAL_TEMPLATE,
        ROLE_FILE_TEMPLATE,
        TOKEN_GETTER,
        /** A UNIX account name ({@link NameRules#accountProblem}). */
        ACCOUNT,
        /** A list of host names ({@link NameRules#hostProblem}). */
        HOST_LIST,
        /** A name that becomes part of file names ({@link NameRules#fileNamePartProblem}). */
        NAME_PART,
        /** Accepted and ignored by both executables, with a note why. */
        NO_EFFECT,
        /** A top-level key named like a command-line flag, which the Go service lets act as the flag. */
        FLAG
    }

    /**
     * Where a per-service lookup found the key.
     *
     * @param path the key's path as declared, e.g. {@code experiments.dune.roles.production.keytabPathOverride}
     * @param scope the level it was found at
     * @param node the value as written
     */
    record Found(List<String> path, ConfigScope scope, ConfigNode node) {
        String dotted() {
            return String.join(".", path);
        }

        /** Whether the role's own value (its override) was found rather than an experiment's or the global one. */
        boolean overridden() {
            return scope == ConfigScope.ROLE;
        }
    }

    ConfigKey {
        scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
        if (override.isPresent() && scopes.contains(ConfigScope.ROLE)) {
            throw new IllegalArgumentException(name + ": a role key has no override of itself");
        }
    }

    /** The declaration behind a handle: every handle is one, the interface being sealed. */
    static <T> ConfigKey<T> of(ServiceKey<T> handle) {
        return switch (handle) {
            case ConfigKey<T> k -> k;
        };
    }

    /**
     * Whether the key has a value of its own per service: it may be written under a role (itself, or its
     * {@code …Override}) or under an experiment. These are the keys {@link ServiceSettings#find} reads.
     */
    boolean perService() {
        return override.isPresent() || scopes.contains(ConfigScope.ROLE) || scopes.contains(ConfigScope.EXPERIMENT);
    }

    /** The name the key is written under at {@code scope}: the override name for a role, else the key's own. */
    String nameIn(ConfigScope scope) {
        return scope == ConfigScope.ROLE && override.isPresent() ? override.get() : name;
    }

    @Override
    public boolean allowedAt(ConfigScope scope, String normalisedName) {
        boolean here = scopes.contains(scope) || (scope == ConfigScope.ROLE && override.isPresent());
        return here && scope.normalise(nameIn(scope)).equals(normalisedName);
    }

    /** The place the key is read from outside per-service lookups: its section, or the top level. */
    ConfigScope home() {
        return scopes.iterator().next();
    }

    /** The value set in the section at {@code sectionPath}, converted; empty when not set or not convertible. */
    Optional<T> find(ConfigTree tree, List<String> sectionPath) {
        List<ConfigNode> set = setNodes(tree, sectionPath, home(), name);
        // Under timeouts two spellings of one key may both be written (an error); the later readable one wins.
        for (int i = set.size() - 1; i >= 0; i--) {
            Optional<T> v = parser.apply(set.get(i));
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** The value in the section at {@code sectionPath}, else the default. */
    Optional<T> value(ConfigTree tree, List<String> sectionPath) {
        return find(tree, sectionPath).or(this::defaultValue);
    }

    /** The value of a top-level key or of a key of a fixed section ({@code email.from}), else the default. */
    Optional<T> value(ConfigTree tree) {
        return value(tree, ConfigKeys.pathOf(home()));
    }

    /** The value of a key of a map of names ({@code logs.<executable>.logfile}), else the default. */
    Optional<T> value(ConfigTree tree, String name) {
        return value(tree, ConfigScope.append(ConfigKeys.pathOf(home()), name));
    }

    /**
     * Where the service's value is set, by the one precedence of the file: the role's value (its override for a
     * global key), then the experiment's, then the global one, each level only where the key may be written. A key
     * written with no value is not set and does not stop the search.
     */
    Optional<Found> locate(ConfigTree tree, ServiceName service) {
        if (override.isPresent() || scopes.contains(ConfigScope.ROLE)) {
            Optional<Found> f = at(tree, ConfigScope.rolePath(service), ConfigScope.ROLE);
            if (f.isPresent()) {
                return f;
            }
        }
        if (scopes.contains(ConfigScope.EXPERIMENT)) {
            Optional<Found> f = at(tree, ConfigScope.experimentPath(service), ConfigScope.EXPERIMENT);
            if (f.isPresent()) {
                return f;
            }
        }
        if (scopes.contains(ConfigScope.GLOBAL)) {
            return at(tree, List.of(), ConfigScope.GLOBAL);
        }
        return Optional.empty();
    }

    /** The service's value: the one {@link #locate} finds, converted, else the default. */
    Optional<T> forService(ConfigTree tree, ServiceName service) {
        return locate(tree, service).flatMap(f -> parser.apply(f.node())).or(this::defaultValue);
    }

    private Optional<Found> at(ConfigTree tree, List<String> path, ConfigScope scope) {
        String written = nameIn(scope);
        List<ConfigNode> set = setNodes(tree, path, scope, written);
        return set.isEmpty()
                ? Optional.empty()
                : Optional.of(new Found(ConfigScope.append(path, written), scope, set.get(set.size() - 1)));
    }

    /** The set values of the map at {@code path} whose key matches {@code written}, in file order. */
    private static List<ConfigNode> setNodes(ConfigTree tree, List<String> path, ConfigScope scope, String written) {
        List<ConfigNode> out = new ArrayList<>();
        if (tree.node(path).orElse(null) instanceof MapNode map) {
            String wanted = scope.normalise(written);
            for (ConfigNode.Entry e : map.entries().values()) {
                if (scope.normalise(e.key()).equals(wanted) && !(e.value() instanceof NullNode)) {
                    out.add(e.value());
                }
            }
        }
        return out;
    }
}
