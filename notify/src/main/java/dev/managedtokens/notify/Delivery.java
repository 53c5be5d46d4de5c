package dev.managedtokens.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message and what became of it: the data of the notification metrics.
 *
 * @param channel which kind of message
 * @param service the configName for {@link Channel#SERVICE_EMAIL}, empty for the admin channels
 * @param recipients the email addresses, or for Slack the webhook's scheme and host only (its path is a secret)
 * @param subject the email subject; for Slack empty
 * @param sent whether the server accepted it (Slack: HTTP 200)
 * @param failure one line saying why not, when not sent (already logged)
 * @param finishedAt when the attempt ended: the {@code *_last_sent_timestamp} value
 * @param duration how long the attempt took: the {@code *_send_duration_seconds} value (recorded only when sent)
 */
public record Delivery(
        Channel channel,
        Optional<String> service,
        List<String> recipients,
        String subject,
        boolean sent,
        Optional<String> failure,
        Instant finishedAt,
        Duration duration) {

    public Delivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(service, "service");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(duration, "duration");
    }

    /** The {@code success} label: {@code "true"} or {@code "false"}. */
    public String successLabel() {
        return Boolean.toString(sent);
    }
}
