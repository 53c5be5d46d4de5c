package dev.managedtokens.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every key the configuration file may hold: token-push's, refresh-uids-from-ferry's, the keys both ignore but the
 * shipped files carry, and our two new ones. The validator walks the file against it.
 */
final class ConfigSchema {

    /** What a key holds, and so how it is checked. */
    enum Kind {
        STRING, BOOL, INT, POSITIVE_INT, UID, DURATION, TIMEOUT, RETRIES, STRING_LIST, EMAIL_LIST, OPTIONS,
        SSH_OPTIONS, PRINCIPAL_TEMPLATE, ROLE_FILE_TEMPLATE, TOKEN_GETTER,
        /** A UNIX account name ({@link NameRules#accountProblem}). */
        ACCOUNT,
        /** A list of host names ({@link NameRules#hostProblem}). */
        HOST_LIST,
        /** A name that becomes part of file names ({@link NameRules#fileNamePartProblem}). */
        NAME_PART,
        /** A fixed section of keys. */
        SECTION,
        /** A map whose keys are names (experiments, roles, worker types, executables), each holding the same section. */
        NAMED,
        /** The {@code timeouts} map, whose keys are matched without their {@code Timeout} suffix. */
        TIMEOUTS,
        /** Accepted and ignored by both executables, with a note why. */
        NO_EFFECT,
        /** A top-level key named like a command-line flag, which the Go service lets act as the flag. */
        FLAG
    }

    record Key(String name, Kind kind, Section section, List<String> knownNames) {
        static Key of(String name, Kind kind) {
            return new Key(name, kind, null, List.of());
        }

        static Key section(String name, Section section) {
            return new Key(name, Kind.SECTION, section, List.of());
        }

        /** A map of names; {@code knownNames} empty means any name (experiments, roles). */
        static Key named(String name, Section each, String... knownNames) {
            return new Key(name, Kind.NAMED, each, List.of(knownNames));
        }
    }

    /** The keys allowed at one place of the file; {@code where} says that place in messages. */
    record Section(String where, Map<String, Key> keys) {
        static Section of(String where, Key... keys) {
            Map<String, Key> m = new LinkedHashMap<>();
            for (Key k : keys) {
                m.put(k.name().toLowerCase(Locale.ROOT), k);
            }
            return new Section(where, Collections.unmodifiableMap(m));
        }

        Key get(String key) {
            return keys.get(key.toLowerCase(Locale.ROOT));
        }

        List<String> names() {
            return keys.values().stream().map(Key::name).toList();
        }
    }

    static final Section ROLE = Section.of("per role (under experiments.<experiment>.roles.<role>)",
            Key.of("account", Kind.ACCOUNT),
            Key.of("destinationNodes", Kind.HOST_LIST),
            Key.of("desiredUIDOverride", Kind.UID),
            Key.of("keytabPathOverride", Kind.STRING),
            Key.of("userPrincipalOverride", Kind.STRING),
            Key.of("kerberosPrincipalPatternOverride", Kind.PRINCIPAL_TEMPLATE),
            Key.of("condorCollectorHostOverride", Kind.STRING),
            Key.of("condorScheddConstraintOverride", Kind.STRING),
            Key.of("condorCreddHostOverride", Kind.STRING),
            Key.of("vaultServerOverride", Kind.STRING),
            Key.of("serviceCreddVaultTokenPathRootOverride", Kind.STRING),
            Key.of("defaultRoleFileDestinationTemplateOverride", Kind.ROLE_FILE_TEMPLATE),
            Key.of("fileCopierOptionsOverride", Kind.OPTIONS),
            Key.of("pingOptionsOverride", Kind.OPTIONS),
            Key.of("sshOptionsOverride", Kind.SSH_OPTIONS),
            Key.of("disableNotificationsOverride", Kind.BOOL),
            Key.of("tokenGetterOverride", Kind.TOKEN_GETTER));

    static final Section EXPERIMENT = Section.of("per experiment (under experiments.<experiment>)",
            Key.of("emails", Kind.EMAIL_LIST),
            Key.of("experimentOverride", Kind.NAME_PART),
            Key.named("roles", ROLE));

    static final Section WORKER = Section.of("per worker type (under workerType.<type>)",
            Key.of("numRetries", Kind.RETRIES),
            Key.of("retrySleep", Kind.DURATION));

    static final Section LOG_FILES = Section.of("per executable (under logs.<executable>)",
            Key.of("logfile", Kind.STRING),
            Key.of("debugfile", Kind.STRING));

    static final Section NOTIFICATIONS = Section.of("under notifications or notifications_test",
            Key.of("admin_email", Kind.EMAIL_LIST),
            Key.of("SLACK_ALERTS_URL", Kind.STRING));

