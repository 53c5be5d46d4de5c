package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.metrics.NotificationType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.notify.Delivery;
import dev.managedtokens.notify.ErrorCountGauge;
import dev.managedtokens.notify.NotificationOutcome;

/**
 * Records what the notifications did: the error-count gauges and the send timestamps and durations. The Go service
 * set these after pushing its metrics, so they never reached the Pushgateway; we push after this (docs/metrics.md).
 */
final class NotificationMetrics {

    private NotificationMetrics() {}

    public static void record(NotificationOutcome outcome, TokenPushMetrics metrics) {
        for (ErrorCountGauge g : outcome.gauges()) {
            if (g.node().isPresent()) {
                metrics.currentPushErrorCount(g.service(), g.node().get(), g.count());
            } else {
                metrics.currentSetupErrorCount(g.service(), g.count());
            }
        }
        for (Delivery d : outcome.deliveries()) {
            switch (d.channel()) {
                case SERVICE_EMAIL -> {
                    metrics.serviceEmailAttempt(d.service().orElse(""), d.sent(), d.finishedAt());
                    metrics.serviceEmailSendDuration(d.duration());
                }
                case ADMIN_EMAIL -> {
                    metrics.adminNotificationAttempt(NotificationType.EMAIL, d.sent(), d.finishedAt());
                    metrics.adminNotificationSendDuration(NotificationType.EMAIL, d.duration());
                }
                case SLACK -> {
                    metrics.adminNotificationAttempt(NotificationType.SLACK_MESSAGE, d.sent(), d.finishedAt());
                    metrics.adminNotificationSendDuration(NotificationType.SLACK_MESSAGE, d.duration());
                }
            }
        }
    }
}
