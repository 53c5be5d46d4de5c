package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigKey.Kind;
import dev.managedtokens.core.config.ConfigKeys.Section;
import dev.managedtokens.core.config.ConfigNode.Entry;
import dev.managedtokens.core.config.ConfigNode.ListNode;
import dev.managedtokens.core.config.ConfigNode.MapNode;
import dev.managedtokens.core.config.ConfigNode.NullNode;
import dev.managedtokens.core.config.ConfigNode.ScalarNode;
import dev.managedtokens.core.config.ConfigProblem.Draft;
import dev.managedtokens.core.config.ConfigProblem.Severity;
import dev.managedtokens.core.text.FieldTemplate;
import dev.managedtokens.core.text.GoDuration;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.core.text.Shlex;
import dev.managedtokens.core.text.ShlexException;
import dev.managedtokens.core.text.TemplateException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the whole file against the registry ({@link ConfigKeys}: which keys exist, where each may be written, what
 * each holds) and the rules that span keys, collecting every problem instead of stopping at the first. See
 * {@link ConfigProblem} for what is an error and what a warning.
 */
final class ConfigValidator {

    static final long MAX_UID = 0xFFFF_FFFFL;

    // The keys of the file's structure as the tree stores them (lower-cased).
    private static final String EXPERIMENTS = ConfigScope.GLOBAL.normalise(ConfigKeys.EXPERIMENTS.name());
    private static final String ROLES = ConfigScope.EXPERIMENT.normalise(ConfigKeys.ROLES.name());

    private final ConfigTree tree;
    private final Config config;
    private final List<Draft> out = new ArrayList<>();

    private ConfigValidator(ConfigTree tree, Config config) {
        this.tree = tree;
        this.config = config;
    }

    static List<Draft> validate(ConfigTree tree, Config config) {
        ConfigValidator v = new ConfigValidator(tree, config);
        v.section(tree.root(), ConfigKeys.section(ConfigScope.GLOBAL), "");
        v.crossChecks();
        v.servicesDefined();
        v.out.addAll(ExternalToolChecks.check(tree, config));
        return v.out;
    }

    private void section(MapNode map, Section section, String path) {
        for (Entry e : map.entries().values()) {
            String keyPath = join(path, e.key());
            Optional<ConfigEntry> entry = section.get(e.key());
            if (entry.isEmpty()) {
                unknownKey(e, keyPath, section.scope(), section.names());
            } else if (entry.get() instanceof ConfigSection s) {
                open(e, s, keyPath);
            } else {
                check(e, (ConfigKey<?>) entry.get(), keyPath);
            }
        }
    }

    private void open(Entry e, ConfigSection s, String keyPath) {
        ConfigNode v = e.value();
        if (v instanceof NullNode) {
            return; // not set: the default applies
        }
        if (s.named()) {
            named(e, s, keyPath);
        } else if (s.opens() == ConfigScope.TIMEOUTS) {
            timeouts(v, keyPath);
        } else if (mapOrError(v, keyPath) instanceof MapNode m) {
            section(m, ConfigKeys.section(s.opens()), keyPath);
        }
    }

