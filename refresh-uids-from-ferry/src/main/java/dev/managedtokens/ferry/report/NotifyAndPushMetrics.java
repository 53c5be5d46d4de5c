package dev.managedtokens.ferry.report;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.NotificationTargets;
import dev.managedtokens.core.metrics.FerryMetrics;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.core.metrics.NotificationType;
import dev.managedtokens.ferry.run.RefreshReport;
import dev.managedtokens.ferry.run.RefreshReportSink;
import dev.managedtokens.notify.Delivery;
import dev.managedtokens.notify.NotificationDispatcher;
import dev.managedtokens.notify.NotificationOutcome;
import dev.managedtokens.notify.NotificationRequest;
import dev.managedtokens.notify.NotifierSettings;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a finished refresh tells the outside: one admin message (email and Slack) listing every failed account and
 * why, then the metrics ({@code last_ferry_refresh}, {@code ferry_request_duration_seconds},
 * {@code ferry_request_error_count}, {@code stage_duration_seconds}) pushed under this executable's group, after
 * the notification so its metrics are included.
 */
public final class NotifyAndPushMetrics implements RefreshReportSink {

    private final Clock clock;
    private final Instant started;

    public NotifyAndPushMetrics(Clock clock, Instant started) {
        this.clock = clock;
        this.started = started;
    }

    @Override
    public void accept(RefreshReport report, Config config) {
        FerryMetrics metrics = new FerryMetrics();
        MetricsPusher pusher = new MetricsPusher(config.prometheus(), config.devEnvironmentLabel());
        pusher.checkReachable();

        report.stageDurations().forEach((stage, d) -> metrics.stageDuration(stage.label(), d));
        report.requestDurations().forEach(metrics::ferryRequestDuration);
        for (long i = 0; i < report.failedRequestCount(); i++) {
            metrics.ferryRequestError();
        }
        report.refreshedAt().ifPresent(metrics::lastFerryRefresh);

        long cleanupStart = System.nanoTime();
        record(notify(report, config), metrics);
        metrics.stageDuration("cleanup", Duration.ofNanos(System.nanoTime() - cleanupStart));
        pusher.push(metrics);
    }

    private NotificationOutcome notify(RefreshReport report, Config config) {
        List<SetupError> errors = report.problems().stream()
                .map(p -> new SetupError(NotificationRequest.REFRESH_UIDS_FROM_FERRY, p))
                .toList();
        NotificationTargets admins = config.notifications().forRun(report.mode().test());
        Optional<String> override = report.mode().adminOverride();
        if (override.isPresent()) {
            admins = new NotificationTargets(List.of(override.get()), admins.slackAlertsUrl());
        }
        NotifierSettings settings = NotifierSettings.fromConfig(config);
        settings = new NotifierSettings(
                settings.email(), settings.smtp(), settings.errorCountToSendMessage(), settings.sendTimeout(), clock);
        return new NotificationDispatcher(settings, Optional.empty())
                .dispatch(NotificationRequest.refreshUids(
                        report.mode().test(),
                        started,
                        admins,
                        report.mode().notificationsDisabled(),
                        new RunErrors(errors, List.of())));
    }

    private static void record(NotificationOutcome outcome, FerryMetrics metrics) {
        for (Delivery d : outcome.deliveries()) {
            NotificationType type = switch (d.channel()) {
                case SLACK -> NotificationType.SLACK_MESSAGE;
                default -> NotificationType.EMAIL;
            };
            metrics.adminNotificationAttempt(type, d.sent(), d.finishedAt());
            metrics.adminNotificationSendDuration(type, d.duration());
        }
    }
}
