package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigNode.MapNode;
import dev.managedtokens.core.config.ConfigNode.ScalarNode;
import dev.managedtokens.core.text.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds {@link Config} from the tree with the Go service's lenient reading: a value that cannot be converted gives
 * the zero value or the default, exactly as viper would. Reporting those values is {@link ConfigValidator}'s job.
 */
final class ConfigReader {

    private final ConfigTree tree;

    private ConfigReader(ConfigTree tree) {
        this.tree = tree;
    }

    static Config read(Path file, ConfigTree tree, Map<String, String> environment) {
        ConfigReader r = new ConfigReader(tree);
        Timeouts timeouts = timeouts(tree);
        return new Config(
                file,
                nonEmpty(environment.get(Config.ENV_DEV_ENVIRONMENT_LABEL))
                        .orElseGet(() -> r.optionalString("devEnvironmentLabel").orElse(Config.PRODUCTION)),
                r.optionalString("dbLocation").orElse(Config.DEFAULT_DB_LOCATION),
                (int) r.integer("errorCountToSendMessage", 0),
                r.optionalString("minTokenLifetime").orElse(Config.DEFAULT_MIN_TOKEN_LIFETIME),
                r.bool("disableNotifications"),
                timeouts,
                retries(tree, timeouts),
                (int) r.integer("storerConcurrency", Config.DEFAULT_STORER_CONCURRENCY),
                (int) r.integer("maxConcurrentProcesses", Config.defaultMaxConcurrentProcesses(
                        (int) r.integer("storerConcurrency", Config.DEFAULT_STORER_CONCURRENCY))),
                new EmailSettings(r.string("email.from"), r.string("email.smtpHost"),
                        (int) r.integer("email.smtpPort", 0)),
                new NotificationSettings(
                        r.targets("notifications", List.of(NotificationSettings.DEFAULT_ADMIN_EMAIL)),
                        r.targets("notifications_test", List.of())),
                new PrometheusSettings(r.string("prometheus.host"), r.string("prometheus.jobname")),
                new LokiSettings(r.string("loki.host"),
                        r.optionalString("loki.response_header_timeout").flatMap(GoDuration::tryParse)
                                .orElse(LokiSettings.DEFAULT_RESPONSE_HEADER_TIMEOUT)),
                new TracingSettings(r.string("tracing.url")),
                r.logs(),
                new FerrySettings(r.string("ferry.host"), (int) r.integer("ferry.port", 0),
                        r.string("ferry.hostCert"), r.string("ferry.hostKey"), r.string("ferry.caPath"),
                        r.string("ferry.serviceExperiment"), r.string("ferry.serviceRole"),
                        r.string("ferry.serviceKerberosPrincipal"), r.string("ferry.serviceKeytabPath"),
                        r.string("ferry.vaultServer")),
                r.optionalString("htgettokenopts"),
                nonEmpty(environment.get(Config.ENV_HTGETTOKENOPTS))
                        .or(() -> r.optionalString("ORIG_HTGETTOKENOPTS")),
                nonEmpty(environment.get(Config.ENV_CONDOR_GETTOKEN_OPTS)),
                r.experiments(),
                tree);
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private Optional<String> optionalString(String path) {
        return tree.find(path).map(n -> Cast.string(n).value());
    }

    private String string(String path) {
        return optionalString(path).orElse("");
    }

    private long integer(String path, long dflt) {
        return tree.find(path).map(n -> Cast.integer(n).value()).orElse(dflt);
    }

    private boolean bool(String path) {
        return tree.find(path).map(n -> Cast.bool(n).value()).orElse(false);
    }

    private NotificationTargets targets(String section, List<String> defaultAdmins) {
        List<String> admins = tree.find(section + ".admin_email").map(n -> Cast.stringList(n).value())
                .orElse(defaultAdmins);
        return new NotificationTargets(admins, string(section + ".SLACK_ALERTS_URL"));
    }

    private Map<String, LogFiles> logs() {
        Map<String, LogFiles> out = new TreeMap<>();
        if (tree.find("logs").orElse(null) instanceof MapNode logs) {
            for (String executable : logs.entries().keySet()) {
                out.put(executable, new LogFiles(string("logs." + executable + ".logfile"),
                        string("logs." + executable + ".debugfile")));
            }
        }
        return out;
    }

    private TreeMap<String, ExperimentConfig> experiments() {
        TreeMap<String, ExperimentConfig> out = new TreeMap<>();
        if (!(tree.find("experiments").orElse(null) instanceof MapNode experiments)) {
            return out;
        }
        for (String e : experiments.entries().keySet()) {
            List<String> path = List.of("experiments", e);
            String real = tree.find(List.of("experiments", e, "experimentOverride"))
                    .map(n -> Cast.string(n).value()).filter(s -> !s.isEmpty()).orElse(e);
            List<String> emails = tree.find(List.of("experiments", e, "emails"))
                    .map(n -> Cast.stringList(n).value()).orElse(List.of());
            List<String> roles = new ArrayList<>();
            if (tree.find(List.of("experiments", e, "roles")).orElse(null) instanceof MapNode roleMap) {
                roles.addAll(roleMap.entries().keySet());
            }
            roles.sort(null);
            out.put(path.get(1), new ExperimentConfig(e, real, emails, roles));
        }
        return out;
    }

    /** §2.8: each key without its {@code timeout} suffix; unparsable values keep the default, as Go does. */
    static Timeouts timeouts(ConfigTree tree) {
        Timeouts t = Timeouts.DEFAULTS;
        if (tree.find("timeouts").orElse(null) instanceof MapNode map) {
            for (ConfigNode.Entry entry : map.entries().values()) {
                Optional<TimeoutKey> key = TimeoutKey.fromMapKey(entry.key());
                Optional<Duration> value = durationText(entry.value()).flatMap(GoDuration::tryParse);
                if (key.isPresent() && value.isPresent()) {
                    t = t.with(key.get(), value.get());
                }
            }
        }
        return t;
    }

    /** A Go duration must be written as text; a bare number has no unit. */
    static Optional<String> durationText(ConfigNode node) {
        return node instanceof ScalarNode s && s.value() instanceof String str ? Optional.of(str) : Optional.empty();
    }

    /** The configured policy of one worker type, before it is checked against the stage timeout. */
    static RetryPolicy configuredRetry(ConfigTree tree, WorkerType type) {
        List<String> base = List.of("workerType", type.configString().toLowerCase(Locale.ROOT));
        long retries = tree.find(append(base, "numRetries")).map(n -> Cast.wholeNumber(n).value()).orElse(0L);
        Duration sleep = tree.find(append(base, "retrySleep")).flatMap(ConfigReader::durationText)
                .flatMap(GoDuration::tryParse).orElse(Duration.ZERO);
        int n = (int) Math.max(0, Math.min(retries, Integer.MAX_VALUE));
        return new RetryPolicy(n, sleep);
    }

    /** Per worker type: a budget that does not fit its stage timeout becomes no retries for that type only. */
    static RetryPolicies retries(ConfigTree tree, Timeouts timeouts) {
        Map<WorkerType, RetryPolicy> out = new EnumMap<>(WorkerType.class);
        for (WorkerType w : WorkerType.values()) {
            RetryPolicy p = configuredRetry(tree, w);
            out.put(w, p.fitsWithin(timeouts.get(w.stageTimeoutKey())) ? p : RetryPolicy.NONE);
        }
        return new RetryPolicies(out);
    }

    static List<String> append(List<String> base, String last) {
        List<String> out = new ArrayList<>(base);
        out.add(last);
        return out;
    }
}
