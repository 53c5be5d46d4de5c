package dev.managedtokens.notify;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.EmailSettings;
import dev.managedtokens.notify.email.SmtpSecurity;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How notifications are sent.
 *
 * @param email {@code email.from}, {@code email.smtpHost}, {@code email.smtpPort}
 * @param smtp TLS and login beyond the Go service's keys ({@link SmtpSecurity#GO_DEFAULT} is the Go behaviour)
 * @param errorCountToSendMessage the threshold T: an error reaches its recipients when its service's consecutive
 *                                count reaches T (0 and 1: every error)
 * @param sendTimeout bounds all the sending of one dispatch, which runs concurrently; a message not done by then is
 *                    abandoned and reported as not sent
 * @param clock gives the message timestamps and their zone
 */
public record NotifierSettings(
        EmailSettings email, SmtpSecurity smtp, int errorCountToSendMessage, Duration sendTimeout, Clock clock) {

    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    public NotifierSettings {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(clock, "clock");
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be positive, got " + sendTimeout);
        }
    }

    /** The Go service's behaviour from the configuration, with the default send timeout and the system clock. */
    public static NotifierSettings fromConfig(Config config) {
        return new NotifierSettings(
                config.email(),
                SmtpSecurity.GO_DEFAULT,
                config.errorCountToSendMessage(),
                DEFAULT_SEND_TIMEOUT,
                Clock.systemDefaultZone());
    }
}
