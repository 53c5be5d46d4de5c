package dev.managedtokens.notify;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.notify.admin.AdminErrors;
import dev.managedtokens.notify.admin.AdminMessages;
import dev.managedtokens.notify.email.EmailMessage;
import dev.managedtokens.notify.email.SmtpMailer;
import dev.managedtokens.notify.service.StakeholderEmail;
import dev.managedtokens.notify.slack.SlackWebhook;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run's notifications: counts each service's errors against the threshold in the database, saves the
 * counts, then sends the stakeholder emails, the admin email and the Slack message concurrently within the send
 * timeout. Never throws for a failed send or a database problem: both are logged and returned in the outcome.
 */
public final class NotificationDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final NotifierSettings settings;
    private final Optional<ManagedTokensDatabase> database;

    /**
     * @param database where the consecutive-error counts live; empty (no database, or it could not be opened) turns
     *                 counting off: every error is sent, nothing is saved. It is not closed here.
     */
    public NotificationDispatcher(NotifierSettings settings, Optional<ManagedTokensDatabase> database) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Counts, saves, sends; returns what happened. Never throws: a problem is logged and returned. */
    public NotificationOutcome dispatch(NotificationRequest request) {
        try {
            return countAndSend(request);
        } catch (RuntimeException e) {
            // A bug, not a send failure; the run must still finish with its own exit status.
            LOG.error("Error preparing notifications, none sent: {}", e.toString());
            return new NotificationOutcome(List.of(), List.of(), List.of("notifications not prepared: " + e));
        }
    }

    private NotificationOutcome countAndSend(NotificationRequest request) {
        ErrorRouting.Routed routed = ErrorRouting.route(request, database, settings.errorCountToSendMessage());
        ZonedDateTime started = request.runStarted().atZone(settings.clock().getZone());
        ZonedDateTime now = ZonedDateTime.now(settings.clock());
        SmtpMailer mailer = new SmtpMailer(settings.email(), settings.smtp(), settings.sendTimeout());

        List<ConcurrentSender.Job> jobs = new ArrayList<>();
        routed.stakeholders().forEach((service, table) -> {
            EmailMessage email = new EmailMessage(
                    table.emails(),
                    StakeholderEmail.subject(service, started),
                    StakeholderEmail.body(now, table.messageByNode()));
            jobs.add(new ConcurrentSender.Job(
                    Channel.SERVICE_EMAIL,
                    Optional.of(service),
                    email.to(),
                    email.subject(),
                    "service email for " + service,
                    () -> mailer.send(email)));
        });
        if (!request.policy().adminBlocked()) {
            jobs.addAll(adminJobs(request, routed.admin(), mailer, started, now));
        }

        List<Delivery> deliveries = ConcurrentSender.sendAll(jobs, settings.sendTimeout(), settings.clock());
        if (deliveries.stream().anyMatch(d -> !d.sent())) {
            LOG.error(
                    "Error sending notifications: {} of {} messages not sent; see the lines above",
                    deliveries.stream().filter(d -> !d.sent()).count(),
                    deliveries.size());
        }
        return new NotificationOutcome(deliveries, routed.gauges(), routed.problems());
    }

    private List<ConcurrentSender.Job> adminJobs(
            NotificationRequest request,
            AdminErrors admin,
            SmtpMailer mailer,
            ZonedDateTime started,
            ZonedDateTime now) {
        List<ConcurrentSender.Job> jobs = new ArrayList<>();
        String slackUrl = request.admins().slackAlertsUrl() == null
                ? ""
                : request.admins().slackAlertsUrl().strip();
        SortedMap<String, AdminErrors.KeyErrors> errors = admin.byKey();
        if (errors.isEmpty()) {
            if (request.testMode() && !slackUrl.isEmpty()) {
                jobs.add(slackJob(slackUrl, AdminMessages.TEST_SUCCESS));
            }
            return jobs;
        }
        List<String> adminEmails = request.admins().adminEmails();
        if (!adminEmails.isEmpty()) {
            EmailMessage email = new EmailMessage(
                    adminEmails, AdminMessages.subject(started), AdminMessages.full(request.operation(), now, errors));
            jobs.add(new ConcurrentSender.Job(
                    Channel.ADMIN_EMAIL,
                    Optional.empty(),
                    email.to(),
                    email.subject(),
                    "admin email",
                    () -> mailer.send(email)));
        } else {
            LOG.warn("No admin_email configured; the admin email is not sent");
        }
        if (!slackUrl.isEmpty()) {
            jobs.add(slackJob(slackUrl, AdminMessages.abridged(request.operation(), now, errors)));
        }
        return jobs;
    }

    private ConcurrentSender.Job slackJob(String url, String text) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new ConcurrentSender.Job(
                    Channel.SLACK, Optional.empty(), List.of("(invalid webhook URL)"), "", "slack message", () -> {
                        throw new IllegalArgumentException("cannot send Slack message: slack_alerts_url is not a URL;"
                                + " set it to the incoming webhook's URL");
                    });
        }
        SlackWebhook webhook = new SlackWebhook(uri, settings.sendTimeout());
        return new ConcurrentSender.Job(
                Channel.SLACK,
                Optional.empty(),
                List.of(webhook.target()),
                "",
                "slack message",
                () -> webhook.post(text));
    }
}