    private void check(Entry e, ConfigKey<?> key, String keyPath) {
        ConfigNode v = e.value();
        if (key.kind() == Kind.FLAG) {
            warn(
                    e.keyLocation(),
                    keyPath,
                    "the Go service lets this key act as the --" + key.name()
                            + " flag; flags in the configuration file are ignored here",
                    "give --" + key.name() + " on the command line instead, and remove the key");
            return;
        }
        if (key.kind() == Kind.NO_EFFECT) {
            warn(
                    e.keyLocation(),
                    keyPath,
                    "has no effect (the Go service binds it to _condor_COLLECTOR_HOST" + " but never reads it)",
                    "remove it; collectors are set with condorCollectorHost");
            return;
        }
        if (v instanceof NullNode) {
            return; // not set: the default applies
        }
        switch (key.kind()) {
            case STRING -> string(v, keyPath);
            case BOOL -> {
                if (!Cast.bool(v).ok()) {
                    boolean yaml11 = v instanceof ScalarNode s
                            && s.value() instanceof String str
                            && Set.of("yes", "no", "on", "off", "y", "n").contains(str.toLowerCase(Locale.ROOT));
                    error(
                            v,
                            keyPath,
                            Cast.bool(v).error() + (yaml11 ? " (the Go service reads it as false)" : ""),
                            "write true or false");
                }
            }
            case INT -> {
                if (!Cast.integer(v).ok()) {
                    error(v, keyPath, Cast.integer(v).error(), "write a whole number");
                }
            }
            case POSITIVE_INT -> {
                Cast.Converted<Long> n = Cast.integer(v);
                if (!n.ok() || n.value() < 1) {
                    error(
                            v,
                            keyPath,
                            "expected a whole number of at least 1, found " + v.describe(),
                            "write a number such as 1, or remove the key for the default");
                }
            }
            case UID -> uid(v, keyPath);
            case DURATION, TIMEOUT -> duration(v, keyPath, key);
            case RETRIES -> retries(v, keyPath);
            case STRING_LIST -> {
                if (!Cast.stringList(v).ok()) {
                    error(v, keyPath, Cast.stringList(v).error(), "write a YAML list such as [a, b]");
                }
            }
            case EMAIL_LIST -> emails(v, keyPath);
            case OPTIONS, SSH_OPTIONS -> options(v, keyPath, key.kind() == Kind.SSH_OPTIONS);
            case PRINCIPAL_TEMPLATE ->
                template(
                        v,
                        keyPath,
                        TemplateFields.PRINCIPAL,
                        "the principal of every service using it would be empty, so those services are skipped");
            case ROLE_FILE_TEMPLATE ->
                template(
                        v, keyPath, TemplateFields.ROLE_FILE, "no role file would be pushed for the services using it");
            case TOKEN_GETTER -> tokenGetter(v, keyPath);
            case ACCOUNT -> account(v, keyPath);
            case HOST_LIST -> hosts(v, keyPath);
            case NAME_PART -> namePart(v, keyPath);
            default -> throw new IllegalStateException("unhandled kind " + key.kind());
        }
    }

    private MapNode mapOrError(ConfigNode v, String keyPath) {
        if (v instanceof MapNode m) {
            return m;
        }
        error(v, keyPath, "expected a section of keys, found " + v.describe(), "write it as a map of keys");
        return null;
    }

    private void named(Entry e, ConfigSection key, String keyPath) {
        if (!(mapOrError(e.value(), keyPath) instanceof MapNode names)) {
            return;
        }
        for (Entry named : names.entries().values()) {
            String namedPath = join(keyPath, named.key());
            if (!key.knownNames().isEmpty()
                    && key.knownNames().stream().noneMatch(n -> n.equalsIgnoreCase(named.key()))) {
                unknownKey(named, namedPath, null, key.knownNames());
                continue;
            }
            if (key.opens() == ConfigScope.EXPERIMENT) {
                experimentName(named, namedPath);
            } else if (key.opens() == ConfigScope.ROLE) {
                roleName(named, namedPath);
            }
            if (named.value() instanceof NullNode) {
                continue;
            }
            if (mapOrError(named.value(), namedPath) instanceof MapNode m) {
                section(m, ConfigKeys.section(key.opens()), namedPath);
            }
        }
    }

    private void experimentName(Entry e, String keyPath) {
        if (e.key().contains(".")) {
            error(
                    e.keyLocation(),
                    keyPath,
                    "an experiment name containing \".\" cannot be addressed (the dot"
                            + " separates keys), so its roles would be read as empty",
                    "rename the experiment and keep the real name in experimentOverride");
            return;
        }
        NameRules.fileNamePartProblem(e.key())
                .ifPresent(p -> error(
                        e.keyLocation(),
                        keyPath,
                        "the experiment name " + p,
                        "rename the experiment using letters, digits, _ and inner -"));
    }

    private void account(ConfigNode v, String keyPath) {
        Cast.Converted<String> text = Cast.string(v);
        if (!text.ok()) {
            error(v, keyPath, text.error(), "write the UNIX account name");
            return;
        }
        if (text.value().isEmpty()) {
            return; // as if not set: the role's own warning covers it
        }
        NameRules.accountProblem(text.value())
                .ifPresent(p -> error(
                        v,
                        keyPath,
                        "the account " + p,
                        "write the UNIX user name of the account on the nodes, e.g. dunepro"));
    }