    static final Section TIMEOUT_KEYS = Section.of("under timeouts",
            Key.of("globalTimeout", Kind.TIMEOUT),
            Key.of("kerberosTimeout", Kind.TIMEOUT),
            Key.of("vaultStorerTimeout", Kind.TIMEOUT),
            Key.of("pingTimeout", Kind.TIMEOUT),
            Key.of("pushTimeout", Kind.TIMEOUT),
            Key.of("ferryRequestTimeout", Kind.TIMEOUT),
            Key.of("dbTimeout", Kind.TIMEOUT));

    /** Top-level keys named like flags: the Go service let them act as the flag (§8.17); we do not. */
    static final List<String> FLAG_NAMES = List.of("admin", "authmethod", "configfile", "disable-notifications",
            "dont-notify", "experiment", "list-services", "no-loki", "push-tokens", "run-onboarding", "service",
            "test", "verbose", "version");

    static final Section TOP;

    static {
        List<Key> top = new ArrayList<>(List.of(
                Key.of("keytabPath", Kind.STRING),
                Key.of("kerberosPrincipalPattern", Kind.PRINCIPAL_TEMPLATE),
                Key.of("condorCollectorHost", Kind.STRING),
                Key.of("condorScheddConstraint", Kind.STRING),
                Key.of("condorCreddHost", Kind.STRING),
                Key.of("vaultServer", Kind.STRING),
                Key.of("serviceCreddVaultTokenPathRoot", Kind.STRING),
                Key.of("dbLocation", Kind.STRING),
                Key.of("errorCountToSendMessage", Kind.INT),
                Key.of("defaultRoleFileDestinationTemplate", Kind.ROLE_FILE_TEMPLATE),
                Key.of("pingOptions", Kind.OPTIONS),
                Key.of("fileCopierOptions", Kind.OPTIONS),
                Key.of("sshOptions", Kind.SSH_OPTIONS),
                Key.of("disableNotifications", Kind.BOOL),
                Key.of("devEnvironmentLabel", Kind.STRING),
                new Key("timeouts", Kind.TIMEOUTS, TIMEOUT_KEYS, List.of()),
                Key.of("minTokenLifetime", Kind.STRING),
                Key.named("workerType", WORKER, "getKerberosTickets", "getToken", "storeAndGetToken",
                        "pingAggregator", "pushTokens", "storeAndGetTokenInteractive"),
                Key.section("email", Section.of("under email",
                        Key.of("from", Kind.STRING), Key.of("smtpHost", Kind.STRING), Key.of("smtpPort", Kind.INT))),
                Key.section("notifications", NOTIFICATIONS),
                Key.section("notifications_test", NOTIFICATIONS),
                Key.named("logs", LOG_FILES, "token-push", "refresh-uids-from-ferry", "run-onboarding-managed-tokens"),
                Key.section("prometheus", Section.of("under prometheus",
                        Key.of("host", Kind.STRING), Key.of("jobname", Kind.STRING))),
                Key.section("loki", Section.of("under loki",
                        Key.of("host", Kind.STRING), Key.of("response_header_timeout", Kind.DURATION))),
                Key.section("tracing", Section.of("under tracing", Key.of("url", Kind.STRING))),
                Key.section("ferry", Section.of("under ferry",
                        Key.of("host", Kind.STRING), Key.of("port", Kind.INT),
                        Key.of("hostCert", Kind.STRING), Key.of("hostKey", Kind.STRING),
                        Key.of("caPath", Kind.STRING), Key.of("serviceExperiment", Kind.STRING),
                        Key.of("serviceRole", Kind.STRING), Key.of("serviceKerberosPrincipal", Kind.STRING),
                        Key.of("serviceKeytabPath", Kind.STRING), Key.of("vaultServer", Kind.STRING))),
                Key.of("ORIG_HTGETTOKENOPTS", Kind.STRING),
                Key.of("htgettokenopts", Kind.STRING),
                Key.of("storerConcurrency", Kind.POSITIVE_INT),
                Key.of("maxConcurrentProcesses", Kind.POSITIVE_INT),
                Key.of(CheckSettings.STALE_TOKEN_AGE_KEY, Kind.DURATION),
                Key.of("collectorHost", Kind.NO_EFFECT),
                Key.named("experiments", EXPERIMENT)));
        for (String flag : FLAG_NAMES) {
            top.add(Key.of(flag, Kind.FLAG));
        }
        TOP = Section.of("at the top level", top.toArray(Key[]::new));
    }

    /** Every section, to tell an operator where a misplaced key belongs. */
    static final List<Section> ALL = List.of(TOP, EXPERIMENT, ROLE, WORKER, LOG_FILES, NOTIFICATIONS, TIMEOUT_KEYS);

    private ConfigSchema() {}
}
