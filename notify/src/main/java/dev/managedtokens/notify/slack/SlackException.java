package dev.managedtokens.notify.slack;

/** A Slack message the webhook did not accept; the message is one line and never contains the webhook's secret path. */
public final class SlackException extends Exception {

    public SlackException(String message, Throwable cause) {
        super(message, cause);
    }

    public SlackException(String message) {
        super(message);
    }
}