    private void hosts(ConfigNode v, String keyPath) {
        Cast.Converted<List<String>> list = Cast.stringList(v);
        if (!list.ok()) {
            error(v, keyPath, list.error(), "write a YAML list such as [a, b]");
            return;
        }
        // Each item of a YAML list is reported at its own place; a space-separated text at the text.
        List<ConfigNode> items = v instanceof ListNode l ? l.items() : null;
        for (int i = 0; i < list.value().size(); i++) {
            ConfigNode at = items != null ? items.get(i) : v;
            NameRules.hostProblem(list.value().get(i))
                    .ifPresent(p ->
                            error(at, keyPath, "the node " + p, "write the node's host name, e.g. node1.example.org"));
        }
    }

    private void namePart(ConfigNode v, String keyPath) {
        Cast.Converted<String> text = Cast.string(v);
        if (!text.ok()) {
            error(v, keyPath, text.error(), "write a single value");
            return;
        }
        if (text.value().isEmpty()) {
            return; // an empty override is not set
        }
        NameRules.fileNamePartProblem(text.value())
                .ifPresent(p -> error(
                        v,
                        keyPath,
                        "the name " + p + "; it becomes part of token file names and of the storer's arguments",
                        "write the experiment's name using letters, digits, _ and inner -"));
    }

    private void roleName(Entry e, String keyPath) {
        if (ServiceName.isAddressableRole(e.key())) {
            NameRules.fileNamePartProblem(e.key())
                    .ifPresent(p -> error(e.keyLocation(), keyPath, "the role name " + p, "use a shorter role name"));
        } else {
            ServiceName misread = ServiceName.parse("x_" + e.key());
            String how = misread.experiment().equals("x") ? "as role \"" + misread.role() + "\"" : "at all";
            error(
                    e.keyLocation(),
                    keyPath,
                    "role \"" + e.key() + "\" is not purely letters and digits, so its"
                            + " service name would not lead back to this role (the Go service reads it " + how + ")",
                    "rename the role using letters and digits only");
        }
        if (e.value() instanceof MapNode role) {
            if (role.get(ConfigScope.ROLE.normalise(ConfigKeys.ACCOUNT.name())) == null) {
                warn(
                        e.keyLocation(),
                        keyPath,
                        "the role has no account, which the UID lookup, the keytab name" + " and the principal need",
                        "add account: <the UNIX account on the nodes>");
            }
            if (role.get(ConfigScope.ROLE.normalise(ConfigKeys.DESTINATION_NODES.name())) == null) {
                warn(
                        e.keyLocation(),
                        keyPath,
                        "the role has no destinationNodes, so its tokens are pushed nowhere",
                        "add destinationNodes: [node1, ...]");
            }
        }
    }

    private void timeouts(ConfigNode v, String keyPath) {
        if (!(mapOrError(v, keyPath) instanceof MapNode map)) {
            return;
        }
        Section timeouts = ConfigKeys.section(ConfigScope.TIMEOUTS);
        Map<ConfigEntry, Entry> seen = new HashMap<>();
        for (Entry e : map.entries().values()) {
            String entryPath = join(keyPath, e.key());
            Optional<ConfigEntry> key = timeouts.match(e.key());
            if (key.isEmpty()) {
                unknownKey(e, entryPath, ConfigScope.TIMEOUTS, timeouts.names());
                continue;
            }
            Entry previous = seen.put(key.get(), e);
            if (previous != null) {
                error(
                        e.keyLocation(),
                        entryPath,
                        "the " + ConfigScope.TIMEOUTS.normalise(key.get().name())
                                + " timeout is also given as \"" + previous.key() + "\" at line "
                                + previous.keyLocation().line() + ", and the Go service would use either one",
                        "keep only one of them");
            }
            if (!(e.value() instanceof NullNode)) {
                duration(e.value(), entryPath, (ConfigKey<?>) key.get());
            }
        }
    }

    private void string(ConfigNode v, String keyPath) {
        if (!Cast.string(v).ok()) {
            error(v, keyPath, Cast.string(v).error(), "write a single value");
        }
    }

