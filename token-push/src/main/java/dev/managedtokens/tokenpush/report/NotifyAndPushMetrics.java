package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.NotificationPolicy;
import dev.managedtokens.core.config.NotificationTargets;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.notify.NotificationDispatcher;
import dev.managedtokens.notify.NotificationOutcome;
import dev.managedtokens.notify.NotificationRequest;
import dev.managedtokens.notify.NotifierSettings;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.run.RunReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * token-push's report sink: the run's metrics, the service emails and admin email/Slack with the thresholds kept in
 * the database, the notifications' own metrics, then one push of everything to the Pushgateway (after the
 * notifications, so their metrics are pushed too; docs/metrics.md).
 *
 * @param notificationsOff by flag, or onboarding (which turns them off as if by flag, as upstream)
 * @param admin            {@code --admin}: this run's admin address instead of the configured ones
 * @param database         empty when it could not be opened; then {@code databaseProblem} says why, and the admins
 *                         hear of it at once
 */
public record NotifyAndPushMetrics(
        Config config,
        List<ServiceSettings> selected,
        boolean test,
        boolean notificationsOff,
        Optional<String> admin,
        Optional<ManagedTokensDatabase> database,
        String databaseProblem,
        Instant started,
        TokenPushMetrics metrics,
        MetricsPusher pusher,
        Clock clock)
        implements RunReportSink {

    private static final String EXECUTABLE = TokenPushMetrics.EXECUTABLE;

    @Override
    public void accept(RunReport report) {
        long cleanupStart = System.nanoTime();
        RunMetrics.record(report, metrics, clock.instant());
        notify(report);
        metrics.stageDuration("cleanup", Duration.ofNanos(System.nanoTime() - cleanupStart));
        pusher.push(metrics);
    }

    private void notify(RunReport report) {
        NotificationPolicy policy = NotificationPolicy.resolve(config, selected, notificationsOff);
        NotificationTargets admins = config.notifications().forRun(test);
        if (admin.isPresent()) {
            admins = new NotificationTargets(List.of(admin.get()), admins.slackAlertsUrl());
        }
        RunErrors errors = RunNotifications.errors(report);
        if (database.isEmpty()) {
            // Keyed by the executable: not a service, so it reaches the admins at once, without a threshold.
            errors = errors.plus(RunErrors.of(
                    new SetupError(EXECUTABLE, "Could not open or create ManagedTokensDatabase: " + databaseProblem)));
        }
        NotificationOutcome outcome = new NotificationDispatcher(NotifierSettings.fromConfig(config), database)
                .dispatch(NotificationRequest.tokenPush(
                        test, started, admins, policy, RunNotifications.services(selected), errors));
        NotificationMetrics.record(outcome, metrics);
    }
}
