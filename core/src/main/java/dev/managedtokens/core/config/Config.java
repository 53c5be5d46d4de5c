package dev.managedtokens.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The whole configuration, read once, with every default of the Go service applied. Per-service values (principal,
 * keytab, options, overrides) are resolved from it by {@link ServiceResolver}; nothing else reads the file.
 *
 * @param file the file it was read from
 * @param devEnvironmentLabel {@code MANAGED_TOKENS_DEV_ENVIRONMENT_LABEL} if non-empty, else {@code devEnvironmentLabel}, else {@code production}
 * @param dbLocation the SQLite file; the default only when the key is absent (an empty value is kept, as in Go)
 * @param errorCountToSendMessage consecutive errors before a service email is sent (docs/notifications.md)
 * @param minTokenLifetime passed verbatim as {@code --vaulttokenminttl=} (not a Go duration: {@code 3d} is fine)
 * @param disableNotifications the global {@code disableNotifications}; per-role overrides are in {@link ServiceSettings}
 * @param timeouts the {@code timeouts} section with defaults
 * @param retries per worker type; an impossible budget is already replaced by no retries for that type
 * @param storerConcurrency new: how many services may run condor_vault_storer at once (default 1, the Go behaviour)
 * @param maxConcurrentProcesses new: process-wide limit on concurrently running external programs (default 32, or 4 x storerConcurrency when that is more)
 * @param htgettokenOpts refresh-uids-from-ferry's top-level {@code htgettokenopts} (JWT mode)
 * @param origHtgettokenOpts {@code HTGETTOKENOPTS} from the environment if non-empty, else config {@code ORIG_HTGETTOKENOPTS} if set
 * @param condorGettokenOpts {@code _condor_SEC_CREDENTIAL_GETTOKEN_OPTS} from the environment, if non-empty
 * @param experiments by config key, sorted
 * @param tree the file as read, for per-service resolution in this package only
 */
public record Config(
        Path file,
        String devEnvironmentLabel,
        String dbLocation,
        int errorCountToSendMessage,
        String minTokenLifetime,
        boolean disableNotifications,
        Timeouts timeouts,
        RetryPolicies retries,
        int storerConcurrency,
        int maxConcurrentProcesses,
        EmailSettings email,
        NotificationSettings notifications,
        PrometheusSettings prometheus,
        LokiSettings loki,
        TracingSettings tracing,
        Map<String, LogFiles> logs,
        FerrySettings ferry,
        Optional<String> htgettokenOpts,
        Optional<String> origHtgettokenOpts,
        Optional<String> condorGettokenOpts,
        SortedMap<String, ExperimentConfig> experiments,
        ConfigTree tree) {

    public static final String PRODUCTION = "production";
    public static final String DEFAULT_DB_LOCATION = "/var/lib/managed-tokens/uid.db";
    public static final String DEFAULT_MIN_TOKEN_LIFETIME = "10s";
    public static final int DEFAULT_STORER_CONCURRENCY = 1;
    public static final int DEFAULT_MAX_CONCURRENT_PROCESSES = 32;

    /**
     * The default process limit: 32, or four slots per concurrent storer when more services store at once. Storers
     * and pushes share the limit; below about three slots per storer the bursts of rsyncs that follow each wave of
     * stores leave the storers waiting for slots (measured in bench/README.md).
     */
    public static int defaultMaxConcurrentProcesses(int storerConcurrency) {
        return Math.max(DEFAULT_MAX_CONCURRENT_PROCESSES, 4 * storerConcurrency);
    }

    /** The environment variables the configuration reads; callers pass them in, nothing here reads the process environment. */
    public static final String ENV_HTGETTOKENOPTS = "HTGETTOKENOPTS";

    public static final String ENV_CONDOR_GETTOKEN_OPTS = "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS";
    public static final String ENV_DEV_ENVIRONMENT_LABEL = "MANAGED_TOKENS_DEV_ENVIRONMENT_LABEL";

    public Config {
        logs = Map.copyOf(logs);
        experiments = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(experiments));
    }

    /** The log files of one executable ({@code token-push}, {@code refresh-uids-from-ferry}). */
    public LogFiles logFiles(String executable) {
        return logs.getOrDefault(executable, LogFiles.NONE);
    }

    /** Every configured service, sorted by configName. */
    public List<ServiceName> services() {
        List<ServiceName> all = new ArrayList<>();
        experiments.values().forEach(e -> all.addAll(e.services()));
        all.sort(null);
        return List.copyOf(all);
    }

    /**
     * refresh-uids-from-ferry's account list: the {@code account} of every role in configName order, {@code ""} for a
     * role without one, duplicates kept (the upsert is idempotent).
     */
    public List<String> accounts() {
        return services().stream().map(s -> ServiceResolver.account(this, s)).toList();
    }
}