    private void uid(ConfigNode v, String keyPath) {
        Cast.Converted<Long> n = Cast.integer(v);
        boolean whole = !(v instanceof ScalarNode s && s.value() instanceof Double d && d != Math.rint(d));
        boolean big = v instanceof ScalarNode s2 && s2.value() instanceof BigInteger;
        if (!n.ok() || !whole || big || n.value() < 0 || n.value() > MAX_UID) {
            error(
                    v,
                    keyPath,
                    "expected a UID (a whole number from 0 to " + MAX_UID + "), found " + v.describe(),
                    "write the account's numeric UID, or remove the key to look the UID up in the database");
        }
    }

    private void duration(ConfigNode v, String keyPath, ConfigKey<?> key) {
        String fallback = key == ConfigKeys.RETRY_SLEEP
                ? "retries will not wait (0s)"
                : "the default "
                        + key.defaultValue()
                                .map(d -> GoDuration.format((Duration) d))
                                .orElseThrow() + " is used";
        String advice = "write a Go duration such as 90s, 1m30s or 1.5h (units ns, us, ms, s, m, h; there is no d)";
        Optional<String> text = ConfigKeys.durationText(v);
        if (text.isEmpty()) {
            warn(
                    v.location(),
                    keyPath,
                    "a duration must be text with a unit, found " + v.describe() + "; " + fallback,
                    advice);
            return;
        }
        Duration d;
        try {
            d = GoDuration.parse(text.get());
        } catch (IllegalArgumentException ex) {
            warn(
                    v.location(),
                    keyPath,
                    "cannot read \"" + text.get() + "\" as a duration (" + ex.getMessage() + "); " + fallback,
                    advice);
            return;
        }
        if (key.kind() == Kind.TIMEOUT && (d.isNegative() || d.isZero())) {
            error(
                    v,
                    keyPath,
                    "a timeout of " + GoDuration.format(d) + " would fail every step at once",
                    "give a positive duration such as 30s");
        }
    }

    private void retries(ConfigNode v, String keyPath) {
        Cast.Converted<Long> n = Cast.wholeNumber(v);
        if (!n.ok()) {
            warn(
                    v.location(),
                    keyPath,
                    n.error() + "; the Go service then uses 0 retries",
                    "write a whole number such as 3");
        } else if (n.value() < 0) {
            error(
                    v,
                    keyPath,
                    "cannot be negative: the Go service would then not even make the first attempt",
                    "write 0 for no retries");
        }
    }

    private void emails(ConfigNode v, String keyPath) {
        Cast.Converted<List<String>> list = Cast.stringList(v);
        if (!list.ok()) {
            error(v, keyPath, list.error(), "write a YAML list such as [a@example.com, b@example.com]");
        } else if (v instanceof ScalarNode s && s.value() instanceof String str && str.contains(",")) {
            warn(
                    v.location(),
                    keyPath,
                    "a single text is split on spaces, not commas, so \""
                            + list.value().get(0) + "\" would be one address",
                    "write a YAML list such as [a@example.com, b@example.com]");
        }
    }

    private void options(ConfigNode v, String keyPath, boolean ssh) {
        Cast.Converted<String> text = Cast.string(v);
        if (!text.ok()) {
            error(
                    v,
                    keyPath,
                    text.error() + " (options are one text, split like a shell command line)",
                    "write the options as one text, e.g. \"--perms --chmod=u=r,go=\"");
            return;
        }
        List<String> words;
        try {
            words = Shlex.split(text.value());
        } catch (ShlexException ex) {
            error(
                    v,
                    keyPath,
                    "cannot split \"" + text.value() + "\" into words: " + ex.getMessage(),
                    "close the quote, or escape the character with \\");
            return;
        }
        if (ssh) {
            List<String> ignored = OptionMerger.sshIgnored(words);
            if (!ignored.isEmpty()) {
                warn(
                        v.location(),
                        keyPath,
                        "not ssh options, dropped: " + String.join(" ", ignored),
                        "write options as Key=Value, -o Key=Value or ssh flags such as -4");
            }
        }
    }

    private void template(ConfigNode v, String keyPath, Set<String> fields, String consequence) {
        Cast.Converted<String> text = Cast.string(v);
        if (!text.ok()) {
            error(v, keyPath, text.error(), "write the template as one text");
            return;
        }
        FieldTemplate t;
        try {
            t = FieldTemplate.parse(text.value());
        } catch (TemplateException ex) {
            error(
                    v,
                    keyPath,
                    "the template does not parse: " + ex.getMessage(),
                    "use only {{.Field}} substitutions with the fields " + sorted(fields));
            return;
        }
        t.firstUnknownField(fields)
                .ifPresent(f -> warn(
                        v.location(),
                        keyPath,
                        "the template names the unknown" + " field {{." + f + "}}; " + consequence,
                        "use only the fields " + sorted(fields) + " (names are case-sensitive)"));
    }

