package dev.managedtokens.core.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One run's metrics registry and what both executables record in it: stage durations and the admin notification
 * metrics. Each run is a new process with a new registry, so every "count" is the count of this run.
 */
public abstract sealed class ExecutableMetrics permits TokenPushMetrics, FerryMetrics, CheckMetrics {

    final Catalogue catalogue;
    private final String executable;

    ExecutableMetrics(String executable, String stageDurationHelp) {
        this.catalogue = new Catalogue(stageDurationHelp);
        this.executable = executable;
    }

    /** {@code token-push} or {@code refresh-uids-from-ferry}: the {@code executable} label and grouping key. */
    public String executable() {
        return executable;
    }

    public PrometheusRegistry registry() {
        return catalogue.registry;
    }

    /** {@code managed_tokens_stage_duration_seconds{executable, stage}}. */
    public void stageDuration(String stage, Duration duration) {
        catalogue.stageDuration.labelValues(executable, stage).set(seconds(duration));
    }

    /** {@code managed_tokens_admin_error_email_last_sent_timestamp{notification_type, success}}: after every attempt. */
    public void adminNotificationAttempt(NotificationType type, boolean success, Instant at) {
        catalogue
                .adminErrorEmailLastSentTimestamp
                .labelValues(type.label(), Boolean.toString(success))
                .set(unixSeconds(at));
    }

    /** {@code managed_tokens_admin_error_email_send_duration_seconds{notification_type}}: after a successful send. */
    public void adminNotificationSendDuration(NotificationType type, Duration duration) {
        catalogue.adminErrorEmailSendDuration.labelValues(type.label()).set(seconds(duration));
    }

    /** The registry in the Prometheus text format, as it would be pushed. */
    public String scrapeText() {
        return new String(exposition(), StandardCharsets.UTF_8);
    }

    byte[] exposition() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, catalogue.registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Go's {@code SetToCurrentTime}: Unix time in seconds, with the fraction. */
    static double unixSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
