package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigNode.MapNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds {@link Config} from the tree with the Go service's lenient reading: a value that cannot be converted gives
 * the zero value or the default, exactly as viper would. Every key, its conversion and its default come from
 * {@link ConfigKeys}; reporting unreadable values is {@link ConfigValidator}'s job.
 */
final class ConfigReader {

    private final ConfigTree tree;

    private ConfigReader(ConfigTree tree) {
        this.tree = tree;
    }

    static Config read(Path file, ConfigTree tree, Map<String, String> environment) {
        ConfigReader r = new ConfigReader(tree);
        Timeouts timeouts = timeouts(tree);
        int storerConcurrency = r.integer(ConfigKeys.STORER_CONCURRENCY);
        return new Config(
                file,
                nonEmpty(environment.get(Config.ENV_DEV_ENVIRONMENT_LABEL))
                        .orElseGet(() -> r.get(ConfigKeys.DEV_ENVIRONMENT_LABEL)),
                r.get(ConfigKeys.DB_LOCATION),
                r.integer(ConfigKeys.ERROR_COUNT_TO_SEND_MESSAGE),
                r.get(ConfigKeys.MIN_TOKEN_LIFETIME),
                r.get(ConfigKey.of(ConfigKeys.DISABLE_NOTIFICATIONS)),
                timeouts,
                retries(tree, timeouts),
                storerConcurrency,
                ConfigKeys.MAX_CONCURRENT_PROCESSES
                        .value(tree)
                        .map(Long::intValue)
                        .orElseGet(() -> Config.defaultMaxConcurrentProcesses(storerConcurrency)),
                new EmailSettings(
                        r.get(ConfigKeys.EMAIL_FROM), r.get(ConfigKeys.SMTP_HOST), r.integer(ConfigKeys.SMTP_PORT)),
                new NotificationSettings(
                        new NotificationTargets(r.get(ConfigKeys.ADMIN_EMAIL), r.get(ConfigKeys.SLACK_ALERTS_URL)),
                        new NotificationTargets(
                                r.get(ConfigKeys.TEST_ADMIN_EMAIL), r.get(ConfigKeys.TEST_SLACK_ALERTS_URL))),
                new PrometheusSettings(r.get(ConfigKeys.PROMETHEUS_HOST), r.get(ConfigKeys.PROMETHEUS_JOBNAME)),
                new LokiSettings(r.get(ConfigKeys.LOKI_HOST), r.get(ConfigKeys.LOKI_RESPONSE_HEADER_TIMEOUT)),
                new TracingSettings(r.get(ConfigKeys.TRACING_URL)),
                r.logs(),
                new FerrySettings(
                        r.get(ConfigKeys.FERRY_HOST),
                        r.integer(ConfigKeys.FERRY_PORT),
                        r.get(ConfigKeys.FERRY_HOST_CERT),
                        r.get(ConfigKeys.FERRY_HOST_KEY),
                        r.get(ConfigKeys.FERRY_CA_PATH),
                        r.get(ConfigKeys.FERRY_SERVICE_EXPERIMENT),
                        r.get(ConfigKeys.FERRY_SERVICE_ROLE),
                        r.get(ConfigKeys.FERRY_SERVICE_KERBEROS_PRINCIPAL),
                        r.get(ConfigKeys.FERRY_SERVICE_KEYTAB_PATH),
                        r.get(ConfigKeys.FERRY_VAULT_SERVER)),
                ConfigKeys.HTGETTOKENOPTS.value(tree),
                nonEmpty(environment.get(Config.ENV_HTGETTOKENOPTS))
                        .or(() -> ConfigKeys.ORIG_HTGETTOKENOPTS.value(tree)),
                nonEmpty(environment.get(Config.ENV_CONDOR_GETTOKEN_OPTS)),
                r.experiments(),
                tree);
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** A top-level or fixed-section key that has a default. */
    private <T> T get(ConfigKey<T> key) {
        return key.value(tree).orElseThrow();
    }

    /** Go's int of a number key: the configuration holds nothing near the 32-bit limits that would matter. */
    private int integer(ConfigKey<Long> key) {
        return (int) (long) get(key);
    }

    private Map<String, LogFiles> logs() {
        Map<String, LogFiles> out = new TreeMap<>();
        if (tree.node(ConfigKeys.pathOf(ConfigScope.LOGS)).orElse(null) instanceof MapNode logs) {
            for (String executable : logs.entries().keySet()) {
                out.put(
                        executable,
                        new LogFiles(
                                ConfigKeys.LOGFILE.value(tree, executable).orElseThrow(),
                                ConfigKeys.DEBUGFILE.value(tree, executable).orElseThrow()));
            }
        }
        return out;
    }

    private TreeMap<String, ExperimentConfig> experiments() {
        TreeMap<String, ExperimentConfig> out = new TreeMap<>();
        if (!(tree.find(List.of(ConfigKeys.EXPERIMENTS.name())).orElse(null) instanceof MapNode experiments)) {
            return out;
        }
        for (String e : experiments.entries().keySet()) {
            List<String> path = List.of(ConfigKeys.EXPERIMENTS.name(), e);
            String real = ConfigKeys.EXPERIMENT_OVERRIDE
                    .find(tree, path)
                    .filter(s -> !s.isEmpty())
                    .orElse(e);
            List<String> emails = ConfigKeys.EMAILS.value(tree, path).orElseThrow();
            List<String> roles = new ArrayList<>();
            if (tree.find(ConfigScope.append(path, ConfigKeys.ROLES.name())).orElse(null) instanceof MapNode roleMap) {
                roles.addAll(roleMap.entries().keySet());
            }
            roles.sort(null);
            out.put(e, new ExperimentConfig(e, real, emails, roles));
        }
        return out;
    }

    /** Each key of the timeouts section with or without its Timeout suffix; an unreadable value keeps the default. */
    static Timeouts timeouts(ConfigTree tree) {
        Timeouts t = Timeouts.DEFAULTS;
        for (TimeoutKey key : TimeoutKey.values()) {
            t = t.with(key, ConfigKeys.timeout(key).value(tree).orElseThrow());
        }
        return t;
    }

    /** The configured policy of one worker type, before it is checked against the stage timeout. */
    static RetryPolicy configuredRetry(ConfigTree tree, WorkerType type) {
        long retries = ConfigKeys.NUM_RETRIES.value(tree, type.configString()).orElseThrow();
        Duration sleep = ConfigKeys.RETRY_SLEEP.value(tree, type.configString()).orElseThrow();
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
}