    private void tokenGetter(ConfigNode v, String keyPath) {
        Cast.Converted<String> text = Cast.string(v);
        if (!text.ok()) {
            error(v, keyPath, text.error(), "write getToken or storeAndGetToken");
        } else if (TokenGetter.fromConfigString(text.value()).isEmpty()) {
            warn(
                    v.location(),
                    keyPath,
                    "\"" + text.value() + "\" is not a token getter; storeAndGetToken is used",
                    "write getToken or storeAndGetToken (case matters)");
        }
    }

    private void crossChecks() {
        Timeouts t = config.timeouts();
        Location timeoutsAt =
                tree.keyLocation(List.of(ConfigKeys.TIMEOUTS.name())).orElse(Location.START);
        String timeoutsKey = writtenPath(List.of(ConfigKeys.TIMEOUTS.name()));
        if (t.tokenPushStagesExceedGlobal()) {
            out.add(new Draft(
                    timeoutsAt,
                    timeoutsKey,
                    Severity.ERROR,
                    "the stage timeouts kerberos " + fmt(t.kerberos()) + " + vaultStorer " + fmt(t.vaultStorer())
                            + " + ping " + fmt(t.ping()) + " + push " + fmt(t.push()) + " = "
                            + fmt(t.tokenPushStagesTotal()) + " exceed the global timeout " + fmt(t.global()),
                    "raise globalTimeout to at least " + fmt(t.tokenPushStagesTotal())
                            + " or lower the stage timeouts"));
        }
        // A warning in the shared file: token-push ignores these keys; refresh-uids-from-ferry refuses to start on it.
        if (t.ferryStagesExceedGlobal()) {
            out.add(new Draft(
                    timeoutsAt,
                    timeoutsKey,
                    Severity.WARNING,
                    "ferryRequest " + fmt(t.ferryRequest()) + " + db " + fmt(t.db()) + " exceed the global timeout "
                            + fmt(t.global()) + ", so refresh-uids-from-ferry would refuse to start",
                    "raise globalTimeout or lower ferryRequestTimeout/dbTimeout"));
        }
        for (WorkerType w : WorkerType.values()) {
            List<String> path = List.of(ConfigKeys.WORKER_TYPE.name(), w.configString());
            RetryPolicy p = ConfigReader.configuredRetry(tree, w);
            Duration stage = t.get(w.stageTimeoutKey());
            if (!p.fitsWithin(stage)) {
                String timeoutKey = w.stageTimeoutKey().canonicalKey();
                out.add(new Draft(
                        tree.keyLocation(path).orElse(Location.START),
                        writtenPath(path),
                        Severity.WARNING,
                        p.numRetries() + " retries x " + fmt(p.retrySleep()) + " = "
                                + fmt(p.totalSleep()) + " of sleep do not fit in the " + timeoutKey + " of "
                                + fmt(stage)
                                + "; retries are turned off for " + w.configString() + " only (the Go service turned"
                                + " them off for every worker type)",
                        "lower numRetries or retrySleep, or raise timeouts." + timeoutKey));
            }
        }
    }

    /**
     * Every experiment must have at least one role: an experiment without roles (most often a misspelt {@code roles}
     * key, which is otherwise only an unknown key) silently defines no service.
     */
    private void servicesDefined() {
        if (!(tree.root().get(EXPERIMENTS) instanceof MapNode byName)) {
            return;
        }
        String experimentsKey = tree.root().entries().get(EXPERIMENTS).key();
        for (Entry experiment : byName.entries().values()) {
            ConfigNode roles = experiment.value() instanceof MapNode m ? m.get(ROLES) : null;
            if (roles instanceof MapNode r && !r.entries().isEmpty()) {
                continue;
            }
            // A value of the wrong kind is already an error of its own.
            boolean alreadyReported = !(experiment.value() instanceof MapNode || experiment.value() instanceof NullNode)
                    || !(roles == null || roles instanceof MapNode || roles instanceof NullNode);
            if (!alreadyReported) {
                error(
                        experiment.keyLocation(),
                        experimentsKey + "." + experiment.key(),
                        "the experiment has no" + " roles, so it defines no service"
                                + misspeltRoles(experiment.value()),
                        "add roles: with at least one role under it, or remove the experiment");
            }
        }
    }

