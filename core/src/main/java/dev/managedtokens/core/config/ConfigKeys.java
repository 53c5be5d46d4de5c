package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigKey.Kind;
import dev.managedtokens.core.config.ConfigNode.ScalarNode;
import dev.managedtokens.core.text.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry: every key the configuration file may hold, declared once, each section's keys after the key that
 * opens it. The reader ({@link ConfigReader}), the per-service resolver ({@link ServiceResolver}), the validator
 * ({@link ConfigValidator}) and the test of the shipped example all work from these declarations: one line here makes
 * a key validated, suggested when misspelt, looked up with the file's precedence and required in
 * config/managed-tokens.yml. How to add one: docs/configuration-keys-registry.md.
 *
 * <p>Besides the keys both executables read, it holds the keys they accept and ignore (the shipped files carry them)
 * and the top-level keys named like command-line flags, which the Go service let act as the flag and we do not.
 *
 * <p>The class is public only for its handles: a per-service key that code outside this package reads by its
 * declaration is declared {@code public static final ServiceKey<T> X = perService(...)} (or {@code key(...)} for a
 * role key) and read with {@code settings.value(ConfigKeys.X)} or {@code settings.find(ConfigKeys.X)} (see
 * {@link ServiceSettings#find}). Every other declaration stays package-private.
 */
public final class ConfigKeys {

    // Declared before every entry: each factory below appends to it, so the order of declaration is the order here.
    private static final List<ConfigEntry> ENTRIES = new ArrayList<>();

    // --- Lenient conversions (spf13/cast, as viper's getters apply them)

    private static final Function<ConfigNode, Optional<String>> TEXT =
            n -> Optional.of(Cast.string(n).value());
    private static final Function<ConfigNode, Optional<Boolean>> TRUTH =
            n -> Optional.of(Cast.bool(n).value());
    private static final Function<ConfigNode, Optional<Long>> NUMBER =
            n -> Optional.of(Cast.integer(n).value());
    /** The worker settings read numbers the strict way: text and fractions are 0. */
    private static final Function<ConfigNode, Optional<Long>> WHOLE_NUMBER =
            n -> Optional.of(Cast.wholeNumber(n).value());

    private static final Function<ConfigNode, Optional<List<String>>> TEXTS =
            n -> Optional.of(Cast.stringList(n).value());
    /** An unreadable duration keeps the default, as in the Go service. */
    private static final Function<ConfigNode, Optional<Duration>> DURATION =
            n -> durationText(n).flatMap(GoDuration::tryParse);
    /**
     * Loki's timeout has always been read through text, so a bare {@code 0} reads as 0s (any other bare number has no
     * unit and keeps the default). Kept as it was; the validator's warning calls every bare number unreadable.
     */
    private static final Function<ConfigNode, Optional<Duration>> DURATION_AS_TEXT =
            n -> GoDuration.tryParse(Cast.string(n).value());
    /** A UID the validator refuses is never read as a UID (least of all as 0): it counts as not set. */
    private static final Function<ConfigNode, Optional<Long>> UID = n -> {
        Cast.Converted<Long> c = Cast.integer(n);
        return c.ok() && c.value() >= 0 && c.value() <= ConfigValidator.MAX_UID
                ? Optional.of(c.value())
                : Optional.empty();
    };

    private static final Function<ConfigNode, Optional<TokenGetter>> GETTER =
            n -> TokenGetter.fromConfigString(Cast.string(n).value());
    private static final Function<ConfigNode, Optional<Void>> NOTHING = n -> Optional.empty();

    // --- Per-service keys: global, and replaced for one role by <key>Override

    static final ConfigKey<String> KEYTAB_PATH = perService("keytabPath", Kind.STRING, TEXT, "");
    static final ConfigKey<String> KERBEROS_PRINCIPAL_PATTERN =
            perService("kerberosPrincipalPattern", Kind.PRINCIPAL_TEMPLATE, TEXT, "");
    static final ConfigKey<String> CONDOR_COLLECTOR_HOST = perService("condorCollectorHost", Kind.STRING, TEXT, "");
    public static final ServiceKey<String> CONDOR_SCHEDD_CONSTRAINT =
            perService("condorScheddConstraint", Kind.STRING, TEXT, null);
    static final ConfigKey<String> CONDOR_CREDD_HOST = perService("condorCreddHost", Kind.STRING, TEXT, null);
    static final ConfigKey<String> VAULT_SERVER = perService("vaultServer", Kind.STRING, TEXT, null);
    static final ConfigKey<String> SERVICE_CREDD_VAULT_TOKEN_PATH_ROOT =
            perService("serviceCreddVaultTokenPathRoot", Kind.STRING, TEXT, "");

    // --- Run-wide keys, interleaved with more per-service ones (the order suggestions have always been tried in)

    static final ConfigKey<String> DB_LOCATION = global("dbLocation", Kind.STRING, TEXT, Config.DEFAULT_DB_LOCATION);
    static final ConfigKey<Long> ERROR_COUNT_TO_SEND_MESSAGE = global("errorCountToSendMessage", Kind.INT, NUMBER, 0L);
    static final ConfigKey<String> DEFAULT_ROLE_FILE_DESTINATION_TEMPLATE = perService(
            "defaultRoleFileDestinationTemplate",
            Kind.ROLE_FILE_TEMPLATE,
            TEXT,
            ServiceSettings.DEFAULT_ROLE_FILE_DESTINATION);
    static final ConfigKey<String> PING_OPTIONS = perService("pingOptions", Kind.OPTIONS, TEXT, "");
    static final ConfigKey<String> FILE_COPIER_OPTIONS = perService(
            "fileCopierOptions", Kind.OPTIONS, TEXT, String.join(" ", ServiceSettings.DEFAULT_FILE_COPIER_OPTIONS));
    static final ConfigKey<String> SSH_OPTIONS = perService("sshOptions", Kind.SSH_OPTIONS, TEXT, "");
    public static final ServiceKey<Boolean> DISABLE_NOTIFICATIONS =
            perService("disableNotifications", Kind.BOOL, TRUTH, false);
    /** The environment's MANAGED_TOKENS_DEV_ENVIRONMENT_LABEL wins over it ({@link ConfigReader}). */
    static final ConfigKey<String> DEV_ENVIRONMENT_LABEL =
            global("devEnvironmentLabel", Kind.STRING, TEXT, Config.PRODUCTION);

    static final ConfigSection TIMEOUTS = section("timeouts", ConfigScope.GLOBAL, ConfigScope.TIMEOUTS);
    static final ConfigKey<Duration> GLOBAL_TIMEOUT = timeout("globalTimeout", TimeoutKey.GLOBAL);
    static final ConfigKey<Duration> KERBEROS_TIMEOUT = timeout("kerberosTimeout", TimeoutKey.KERBEROS);
    static final ConfigKey<Duration> VAULT_STORER_TIMEOUT = timeout("vaultStorerTimeout", TimeoutKey.VAULT_STORER);
    static final ConfigKey<Duration> PING_TIMEOUT = timeout("pingTimeout", TimeoutKey.PING);
    static final ConfigKey<Duration> PUSH_TIMEOUT = timeout("pushTimeout", TimeoutKey.PUSH);
    static final ConfigKey<Duration> FERRY_REQUEST_TIMEOUT = timeout("ferryRequestTimeout", TimeoutKey.FERRY_REQUEST);
    static final ConfigKey<Duration> DB_TIMEOUT = timeout("dbTimeout", TimeoutKey.DB);

    /** Passed verbatim to htgettoken as --vaulttokenminttl, so htgettoken's units apply (3d is fine). */
    static final ConfigKey<String> MIN_TOKEN_LIFETIME =
            global("minTokenLifetime", Kind.STRING, TEXT, Config.DEFAULT_MIN_TOKEN_LIFETIME);

    /** storeAndGetTokenInteractive is run-onboarding's, which is not ported: accepted and unused. */
    static final ConfigSection WORKER_TYPE = names(
            "workerType",
            ConfigScope.GLOBAL,
            ConfigScope.WORKER_TYPE,
            "getKerberosTickets",
            "getToken",
            "storeAndGetToken",
            "pingAggregator",
            "pushTokens",
            "storeAndGetTokenInteractive");

    static final ConfigKey<Long> NUM_RETRIES =
            in(ConfigScope.WORKER_TYPE, "numRetries", Kind.RETRIES, WHOLE_NUMBER, 0L);
    static final ConfigKey<Duration> RETRY_SLEEP =
            in(ConfigScope.WORKER_TYPE, "retrySleep", Kind.DURATION, DURATION, Duration.ZERO);

    static final ConfigSection EMAIL = section("email", ConfigScope.GLOBAL, ConfigScope.EMAIL);
    static final ConfigKey<String> EMAIL_FROM = in(ConfigScope.EMAIL, "from", Kind.STRING, TEXT, "");
    static final ConfigKey<String> SMTP_HOST = in(ConfigScope.EMAIL, "smtpHost", Kind.STRING, TEXT, "");
    static final ConfigKey<Long> SMTP_PORT = in(ConfigScope.EMAIL, "smtpPort", Kind.INT, NUMBER, 0L);

    static final ConfigSection NOTIFICATIONS = section("notifications", ConfigScope.GLOBAL, ConfigScope.NOTIFICATIONS);
    static final ConfigKey<List<String>> ADMIN_EMAIL = in(
            ConfigScope.NOTIFICATIONS,
            "admin_email",
            Kind.EMAIL_LIST,
            TEXTS,
            List.of(NotificationSettings.DEFAULT_ADMIN_EMAIL));
    static final ConfigKey<String> SLACK_ALERTS_URL =
            in(ConfigScope.NOTIFICATIONS, "SLACK_ALERTS_URL", Kind.STRING, TEXT, "");
    /** Used instead of notifications with --test; unlike it, no default admin. */
    static final ConfigSection NOTIFICATIONS_TEST =
            section("notifications_test", ConfigScope.GLOBAL, ConfigScope.NOTIFICATIONS_TEST);

    static final ConfigKey<List<String>> TEST_ADMIN_EMAIL =
            in(ConfigScope.NOTIFICATIONS_TEST, "admin_email", Kind.EMAIL_LIST, TEXTS, List.of());
    static final ConfigKey<String> TEST_SLACK_ALERTS_URL =
            in(ConfigScope.NOTIFICATIONS_TEST, "SLACK_ALERTS_URL", Kind.STRING, TEXT, "");

    static final ConfigSection LOGS = names(
            "logs",
            ConfigScope.GLOBAL,
            ConfigScope.LOGS,
            "token-push",
            "refresh-uids-from-ferry",
            "run-onboarding-managed-tokens");
    static final ConfigKey<String> LOGFILE = in(ConfigScope.LOGS, "logfile", Kind.STRING, TEXT, "");
    static final ConfigKey<String> DEBUGFILE = in(ConfigScope.LOGS, "debugfile", Kind.STRING, TEXT, "");

    static final ConfigSection PROMETHEUS = section("prometheus", ConfigScope.GLOBAL, ConfigScope.PROMETHEUS);
    static final ConfigKey<String> PROMETHEUS_HOST = in(ConfigScope.PROMETHEUS, "host", Kind.STRING, TEXT, "");
    static final ConfigKey<String> PROMETHEUS_JOBNAME = in(ConfigScope.PROMETHEUS, "jobname", Kind.STRING, TEXT, "");

    static final ConfigSection LOKI = section("loki", ConfigScope.GLOBAL, ConfigScope.LOKI);
    static final ConfigKey<String> LOKI_HOST = in(ConfigScope.LOKI, "host", Kind.STRING, TEXT, "");
    static final ConfigKey<Duration> LOKI_RESPONSE_HEADER_TIMEOUT = in(
            ConfigScope.LOKI,
            "response_header_timeout",
            Kind.DURATION,
            DURATION_AS_TEXT,
            LokiSettings.DEFAULT_RESPONSE_HEADER_TIMEOUT);

    static final ConfigSection TRACING = section("tracing", ConfigScope.GLOBAL, ConfigScope.TRACING);
    static final ConfigKey<String> TRACING_URL = in(ConfigScope.TRACING, "url", Kind.STRING, TEXT, "");

    static final ConfigSection FERRY = section("ferry", ConfigScope.GLOBAL, ConfigScope.FERRY);
    static final ConfigKey<String> FERRY_HOST = in(ConfigScope.FERRY, "host", Kind.STRING, TEXT, "");
    static final ConfigKey<Long> FERRY_PORT = in(ConfigScope.FERRY, "port", Kind.INT, NUMBER, 0L);
    static final ConfigKey<String> FERRY_HOST_CERT = in(ConfigScope.FERRY, "hostCert", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_HOST_KEY = in(ConfigScope.FERRY, "hostKey", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_CA_PATH = in(ConfigScope.FERRY, "caPath", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_SERVICE_EXPERIMENT =
            in(ConfigScope.FERRY, "serviceExperiment", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_SERVICE_ROLE = in(ConfigScope.FERRY, "serviceRole", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_SERVICE_KERBEROS_PRINCIPAL =
            in(ConfigScope.FERRY, "serviceKerberosPrincipal", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_SERVICE_KEYTAB_PATH =
            in(ConfigScope.FERRY, "serviceKeytabPath", Kind.STRING, TEXT, "");
    static final ConfigKey<String> FERRY_VAULT_SERVER = in(ConfigScope.FERRY, "vaultServer", Kind.STRING, TEXT, "");

    /** token-push's: the operator's htgettoken options; the environment's HTGETTOKENOPTS wins over it. */
    static final ConfigKey<String> ORIG_HTGETTOKENOPTS = global("ORIG_HTGETTOKENOPTS", Kind.STRING, TEXT, null);
    /** refresh-uids-from-ferry's htgettoken options in JWT mode. */
    static final ConfigKey<String> HTGETTOKENOPTS = global("htgettokenopts", Kind.STRING, TEXT, null);

    static final ConfigKey<Long> STORER_CONCURRENCY =
            global("storerConcurrency", Kind.POSITIVE_INT, NUMBER, (long) Config.DEFAULT_STORER_CONCURRENCY);
    /** No fixed default: it follows storerConcurrency ({@link Config#defaultMaxConcurrentProcesses}). */
    static final ConfigKey<Long> MAX_CONCURRENT_PROCESSES =
            global("maxConcurrentProcesses", Kind.POSITIVE_INT, NUMBER, null);
    /** token-push check's: a token file on a node older than this is stale (see {@link CheckSettings}). */
    static final ConfigKey<Duration> CHECK_STALE_TOKEN_AGE =
            global(CheckSettings.STALE_TOKEN_AGE_KEY, Kind.DURATION, DURATION, CheckSettings.DEFAULT_STALE_TOKEN_AGE);
    /** The Go service binds it to _condor_COLLECTOR_HOST but never reads it. */
    static final ConfigKey<Void> COLLECTOR_HOST = global("collectorHost", Kind.NO_EFFECT, NOTHING, null);

    // --- Experiments and roles

    static final ConfigSection EXPERIMENTS = names("experiments", ConfigScope.GLOBAL, ConfigScope.EXPERIMENT);
    static final ConfigKey<List<String>> EMAILS =
            key("emails", Kind.EMAIL_LIST, ConfigScope.EXPERIMENT, null, TEXTS, List.of());
    /** The real experiment name when it differs from the key; an empty value is not set. */
    static final ConfigKey<String> EXPERIMENT_OVERRIDE =
            key("experimentOverride", Kind.NAME_PART, ConfigScope.EXPERIMENT, null, TEXT, null);

    static final ConfigSection ROLES = names("roles", ConfigScope.EXPERIMENT, ConfigScope.ROLE);
    static final ConfigKey<String> ACCOUNT = key("account", Kind.ACCOUNT, ConfigScope.ROLE, null, TEXT, "");
    static final ConfigKey<List<String>> DESTINATION_NODES =
            key("destinationNodes", Kind.HOST_LIST, ConfigScope.ROLE, null, TEXTS, List.of());
    /** When set, the database is not consulted for the role's UID. */
    static final ConfigKey<Long> DESIRED_UID_OVERRIDE =
            key("desiredUIDOverride", Kind.UID, ConfigScope.ROLE, null, UID, null);
    /** The whole principal, instead of kerberosPrincipalPattern rendered with the account. */
    static final ConfigKey<String> USER_PRINCIPAL_OVERRIDE =
            key("userPrincipalOverride", Kind.STRING, ConfigScope.ROLE, null, TEXT, null);

    static final ConfigKey<TokenGetter> TOKEN_GETTER_OVERRIDE = key(
            "tokenGetterOverride", Kind.TOKEN_GETTER, ConfigScope.ROLE, null, GETTER, TokenGetter.STORE_AND_GET_TOKEN);

    // --- Top-level keys named like flags: the Go service let them act as the flag; here they are only reported.

    static final List<ConfigKey<Void>> FLAGS = List.of(
                    "admin",
                    "authmethod",
                    "configfile",
                    "disable-notifications",
                    "dont-notify",
                    "experiment",
                    "list-services",
                    "no-loki",
                    "push-tokens",
                    "run-onboarding",
                    "service",
                    "test",
                    "verbose",
                    "version")
            .stream()
            .map(f -> global(f, Kind.FLAG, NOTHING, (Void) null))
            .toList();

    /** Every entry, in declaration order. */
    static final List<ConfigEntry> ALL = Collections.unmodifiableList(ENTRIES);

    private static final Map<ConfigScope, Section> SECTIONS = new EnumMap<>(ConfigScope.class);

    static {
        for (ConfigScope scope : ConfigScope.values()) {
            SECTIONS.put(
                    scope,
                    new Section(
                            scope,
                            ENTRIES.stream().filter(e -> allowedIn(e, scope)).toList()));
        }
    }

    private ConfigKeys() {}

    /** Every key that holds a value (flags and ignored keys included), in declaration order. */
    static List<ConfigKey<?>> keys() {
        return ALL.stream()
                .filter(ConfigKey.class::isInstance)
                .<ConfigKey<?>>map(e -> (ConfigKey<?>) e)
                .toList();
    }

    /** The keys of the {@code timeouts} section, by the timeout each sets. */
    static ConfigKey<Duration> timeout(TimeoutKey key) {
        return switch (key) {
            case GLOBAL -> GLOBAL_TIMEOUT;
            case KERBEROS -> KERBEROS_TIMEOUT;
            case VAULT_STORER -> VAULT_STORER_TIMEOUT;
            case PING -> PING_TIMEOUT;
            case PUSH -> PUSH_TIMEOUT;
            case FERRY_REQUEST -> FERRY_REQUEST_TIMEOUT;
            case DB -> DB_TIMEOUT;
        };
    }

    /** The entries allowed at one place of the file. */
    static Section section(ConfigScope scope) {
        return SECTIONS.get(scope);
    }

    /**
     * The path of a section: {@code []} for the top level, {@code [email]}, {@code [logs]} (the executable's name
     * follows). Experiments and roles are reached through a service ({@link ConfigScope#rolePath}).
     */
    static List<String> pathOf(ConfigScope scope) {
        if (scope == ConfigScope.GLOBAL) {
            return List.of();
        }
        ConfigSection s = ALL.stream()
                .filter(ConfigSection.class::isInstance)
                .map(ConfigSection.class::cast)
                .filter(e -> e.opens() == scope)
                .findFirst()
                .orElseThrow();
        if (s.in() != ConfigScope.GLOBAL) {
            throw new IllegalArgumentException(scope + " is reached through a service");
        }
        return List.of(s.name());
    }

    /** A Go duration must be written as text; a bare number has no unit. */
    static Optional<String> durationText(ConfigNode node) {
        return node instanceof ScalarNode s && s.value() instanceof String str ? Optional.of(str) : Optional.empty();
    }

    /**
     * The entries allowed at one place, in declaration order, each under the name it is written with there.
     */
    record Section(ConfigScope scope, List<ConfigEntry> entries) {
        Section {
            entries = List.copyOf(entries);
        }

        /** The entry written exactly so (ignoring case) here. */
        Optional<ConfigEntry> get(String writtenKey) {
            String k = writtenKey.toLowerCase(Locale.ROOT);
            return entries.stream()
                    .filter(e -> nameIn(e, scope).toLowerCase(Locale.ROOT).equals(k))
                    .findFirst();
        }

        /** The entry a written key means here, as the reader matches it (under timeouts, with or without Timeout). */
        Optional<ConfigEntry> match(String writtenKey) {
            String k = scope.normalise(writtenKey);
            return entries.stream().filter(e -> e.allowedAt(scope, k)).findFirst();
        }

        /** The names written here, for suggestions. */
        List<String> names() {
            return entries.stream().map(e -> nameIn(e, scope)).toList();
        }

        String where() {
            return scope.where();
        }
    }

    static String nameIn(ConfigEntry e, ConfigScope scope) {
        return e instanceof ConfigKey<?> k ? k.nameIn(scope) : e.name();
    }

    private static boolean allowedIn(ConfigEntry e, ConfigScope scope) {
        return e.allowedAt(scope, scope.normalise(nameIn(e, scope)));
    }

    // --- Factories: each declaration registers itself, so one line adds a key everywhere

    private static <T> ConfigKey<T> key(
            String name,
            Kind kind,
            ConfigScope scope,
            String override,
            Function<ConfigNode, Optional<T>> parser,
            T defaultValue) {
        ConfigKey<T> k = new ConfigKey<>(
                name,
                kind,
                EnumSet.of(scope),
                Optional.ofNullable(override),
                Optional.ofNullable(defaultValue),
                parser);
        ENTRIES.add(k);
        return k;
    }

    /** A global key a role may replace with {@code <name>Override}. */
    private static <T> ConfigKey<T> perService(
            String name, Kind kind, Function<ConfigNode, Optional<T>> parser, T defaultValue) {
        return key(name, kind, ConfigScope.GLOBAL, name + "Override", parser, defaultValue);
    }

    private static <T> ConfigKey<T> global(
            String name, Kind kind, Function<ConfigNode, Optional<T>> parser, T defaultValue) {
        return key(name, kind, ConfigScope.GLOBAL, null, parser, defaultValue);
    }

    private static <T> ConfigKey<T> in(
            ConfigScope section, String name, Kind kind, Function<ConfigNode, Optional<T>> parser, T defaultValue) {
        return key(name, kind, section, null, parser, defaultValue);
    }

    private static ConfigKey<Duration> timeout(String name, TimeoutKey which) {
        return in(ConfigScope.TIMEOUTS, name, Kind.TIMEOUT, DURATION, Timeouts.DEFAULTS.get(which));
    }

    private static ConfigSection section(String name, ConfigScope in, ConfigScope opens) {
        ConfigSection s = new ConfigSection(name, in, opens, false, List.of());
        ENTRIES.add(s);
        return s;
    }

    private static ConfigSection names(String name, ConfigScope in, ConfigScope opens, String... knownNames) {
        ConfigSection s = new ConfigSection(name, in, opens, true, List.of(knownNames));
        ENTRIES.add(s);
        return s;
    }

    /** Every place a key may be written, its override counted as written per role. */
    static Set<ConfigScope> placesOf(ConfigKey<?> k) {
        Set<ConfigScope> out = EnumSet.copyOf(k.scopes());
        k.override().ifPresent(o -> out.add(ConfigScope.ROLE));
        return out;
    }
}
