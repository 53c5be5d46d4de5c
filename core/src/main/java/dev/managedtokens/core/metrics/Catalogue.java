package dev.managedtokens.core.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every metric of the Go service, registered in one registry. Both Go executables link the worker and notification
 * libraries, so both registries hold the whole catalogue; as in Go, a labelled metric that was never set is not
 * exported, while the unlabelled ones ({@code ferry_request_*}, the service email histogram) are exported empty.
 * Names, help strings and bucket layouts are the Go service's, verbatim: dashboards and alert rules depend on them.
 */
final class Catalogue {

    static final String NAMESPACE = "managed_tokens_";

    /**
     * The Go executables each register their own {@code stage_duration_seconds}, and their help texts differ
     * (token-push's lacks "of a"). The Pushgateway accepts both, one per group, and picks one help text when it
     * exposes the family, as it did for the Go service.
     */
    static final String TOKEN_PUSH_STAGE_HELP =
            "The amount of time it took to run a stage Managed Tokens Service executable";

    static final String REFRESH_UIDS_STAGE_HELP =
            "The amount of time it took to run a stage of a Managed Tokens Service executable";

    // Executable level (cmd/token-push, cmd/refresh-uids-from-ferry).
    final Gauge stageDuration;
    final Gauge failedServicesPushCount = gauge(
            "failed_services_push_count", "The number of services for which pushing tokens failed in the last round");
    final Gauge lastFerryRefresh = gauge(
            "last_ferry_refresh",
            "The timestamp of the last successful refresh of the username --> UID table from FERRY for the Managed "
                    + "Tokens Service");

    // Kerberos.
    final Gauge kinitDuration = gauge(
            "kinit_duration_seconds",
            "Duration (in seconds) for a kerberos ticket to be created from the service principal",
            "service");
    final Gauge failedKinitCount = gauge(
            "failed_kinit_count",
            "The number of times the Managed Tokens Service failed to create a kerberos ticket from the service "
                    + "principal",
            "service");

    // Vault tokens: got with htgettoken only.
    final Gauge lastTokenGetTimestamp = gauge(
            "last_token_get_timestamp",
            "The timestamp of the last successful obtaining of a service vault token that was not stored in a condor "
                    + "credd by the Managed Tokens Service",
            "service");
    final Gauge tokenGetDuration =
            gauge("token_get_duration_seconds", "Duration (in seconds) for a vault token to be obtained", "service");
    final Gauge failedVaultTokenGetCount = gauge(
            "failed_vault_token_get_count",
            "The number of times the Managed Tokens Service failed to get a vault token",
            "service");

    // Vault tokens: stored in credds.
    final Gauge lastTokenStoreTimestamp = gauge(
            "last_token_store_timestamp",
            "The timestamp of the last successful store of a service vault token in a condor credd by the Managed "
                    + "Tokens Service",
            "service",
            "credd");
    final Gauge tokenStoreDuration = gauge(
            "token_store_duration_seconds",
            "Duration (in seconds) for a vault token to get stored in a condor credd",
            "service",
            "credd");
    final Gauge failedVaultTokenStoreCount = gauge(
            "failed_vault_token_store_count",
            "The number of times the Managed Tokens Service failed to store a vault token in a condor credd",
            "service",
            "credd");

    // Ping.
    final Histogram pingDuration = histogram("ping_duration_seconds", "Duration (in seconds) to ping a node", "node");
    final Gauge failedPingCount =
            gauge("failed_ping_count", "The number of times the Managed Tokens Service failed to ping a node", "node");

    // Push.
    final Gauge lastTokenPushTimestamp = gauge(
            "last_token_push_timestamp",
            "The timestamp of the last successful push of a service vault token to an interactive node by the "
                    + "Managed Tokens Service",
            "service",
            "node");
    final Gauge tokenPushDuration = gauge(
            "token_push_duration_seconds",
            "Duration (in seconds) for a vault token to get pushed to a node",
            "service",
            "node");
    final Gauge failedTokenPushCount = gauge(
            "failed_token_push_count",
            "The number of times the Managed Tokens service failed to push a token to an interactive node",
            "service",
            "node");

    // Notifications: the database's error counts and the sending itself.
    final Gauge currentSetupErrorCount = gauge(
            "current_setup_error_count",
            "Count of how many consecutive setup errors there have been for a single service",
            "service");
    final Gauge currentPushErrorCount = gauge(
            "current_push_error_count",
            "Count of how many consecutive push errors there have been for a single service/node combination",
            "service",
            "node");
    final Gauge serviceErrorEmailLastSentTimestamp = gauge(
            "service_error_email_last_sent_timestamp",
            "Last time managed tokens service attempted to send an service error notification",
            "service",
            "success");
    final Histogram serviceErrorEmailSendDuration = histogram(
            "service_error_email_send_duration_seconds",
            "Time in seconds it took to successfully send an service error email");
    final Gauge adminErrorEmailLastSentTimestamp = gauge(
            "admin_error_email_last_sent_timestamp",
            "Last time managed tokens service attempted to send an admin error notification",
            "notification_type",
            "success");
    final Gauge adminErrorEmailSendDuration = gauge(
            "admin_error_email_send_duration_seconds",
            "Time in seconds it took to successfully send an admin error email",
            "notification_type");

    // FERRY requests (refresh-uids-from-ferry; token-push exports them empty, as the Go service does).
    final Histogram ferryRequestDuration = histogram(
            "ferry_request_duration_seconds",
            "The amount of time it took in seconds to make a request to FERRY and receive the response");
    final Gauge ferryRequestErrorCount =
            gauge("ferry_request_error_count", "The number of requests to FERRY that failed");

    final PrometheusRegistry registry;

    /** @param stageDurationHelp the help text the executable's own {@code stage_duration_seconds} has in Go */
    Catalogue(String stageDurationHelp) {
        this.stageDuration = gauge("stage_duration_seconds", stageDurationHelp, "executable", "stage");
        this.registry = new PrometheusRegistry();
        for (var metric : java.util.List.of(
                stageDuration,
                failedServicesPushCount,
                kinitDuration,
                failedKinitCount,
                lastTokenGetTimestamp,
                tokenGetDuration,
                failedVaultTokenGetCount,
                lastTokenStoreTimestamp,
                tokenStoreDuration,
                failedVaultTokenStoreCount,
                pingDuration,
                failedPingCount,
                lastTokenPushTimestamp,
                tokenPushDuration,
                failedTokenPushCount,
                currentSetupErrorCount,
                currentPushErrorCount,
                serviceErrorEmailLastSentTimestamp,
                serviceErrorEmailSendDuration,
                adminErrorEmailLastSentTimestamp,
                adminErrorEmailSendDuration,
                ferryRequestDuration,
                ferryRequestErrorCount)) {
            registry.register(metric);
        }
    }

    /** {@code last_ferry_refresh} is refresh-uids-from-ferry's own: token-push's registry does not hold it. */
    void registerFerryRefresh() {
        registry.register(lastFerryRefresh);
    }

    private static Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder()
                .name(NAMESPACE + name)
                .help(help)
                .labelNames(labels)
                .withoutExemplars()
                .build();
    }

    /** Go's {@code prometheus.DefBuckets} (.005 … 10), classic buckets only, which the client's defaults equal. */
    private static Histogram histogram(String name, String help, String... labels) {
        return Histogram.builder()
                .name(NAMESPACE + name)
                .help(help)
                .labelNames(labels)
                .classicOnly()
                .classicUpperBounds(GO_DEFAULT_BUCKETS)
                .withoutExemplars()
                .build();
    }

    static final double[] GO_DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
}