    /**
     * The error for a file that yields no service at all, when it does: token-push's {@code --validate-config} asks
     * for it, since a run on such a file has nothing to do. (Other checks accept files that only hold settings.)
     */
    static Optional<Draft> noService(ConfigTree tree, Config config) {
        if (!config.services().isEmpty()) {
            return Optional.empty();
        }
        Entry experiments = tree.root().entries().get(EXPERIMENTS);
        return Optional.of(new Draft(
                experiments == null ? Location.START : experiments.keyLocation(),
                experiments == null ? ConfigKeys.EXPERIMENTS.name() : experiments.key(),
                Severity.ERROR,
                "the file defines no service"
                        + " (no experiments.<experiment>.roles.<role>), so token-push would have nothing to do",
                "add an experiment with its roles; config/managed-tokens.yml shows the layout"));
    }

    /** ", and \"rolse\" looks like a misspelt roles" when the experiment has a key close to {@code roles}. */
    private static String misspeltRoles(ConfigNode experiment) {
        if (!(experiment instanceof MapNode m)) {
            return "";
        }
        return m.entries().values().stream()
                .map(Entry::key)
                .filter(k -> !k.equalsIgnoreCase("roles")
                        && DidYouMean.closest(k, List.of("roles")).isPresent())
                .findFirst()
                .map(k -> "; \"" + k + "\" looks like a misspelt roles")
                .orElse("");
    }

    /** The path with each key as written in the file where it exists. */
    private String writtenPath(List<String> segments) {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            List<String> prefix = segments.subList(0, i);
            String segment = segments.get(i);
            String as = tree.node(prefix)
                    .filter(MapNode.class::isInstance)
                    .map(MapNode.class::cast)
                    .map(m -> m.entries().get(segment.toLowerCase(Locale.ROOT)))
                    .map(Entry::key)
                    .orElse(segment);
            written.add(as);
        }
        return String.join(".", written);
    }

    /**
     * An unknown key is a warning (the Go service ignores it too), with the best hint: the place where the key is
     * known, else the role's spelling of a global key, else the closest known key here.
     */
    private void unknownKey(Entry e, String keyPath, ConfigScope scope, List<String> candidates) {
        List<String> homes = new ArrayList<>();
        for (ConfigScope other : ConfigScope.values()) {
            if (other != scope
                    && other.offeredForMisplacedKeys()
                    && ConfigKeys.section(other).get(e.key()).isPresent()) {
                homes.add(other.where());
            }
        }
        String hint = homes.isEmpty() ? null : "this key belongs " + String.join(" or ", homes);
        Section role = ConfigKeys.section(ConfigScope.ROLE);
        if (hint == null
                && scope == ConfigScope.ROLE
                && role.get(e.key() + "Override").isPresent()) {
            hint = "per role, write "
                    + ConfigKeys.nameIn(role.get(e.key() + "Override").get(), ConfigScope.ROLE);
        }
        if (hint == null) {
            hint = DidYouMean.closest(e.key(), candidates)
                    .map(c -> "did you mean \"" + c + "\"?")
                    .orElse(
                            candidates.size() <= 12
                                    ? "known keys here: " + String.join(", ", candidates)
                                    : "remove it or correct its spelling (config/managed-tokens.yml lists every key)");
        }
        warn(e.keyLocation(), keyPath, "unknown key, ignored", hint);
    }

    private static String sorted(Set<String> fields) {
        return String.join(", ", new java.util.TreeSet<>(fields));
    }

    private static String fmt(Duration d) {
        return GoDuration.format(d);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void error(ConfigNode v, String keyPath, String problem, String fix) {
        error(v.location(), keyPath, problem, fix);
    }

    private void error(Location at, String keyPath, String problem, String fix) {
        out.add(new Draft(at, keyPath, Severity.ERROR, problem, fix));
    }

    private void warn(Location at, String keyPath, String problem, String fix) {
        out.add(new Draft(at, keyPath, Severity.WARNING, problem, fix));
    }
}
