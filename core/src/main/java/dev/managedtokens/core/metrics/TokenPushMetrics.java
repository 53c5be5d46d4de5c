package dev.managedtokens.core.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * token-push's metrics, one method per metric of the catalogue (docs/metrics.md). {@code service} is the
 * service name {@code <experiment>_<role>} the Go workers use ({@code ServiceName.name()}), except for the
 * notification metrics, which are keyed by the config name like the notifications themselves.
 */
public final class TokenPushMetrics extends ExecutableMetrics {

    public static final String EXECUTABLE = "token-push";

    public TokenPushMetrics() {
        super(EXECUTABLE, Catalogue.TOKEN_PUSH_STAGE_HELP);
    }

    /** {@code managed_tokens_failed_services_push_count}: services that did not succeed, set at cleanup. */
    public void failedServicesPushCount(int services) {
        catalogue.failedServicesPushCount.set(services);
    }

    /** {@code managed_tokens_kinit_duration_seconds{service}}: kinit plus klist, on success. */
    public void kinitDuration(String service, Duration duration) {
        catalogue.kinitDuration.labelValues(service).set(seconds(duration));
    }

    /** {@code managed_tokens_failed_kinit_count{service}} + 1: kinit or klist failed. */
    public void failedKinit(String service) {
        catalogue.failedKinitCount.labelValues(service).inc();
    }

    /** {@code managed_tokens_last_token_get_timestamp} and {@code token_get_duration_seconds{service}}: htgettoken succeeded. */
    public void tokenGot(String service, Instant at, Duration duration) {
        catalogue.lastTokenGetTimestamp.labelValues(service).set(unixSeconds(at));
        catalogue.tokenGetDuration.labelValues(service).set(seconds(duration));
    }

    /** {@code managed_tokens_failed_vault_token_get_count{service}} + 1. */
    public void failedTokenGet(String service) {
        catalogue.failedVaultTokenGetCount.labelValues(service).inc();
    }

    /** {@code managed_tokens_last_token_store_timestamp} and {@code token_store_duration_seconds{service, credd}}. */
    public void tokenStored(String service, String credd, Instant at, Duration duration) {
        catalogue.lastTokenStoreTimestamp.labelValues(service, credd).set(unixSeconds(at));
        catalogue.tokenStoreDuration.labelValues(service, credd).set(seconds(duration));
    }

    /** {@code managed_tokens_failed_vault_token_store_count{service, credd}} + 1. */
    public void failedTokenStore(String service, String credd) {
        catalogue.failedVaultTokenStoreCount.labelValues(service, credd).inc();
    }

    /** {@code managed_tokens_ping_duration_seconds{node}}: observed for each successful ping. */
    public void pingDuration(String node, Duration duration) {
        catalogue.pingDuration.labelValues(node).observe(seconds(duration));
    }

    /** {@code managed_tokens_failed_ping_count{node}} + 1. */
    public void failedPing(String node) {
        catalogue.failedPingCount.labelValues(node).inc();
    }

    /** {@code managed_tokens_token_push_duration_seconds{service, node}}: any successful push; the last one wins. */
    public void tokenPushDuration(String service, String node, Duration duration) {
        catalogue.tokenPushDuration.labelValues(service, node).set(seconds(duration));
    }

    /** {@code managed_tokens_last_token_push_timestamp{service, node}}: only when every push of the service succeeded. */
    public void tokenPushed(String service, String node, Instant at) {
        catalogue.lastTokenPushTimestamp.labelValues(service, node).set(unixSeconds(at));
    }

    /** {@code managed_tokens_failed_token_push_count{service, node}} + 1: one failed vault-token file push. */
    public void failedTokenPush(String service, String node) {
        catalogue.failedTokenPushCount.labelValues(service, node).inc();
    }

    /** {@code managed_tokens_current_setup_error_count{service}}: the database's count after adjustment (configName). */
    public void currentSetupErrorCount(String service, int count) {
        catalogue.currentSetupErrorCount.labelValues(service).set(count);
    }

    /** {@code managed_tokens_current_push_error_count{service, node}}: the database's count after adjustment. */
    public void currentPushErrorCount(String service, String node, int count) {
        catalogue.currentPushErrorCount.labelValues(service, node).set(count);
    }

    /** {@code managed_tokens_service_error_email_last_sent_timestamp{service, success}}: after every attempt. */
    public void serviceEmailAttempt(String service, boolean success, Instant at) {
        catalogue
                .serviceErrorEmailLastSentTimestamp
                .labelValues(service, Boolean.toString(success))
                .set(unixSeconds(at));
    }

    /** {@code managed_tokens_service_error_email_send_duration_seconds}: observed after a successful service email. */
    public void serviceEmailSendDuration(Duration duration) {
        catalogue.serviceErrorEmailSendDuration.observe(seconds(duration));
    }
}
